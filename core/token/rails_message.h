// What Rails's signed and encrypted cookie jars share (actionpack/activesupport 6.1.7):
//
//  - ActiveSupport::KeyGenerator: every key is PBKDF2-HMAC(secret_key_base, salt, 1000
//    iterations, size) — SHA-1 in Rails 6.1, SHA-256 with Rails 7.0's defaults (--digest sha256).
//  - ActiveSupport::Messages::Metadata: since Rails 6.0 a cookie's serialized value travels in the
//    envelope {"_rails":{"message":BASE64(serialized),"exp":ISO8601|null,"pur":"cookie.NAME"}};
//    a message without it is taken as is (no purpose, no expiry).
//  - The cookie jar's reading rule (AbstractCookieJar#[]): the purpose must be "cookie.NAME" or
//    empty, and an expiry must lie in the future.
//  - The serializers: JSON (ActiveSupport::JSON, Rails's default for new apps) and Marshal,
//    told apart by Marshal's "\x04\x08" signature as the :hybrid serializer does.
//  - ActiveSupport::JSON.encode, byte for byte, for signing.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/crypto/digest.h"
#include "core/token/codec.h"
#include "core/token/json_style.h"

namespace knox::token::rails {

inline constexpr unsigned kKeyIterations = 1000;
inline constexpr std::string_view kSignedCookieSalt = "signed cookie";
inline constexpr std::string_view kAuthenticatedEncryptedCookieSalt =
    "authenticated encrypted cookie";
inline constexpr std::string_view kEncryptedCookieSalt = "encrypted cookie";
inline constexpr std::string_view kEncryptedSignedCookieSalt = "signed encrypted cookie";

// KeyGenerator#generate_key(salt, size) for `secret_key_base`.
Result<std::string> DeriveKey(crypto::Digest digest, std::string_view secret_key_base,
                              std::string_view salt, size_t size);

// A message as Metadata.verify sees it.
struct Message {
  std::string serialized;              // the serializer's bytes
  bool has_envelope = false;           // the "_rails" envelope was there
  std::optional<std::string> purpose;  // "pur" as Ruby's to_s would give it; unset for nil
  std::optional<int64_t> expires_ms;   // "exp", Unix milliseconds
};

// Metadata.extract_metadata: kMalformed where Rails raises or refuses (an envelope whose message
// is not strict base64, an "exp" that is not an ISO 8601 time), kLimitExceeded past `limits`.
Result<Message> Unwrap(std::string_view bytes, const Limits& limits);

// The cookie jar's rule for cookie `cookie_name` at `now_ms`: kBadSignature when the message was
// made for another purpose (an empty `cookie_name` accepts any purpose: knox's documented
// leniency when the name is not known), kExpired past "exp".
Result<void> CheckPurposeAndExpiry(const Message& message, std::string_view cookie_name,
                                   int64_t now_ms);

// Metadata.wrap: `serialized` itself without purpose and expiry, else the envelope.
std::string Wrap(std::string_view serialized, std::optional<int64_t> expires_ms,
                 std::optional<std::string_view> purpose);

// The serialized value as JSON (Marshal rendered as in ruby_marshal_json.h) and the serializer's
// name ("JSON" or "Marshal"). kMalformed when neither reads it.
struct Value {
  std::string json;
  std::string serializer;
};
Result<Value> Deserialize(std::string_view serialized, const Limits& limits);

// ActiveSupport::JSON.encode(value): compact, '<' '>' '&' U+2028 U+2029 escaped as \uXXXX,
// other non-ASCII as UTF-8, floats as Ruby's Float#to_s, non-finite floats as null.
std::string ActiveSupportJson(const Json& value);

// Time#utc.iso8601(3) of Unix milliseconds, e.g. "2026-12-02T21:14:22.123Z".
std::string Iso8601Millis(int64_t ms);

// Time.iso8601 (Ruby's xmlschema grammar) as Unix milliseconds; a time without a zone is taken
// as UTC (Ruby takes the server's local zone). kMalformed otherwise.
Result<int64_t> ParseIso8601(std::string_view text);

// The envelope's metadata when signing with `options`: purpose "cookie.NAME" with --cookie-name
// (cookies_with_metadata, Rails 6.0+), expiry at --expires (cookies.signed[NAME] = {value:,
// expires: TIME}).
struct SignMetadata {
  std::optional<int64_t> expires_ms;
  std::optional<std::string> purpose;
};
SignMetadata SignMetadataFor(const Options& options);

// The checks every Rails signer makes of its options: kInvalidArgument for no secret or an
// unsupported key-generator digest.
Result<crypto::Digest> KeyDigestFor(const Options& options, std::string_view format);

// Ruby's String#split("--") as MessageVerifier and MessageEncryptor use it: the parts between
// separators, trailing empty parts dropped.
std::vector<std::string_view> SplitDashes(std::string_view text);

// Whether `bytes` is well-formed UTF-8 (String#valid_encoding? of a UTF-8 string).
bool ValidUtf8(std::string_view bytes);

}  // namespace knox::token::rails
