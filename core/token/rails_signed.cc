// `rails-signed`: Rails 6.1's signed cookie jar, cookies.signed[NAME] (actionpack 6.1.7
// SignedKeyRotatingCookieJar over ActiveSupport::MessageVerifier).
//
// Wire: the Set-Cookie value is Rack::Utils.escape(DATA + "--" + HEX) where DATA is the strict
// base64 of the message — since Rails 6.0 the _rails envelope with purpose "cookie.NAME" and
// the expiry around the serialized value (rails_message.h) — and HEX the lower-case hex HMAC of
// DATA under key = PBKDF2(secret_key_base, "signed cookie", 1000 iterations, 64 bytes). The HMAC
// digest (signed_cookie_digest, SHA-1 by default) is read from the hex length; the key
// generator's digest is --digest (SHA-1 in Rails 6.1, SHA-256 with Rails 7.0 defaults).
//
// Verification is MessageVerifier#verified then the cookie jar's rule: the value must be valid
// UTF-8 and not blank; String#split("--") gives DATA and HEX (a third part is ignored — strict
// mode refuses it); both present; HEX compared in constant time; DATA strict base64; the
// envelope's purpose and expiry (rails_message.h); the serializer detected (JSON or Marshal).
// Signing writes the JSON serializer's bytes (ActiveSupport::JSON.encode).
//
// Crack plan: PBKDF2 of the candidate (--digest's hash, the salt, 1000 iterations, 64 bytes) as
// the key of an HMAC of DATA, the digest and MAC read from HEX as Verify reads them.
#include <mutex>
#include <string>
#include <vector>

#include "core/base/base64.h"
#include "core/base/hex.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/hmac.h"
#include "core/crypto/secret_bytes.h"
#include "core/token/codecs.h"
#include "core/token/json_style.h"
#include "core/token/rack_cookie_value.h"
#include "core/token/rails_message.h"

namespace knox::token {
namespace {

constexpr size_t kKeySize = 64;

std::optional<crypto::Digest> DigestForHexLength(size_t n) {
  switch (n) {
    case 40:
      return crypto::Digest::kSha1;
    case 64:
      return crypto::Digest::kSha256;
    case 96:
      return crypto::Digest::kSha384;
    case 128:
      return crypto::Digest::kSha512;
    default:
      return std::nullopt;
  }
}

bool Blank(std::string_view s) {
  for (char c : s) {
    if (!(c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r')) return false;
  }
  return true;
}

bool LowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// DATA and HEX as MessageVerifier#valid_message? takes them; nullopt where Rails refuses.
struct SignedParts {
  std::string_view data;
  std::string_view hex;
  size_t count = 0;  // parts String#split gave
};
std::optional<SignedParts> SplitSigned(std::string_view value) {
  if (!rails::ValidUtf8(value) || Blank(value)) return std::nullopt;
  const auto parts = rails::SplitDashes(value);
  if (parts.size() < 2 || Blank(parts[0]) || Blank(parts[1])) return std::nullopt;
  return SignedParts{.data = parts[0], .hex = parts[1], .count = parts.size()};
}

std::string HexHmac(crypto::Digest digest, std::string_view key, std::string_view data) {
  return HexEncode(crypto::Hmac(digest, key, data));
}

class RailsSignedSigner final : public Signer {
 public:
  RailsSignedSigner(std::vector<crypto::SecretBytes> keys, const Options& options)
      : keys_(std::move(keys)),
        cookie_name_(options.cookie_name),
        strict_(options.strict),
        limits_(options.limits),
        clock_(options.clock),
        metadata_(rails::SignMetadataFor(options)) {}

  Result<Signed> Sign(std::string_view value) const override {
    if (value.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "rails-signed: value longer than the limit");
    }
    auto json = ParseJson(value, limits_);
    if (!json) return std::unexpected(json.error());
    const std::string message =
        rails::Wrap(rails::ActiveSupportJson(*json), metadata_.expires_ms, metadata_.purpose);
    const std::string data =
        Base64Encode(message, Base64Alphabet::kStandard, Base64Padding::kPadded);
    Signed out;
    out.token =
        RackEscape(data + "--" + HexHmac(crypto::Digest::kSha1, keys_.back().reveal(), data));
    if (out.token.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "rails-signed: token longer than the limit");
    }
    return out;
  }

  Result<Verified> Verify(std::string_view token, std::string_view) const override {
    if (token.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "rails-signed: cookie longer than the limit");
    }
    const std::string value = RackCookieValue(token);
    if (strict_ && RackEscape(value) != token) {
      return Fail(ErrorCode::kMalformed, "rails-signed: cookie value not as Rack writes it");
    }
    const auto parts = SplitSigned(value);
    if (!parts) return Fail(ErrorCode::kMalformed, "rails-signed: not DATA--DIGEST");
    if (strict_ && parts->count != 2) {
      return Fail(ErrorCode::kMalformed, "rails-signed: text after the digest");
    }
    const auto digest = DigestForHexLength(parts->hex.size());
    std::optional<size_t> index;
    for (size_t i = 0; digest && i < keys_.size() && !index; ++i) {
      const std::string expected = HexHmac(*digest, keys_[i].reveal(), parts->data);
      if (crypto::ConstantTimeEquals(expected, parts->hex)) index = i;
    }
    if (!index) return Fail(ErrorCode::kBadSignature, "rails-signed: digest mismatch");
    auto bytes = Base64DecodeStrict(parts->data, Base64Alphabet::kStandard, Base64Padding::kPadded);
    if (!bytes) return Fail(ErrorCode::kMalformed, "rails-signed: data is not strict base64");
    auto message = rails::Unwrap(*bytes, limits_);
    if (!message) return std::unexpected(message.error());
    if (auto ok = rails::CheckPurposeAndExpiry(*message, cookie_name_, clock_->NowMillis()); !ok) {
      return std::unexpected(ok.error());
    }
    auto decoded = rails::Deserialize(message->serialized, limits_);
    if (!decoded) return std::unexpected(decoded.error());
    Verified v;
    v.value = std::move(decoded->json);
    v.is_json = true;
    v.key_index = *index;
    return v;
  }

 private:
  std::vector<crypto::SecretBytes> keys_;  // derived, one per secret_key_base
  std::string cookie_name_;
  bool strict_;
  Limits limits_;
  const Clock* clock_;
  rails::SignMetadata metadata_;
};

constexpr std::string_view kAliases[] = {"rails-signed-cookie"};

constexpr crypto::Digest kUsualDigests[] = {crypto::Digest::kSha256};

constexpr FormatTraits kTraits{
    .name = "rails-signed",
    .aliases = kAliases,
    .summary =
        "Rails signed cookie jar: BASE64(_rails envelope)--HEX_HMAC, key PBKDF2 of "
        "secret_key_base",
    .defaults =
        "key PBKDF2-HMAC-SHA1(secret_key_base, salt \"signed cookie\", 1000, 64) (Rails "
        "6.1; --digest sha256 for Rails 7), HMAC digest read from the token (SHA-1 "
        "default), purpose cookie.NAME with --cookie-name, JSON serializer (Marshal read)",
    .options = {Opt::kSalt, Opt::kDigest, Opt::kCookieName, Opt::kExpires, Opt::kStrict},
    .usual_digests = kUsualDigests,
};

// The key generator's digest of `options` when the fast engine can derive with it.
std::optional<crypto::Digest> LaneKeyDigest(const Options& options) {
  const crypto::Digest digest = options.digest.value_or(crypto::Digest::kSha1);
  if (digest != crypto::Digest::kSha1 && digest != crypto::Digest::kSha256) return std::nullopt;
  return digest;
}

class RailsSignedCodecImpl final : public Codec {
 public:
  const FormatTraits& traits() const override { return kTraits; }

  // Verify's split and digest; nullopt for an HMAC-SHA384/512 cookie (the lanes derive keys for
  // the 64-byte-block digests only) and for upper-case hex, which Verify never accepts.
  std::optional<MacPlan> PlanMac(const Options& options, std::string_view token,
                                 std::string_view) const override {
    const auto key_digest = LaneKeyDigest(options);
    const std::string value = RackCookieValue(token);
    const auto parts = SplitSigned(value);
    if (!key_digest || !parts || !LowerHex(parts->hex)) return std::nullopt;
    const auto digest = DigestForHexLength(parts->hex.size());
    if (digest != crypto::Digest::kSha1 && digest != crypto::Digest::kSha256) return std::nullopt;
    auto mac = HexDecode(parts->hex);
    if (!mac) return std::nullopt;
    return MacPlan{.digest = *digest,
                   .key_rule = KeyRule::kPbkdf2,
                   .salt = options.salt.value_or(std::string(rails::kSignedCookieSalt)),
                   .message = std::string(parts->data),
                   .mac = std::move(*mac),
                   .key_digest = *key_digest,
                   .iterations = rails::kKeyIterations,
                   .key_length = kKeySize};
  }

  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    auto digest = rails::KeyDigestFor(options, kTraits.name);
    if (!digest) return std::unexpected(digest.error());
    const std::string salt = options.salt.value_or(std::string(rails::kSignedCookieSalt));
    std::vector<crypto::SecretBytes> keys;
    keys.reserve(options.secrets.size());
    for (const auto& secret : options.secrets) {
      auto key = rails::DeriveKey(*digest, secret.reveal(), salt, kKeySize);
      if (!key) return std::unexpected(key.error());
      keys.emplace_back(*key);
      crypto::Cleanse(key->data(), key->size());
    }
    return std::make_unique<RailsSignedSigner>(std::move(keys), options);
  }

  // Claims DATA--HEX (a known digest length) whose DATA carries the _rails envelope, or a JSON
  // value that is not an object (Rack's cookie is always a Hash); an envelope-less Hash is left
  // to `rack`, whose shape it shares (--format rails-signed reads it).
  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    if (token.size() > limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "rails-signed: cookie longer than the limit");
    }
    const std::string value = RackCookieValue(token);
    const auto parts = SplitSigned(value);
    if (!parts || !DigestForHexLength(parts->hex.size()) || !LowerHex(parts->hex)) {
      return Fail(ErrorCode::kMalformed, "rails-signed: not DATA--HEX");
    }
    auto bytes = Base64DecodeStrict(parts->data, Base64Alphabet::kStandard, Base64Padding::kPadded);
    if (!bytes) return Fail(ErrorCode::kMalformed, "rails-signed: data is not base64");
    auto message = rails::Unwrap(*bytes, limits);
    if (!message) return std::unexpected(message.error());
    auto decoded = rails::Deserialize(message->serialized, limits);
    if (!decoded) return std::unexpected(decoded.error());
    if (!message->has_envelope &&
        (decoded->serializer != "JSON" || decoded->json.starts_with("{"))) {
      return Fail(ErrorCode::kMalformed, "rails-signed: no _rails envelope (rack's shape)");
    }
    Decoded d;
    d.format = std::string(kTraits.name);
    d.payload = std::move(decoded->json);
    d.is_json = true;
    d.signature = std::string(parts->hex);
    if (message->expires_ms) d.expires = *message->expires_ms / 1000;
    d.notes = decoded->serializer + " serializer, HMAC-" +
              std::string(crypto::DigestName(*DigestForHexLength(parts->hex.size()))) +
              " hex digest";
    if (message->purpose) d.notes += ", purpose " + *message->purpose;
    if (message->expires_ms) d.notes += ", expires " + rails::Iso8601Millis(*message->expires_ms);
    return d;
  }
};

}  // namespace

const Codec& RailsSignedCodec() {
  static const RailsSignedCodecImpl codec;
  return codec;
}

}  // namespace knox::token
