// Signed-token formats (DESIGN §4 "token", §7 format list).
//
// A Codec is one format (itsdangerous, flask, express, jwt, ...): stateless, registered by name in
// registry.h. Given Options (keys, salt, digest, ...), Codec::NewSigner validates them and returns
// a Signer with every key-dependent value precomputed (derived keys, HMAC pads), so that Sign and
// Verify do only per-token work. A Signer is immutable and safe to share between threads.
//
// Verification reproduces the real library's accept/reject behaviour exactly, leniencies included
// (docs/formats.md lists them); with Options::strict, knox rejects the non-canonical encodings the
// library would accept. Decode reads what a token reveals without any key (for `knox token decode`
// and the auditor) and never claims authenticity.
//
// Errors: kInvalidArgument (bad options), kMalformed (not this format / undecodable),
// kBadSignature (no key verifies it), kExpired (age rule of the library), kLimitExceeded (a limit
// below was hit). Messages never include keys or whole tokens.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/crypto/digest.h"
#include "core/crypto/secret_bytes.h"
#include "core/token/format_traits.h"
#include "core/token/mac_plan.h"
#include "core/token/public_keys.h"

namespace knox::token {

// How itsdangerous (and compatible formats) turn secret + salt into the HMAC key.
enum class KeyDerivation {
  kDjangoConcat,  // H(salt + "signer" + secret)   (itsdangerous default; Django's salted_hmac)
  kConcat,        // H(salt + secret)
  kHmac,          // HMAC(secret, salt)            (Flask)
  kNone,          // secret
};
std::string_view KeyDerivationName(KeyDerivation k);
Result<KeyDerivation> ParseKeyDerivation(std::string_view name);

struct Limits {
  size_t max_token_bytes = size_t{64} * 1024;
  size_t max_decompressed_bytes = size_t{1024} * 1024;
  int max_json_depth = 64;
};

// Everything a format may need. Unset optionals mean "the library's default for this format".
struct Options {
  // Signing uses `secrets.back()` (the newest; for formats whose library signs with the first key,
  // e.g. express-session, the CLI passes that one last). Verification tries every secret.
  std::vector<crypto::SecretBytes> secrets;
  // Verify-only public keys (jwt: RS/PS/ES/EdDSA; FormatTraits::verifies_with_public_keys).
  std::vector<PublicKeyEntry> public_keys;
  std::optional<std::string> salt;
  std::optional<crypto::Digest> digest;
  std::optional<KeyDerivation> key_derivation;
  std::optional<std::string> separator;
  bool timestamped = false;          // Serializer vs TimedSerializer, Signer vs TimestampSigner
  std::optional<int64_t> timestamp;  // sign: issue time (Unix seconds) instead of the clock
  std::optional<int64_t> max_age_seconds;  // verify: no age check when unset
  std::optional<int64_t> expires;          // sign: absolute expiry (Unix seconds), rails-*
  // The cipher by the library's name (laravel: AES-256-CBC, AES-128-CBC, AES-256-GCM,
  // AES-128-GCM, any case): what sign writes and, when set, the only one verify accepts.
  std::optional<std::string> cipher;
  const Clock* clock = &SystemClock::Instance();
  std::string cookie_name;  // cookie-session (keygrip signs "name=value")
  // Encryption keys paired with `secrets` by position (gorilla: securecookie's block keys; a
  // secret beyond the last block key has none).
  std::vector<crypto::SecretBytes> block_keys;
  std::optional<std::string> serializer;  // sign: the library serializer that writes the value
  bool strict = false;                    // reject non-canonical encodings the library accepts
  Limits limits;
};

struct Signed {
  std::string token;
  std::string
      signature;  // companion value for formats that sign in a second cookie (cookie-session)
};

struct Verified {
  std::string value;  // JSON text (compact) for serializer formats, raw bytes otherwise
  bool is_json = false;
  std::optional<int64_t> timestamp;  // issue time, Unix seconds, when the format carries one
  size_t key_index = 0;              // which of Options::secrets verified it
};

// What a token reveals without a key.
struct Decoded {
  std::string format;
  std::string payload;  // JSON text when is_json, otherwise raw bytes
  bool is_json = false;
  bool encrypted = false;            // payload is ciphertext (fernet, iron, knox-sealed)
  std::optional<int64_t> timestamp;  // issue time in Unix seconds when readable
  std::optional<int64_t> expires;    // expiry in Unix seconds when readable (jwt exp, iron)
  std::string signature;             // the MAC as it appears in the token (encoded)
  std::string notes;                 // e.g. "zlib-compressed", "alg HS256"
};

class Signer {
 public:
  virtual ~Signer() = default;
  // `value` is JSON text for serializer formats (re-serialised exactly as the library would),
  // the raw value for signer formats.
  virtual Result<Signed> Sign(std::string_view value) const = 0;
  // `signature` is the companion value for formats that need one (cookie-session), else empty.
  virtual Result<Verified> Verify(std::string_view token,
                                  std::string_view signature = {}) const = 0;
};

class Codec {
 public:
  virtual ~Codec() = default;
  // Everything consumers need to know about the format without a key (format_traits.h).
  virtual const FormatTraits& traits() const = 0;
  std::string_view name() const { return traits().name; }
  // One-line description for `knox token --help`.
  std::string_view summary() const { return traits().summary; }
  virtual Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const = 0;
  // Unverified read of what the token reveals; kMalformed when it is not this format.
  virtual Result<Decoded> Decode(std::string_view token, const Limits& limits) const = 0;
  // The fast crack engine's plan for `token` (mac_plan.h) under `options` (everything but the
  // secret); nullopt when the format or this token's shape has no fast kernel.
  // A secret in this format's key form made from 32 random bytes (for random-key probes, fuzzers
  // and benchmarks): the unpadded base64url text by default (a 43-character password, long
  // enough for iron); Fernet and knox-sealed wrap the bytes in their own key encodings.
  virtual std::string KeyFromRandomBytes(std::string_view bytes32) const;
  virtual std::optional<MacPlan> PlanMac(const Options& /*options*/, std::string_view /*token*/,
                                         std::string_view /*signature*/) const {
    return std::nullopt;
  }
  // Whether some secret could verify `token` under `options` at all: false when the token's shape
  // rules the options out whatever the secret (gorilla: a MAC whose size is not the digest's).
  // The crack engine searches only the targets that could.
  virtual bool CouldVerify(const Options& /*options*/, std::string_view /*token*/) const {
    return true;
  }
};

}  // namespace knox::token
