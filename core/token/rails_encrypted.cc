// `rails-encrypted`: Rails 6.1's encrypted cookie jar, cookies.encrypted[NAME] — which is also
// where the cookie session store keeps the session (actionpack 6.1.7
// EncryptedKeyRotatingCookieJar over ActiveSupport::MessageEncryptor).
//
// Two ciphers, told apart by the token's shape:
//  - AES-256-GCM (use_authenticated_cookie_encryption, Rails 5.2+ defaults):
//    Rack::Utils.escape(B64(ciphertext) "--" B64(iv) "--" B64(tag)), 12-byte IV, 16-byte tag,
//    empty AAD, key = PBKDF2(secret_key_base, "authenticated encrypted cookie", 1000, 32).
//  - AES-256-CBC + HMAC (the legacy jar): MessageVerifier(sign key) over B64(ciphertext) "--"
//    B64(iv): Rack::Utils.escape(B64("CT--IV") "--" HEX), 16-byte IV, key = PBKDF2(...,
//    "encrypted cookie", 32), sign key = PBKDF2(..., "signed encrypted cookie", 64), the HMAC
//    digest read from the hex length (SHA-1 by default).
// The plaintext is the message of rails_message.h (the _rails envelope with purpose and expiry
// around the serialized value); the key generator's digest is --digest (SHA-1 in 6.1, SHA-256
// with Rails 7.0 defaults); --salt replaces the GCM salt. Signing writes GCM with a random IV
// and the JSON serializer. Every Ruby exception of MessageEncryptor#_decrypt is a refusal here.
//
// Crack plans: GCM derives the 32-byte key in lanes and checks each lane's tag; CBC derives the
// 64-byte sign key in lanes and compares the HMAC of DATA (the encryption key is not needed to
// reject a candidate).
#include <mutex>
#include <string>
#include <vector>

#include "core/base/base64.h"
#include "core/base/hex.h"
#include "core/crypto/aes.h"
#include "core/crypto/aes_gcm.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/hmac.h"
#include "core/crypto/random.h"
#include "core/crypto/secret_bytes.h"
#include "core/token/codecs.h"
#include "core/token/json_style.h"
#include "core/token/rack_cookie_value.h"
#include "core/token/rails_message.h"

namespace knox::token {
namespace {

constexpr size_t kGcmIvSize = 12;
constexpr size_t kCbcIvSize = 16;
constexpr size_t kGcmKeySize = 32;      // AES-256
constexpr size_t kCbcSignKeySize = 64;  // the legacy jar's HMAC key

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

std::optional<std::string> StrictBase64(std::string_view text) {
  auto bytes = Base64DecodeStrict(text, Base64Alphabet::kStandard, Base64Padding::kPadded);
  if (!bytes) return std::nullopt;
  return std::move(*bytes);
}

// GCM: every part strict base64 (MessageEncryptor decodes them all), the first three used.
struct GcmParts {
  std::string ciphertext, iv, tag;
  size_t count = 0;
};
std::optional<GcmParts> SplitGcm(std::string_view value) {
  const auto parts = rails::SplitDashes(value);
  if (parts.size() < 3) return std::nullopt;
  std::vector<std::string> bytes;
  for (std::string_view p : parts) {
    auto b = StrictBase64(p);
    if (!b) return std::nullopt;
    bytes.push_back(std::move(*b));
  }
  if (bytes[1].size() != kGcmIvSize || bytes[2].size() != crypto::kGcmTagSize) return std::nullopt;
  return GcmParts{std::move(bytes[0]), std::move(bytes[1]), std::move(bytes[2]), parts.size()};
}

// CBC: the verifier's DATA--HEX (a known digest length); DATA decodes to
// "B64(ciphertext)--B64(iv)", which is read only after the HMAC (ReadCbcBlob).
struct CbcParts {
  std::string_view data, hex;
  size_t count = 0;
};
std::optional<CbcParts> SplitCbc(std::string_view value) {
  const auto parts = rails::SplitDashes(value);
  if (parts.size() < 2 || !DigestForHexLength(parts[1].size())) return std::nullopt;
  return CbcParts{parts[0], parts[1], parts.size()};
}

struct CbcBlob {
  std::string ciphertext, iv;
};
std::optional<CbcBlob> ReadCbcBlob(std::string_view data) {
  auto blob = StrictBase64(data);
  if (!blob) return std::nullopt;
  const auto inner = rails::SplitDashes(*blob);
  if (inner.size() < 2) return std::nullopt;
  auto ciphertext = StrictBase64(inner[0]);
  auto iv = StrictBase64(inner[1]);
  if (!ciphertext || !iv || iv->size() != kCbcIvSize) return std::nullopt;
  return CbcBlob{std::move(*ciphertext), std::move(*iv)};
}

struct CbcKeys {
  crypto::SecretBytes encrypt;
  crypto::SecretBytes sign;
};

class RailsEncryptedSigner final : public Signer {
 public:
  RailsEncryptedSigner(std::vector<crypto::SecretBytes> gcm_keys,
                       std::vector<crypto::SecretBytes> bases, crypto::Digest key_digest,
                       const Options& options)
      : gcm_keys_(std::move(gcm_keys)),
        bases_(std::move(bases)),
        key_digest_(key_digest),
        cookie_name_(options.cookie_name),
        strict_(options.strict),
        limits_(options.limits),
        clock_(options.clock),
        metadata_(rails::SignMetadataFor(options)) {}

  Result<Signed> Sign(std::string_view value) const override {
    if (value.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "rails-encrypted: value longer than the limit");
    }
    auto json = ParseJson(value, limits_);
    if (!json) return std::unexpected(json.error());
    const std::string message =
        rails::Wrap(rails::ActiveSupportJson(*json), metadata_.expires_ms, metadata_.purpose);
    auto iv = crypto::RandomBytes(kGcmIvSize);
    if (!iv) return std::unexpected(iv.error());
    std::string sealed;
    if (auto ok = crypto::AesGcmEncryptAppend(gcm_keys_.back().reveal(), *iv, "", message, sealed);
        !ok) {
      return std::unexpected(ok.error());
    }
    const std::string_view ciphertext =
        std::string_view(sealed).substr(0, sealed.size() - crypto::kGcmTagSize);
    const std::string_view tag = std::string_view(sealed).substr(ciphertext.size());
    const auto b64 = [](std::string_view b) {
      return Base64Encode(b, Base64Alphabet::kStandard, Base64Padding::kPadded);
    };
    Signed out;
    out.token = RackEscape(b64(ciphertext) + "--" + b64(*iv) + "--" + b64(tag));
    if (out.token.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "rails-encrypted: token longer than the limit");
    }
    return out;
  }

  Result<Verified> Verify(std::string_view token, std::string_view) const override {
    if (token.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "rails-encrypted: cookie longer than the limit");
    }
    const std::string value = RackCookieValue(token);
    if (strict_ && RackEscape(value) != token) {
      return Fail(ErrorCode::kMalformed, "rails-encrypted: cookie value not as Rack writes it");
    }
    std::optional<size_t> index;
    std::string plaintext;
    if (auto gcm = SplitGcm(value)) {
      if (strict_ && gcm->count != 3) {
        return Fail(ErrorCode::kMalformed, "rails-encrypted: text after the tag");
      }
      for (size_t i = 0; i < gcm_keys_.size() && !index; ++i) {
        auto plain =
            crypto::AesGcmDecrypt(gcm_keys_[i].reveal(), gcm->iv, "", gcm->ciphertext, gcm->tag);
        if (plain) index = i, plaintext = std::move(*plain);
      }
    } else if (auto cbc = SplitCbc(value)) {
      if (strict_ && cbc->count != 2) {
        return Fail(ErrorCode::kMalformed, "rails-encrypted: text after the digest");
      }
      auto found = OpenCbc(*cbc);
      if (!found) return std::unexpected(found.error());
      index = found->first;
      plaintext = std::move(found->second);
    } else {
      return Fail(ErrorCode::kMalformed, "rails-encrypted: neither AES-GCM nor AES-CBC+HMAC");
    }
    if (!index) return Fail(ErrorCode::kBadSignature, "rails-encrypted: authentication failed");
    auto message = rails::Unwrap(plaintext, limits_);
    crypto::Cleanse(plaintext.data(), plaintext.size());
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
  // The legacy keys, derived on first use (only CBC tokens need them): PBKDF2 is the cost of a
  // signer, and GCM is what Rails writes.
  const std::vector<CbcKeys>& LegacyKeys() const {
    std::call_once(cbc_once_, [this] {
      for (const auto& base : bases_) {
        auto encrypt =
            rails::DeriveKey(key_digest_, base.reveal(), rails::kEncryptedCookieSalt, 32);
        auto sign = rails::DeriveKey(key_digest_, base.reveal(), rails::kEncryptedSignedCookieSalt,
                                     kCbcSignKeySize);
        if (!encrypt || !sign) continue;  // PBKDF2 of OpenSSL fails only without memory
        cbc_keys_.push_back({crypto::SecretBytes(*encrypt), crypto::SecretBytes(*sign)});
        crypto::Cleanse(encrypt->data(), encrypt->size());
        crypto::Cleanse(sign->data(), sign->size());
      }
    });
    return cbc_keys_;
  }

  // The key index and plaintext of a CBC token: HMAC first (kBadSignature), then AES-CBC.
  Result<std::pair<size_t, std::string>> OpenCbc(const CbcParts& cbc) const {
    const crypto::Digest digest = *DigestForHexLength(cbc.hex.size());
    const auto& keys = LegacyKeys();
    for (size_t i = 0; i < keys.size(); ++i) {
      const std::string expected = HexEncode(crypto::Hmac(digest, keys[i].sign.reveal(), cbc.data));
      if (!crypto::ConstantTimeEquals(expected, cbc.hex)) continue;
      const auto blob = ReadCbcBlob(cbc.data);
      if (!blob) return Fail(ErrorCode::kMalformed, "rails-encrypted: signed data is not CT--IV");
      auto plain = crypto::AesCbcDecrypt(keys[i].encrypt.reveal(), blob->iv, blob->ciphertext);
      if (!plain) return Fail(ErrorCode::kMalformed, "rails-encrypted: bad AES-CBC padding");
      return std::pair{i, std::move(*plain)};
    }
    return Fail(ErrorCode::kBadSignature, "rails-encrypted: digest mismatch");
  }

  std::vector<crypto::SecretBytes> gcm_keys_;
  std::vector<crypto::SecretBytes> bases_;  // the secret_key_base values, for the legacy keys
  crypto::Digest key_digest_;
  std::string cookie_name_;
  bool strict_;
  Limits limits_;
  const Clock* clock_;
  rails::SignMetadata metadata_;
  mutable std::once_flag cbc_once_;
  mutable std::vector<CbcKeys> cbc_keys_;
};

constexpr std::string_view kAliases[] = {"rails-encrypted-cookie", "rails"};

constexpr crypto::Digest kUsualDigests[] = {crypto::Digest::kSha256};

constexpr FormatTraits kTraits{
    .name = "rails-encrypted",
    .aliases = kAliases,
    .summary =
        "Rails encrypted cookie jar and cookie session store: AES-256-GCM (or legacy "
        "AES-CBC+HMAC) under PBKDF2 of secret_key_base",
    .defaults =
        "AES-256-GCM, key PBKDF2-HMAC-SHA1(secret_key_base, salt \"authenticated "
        "encrypted cookie\", 1000, 32) (Rails 6.1; --digest sha256 for Rails 7), "
        "purpose cookie.NAME with --cookie-name, JSON serializer (Marshal read); the "
        "legacy AES-256-CBC + HMAC-SHA1 jar read too",
    .options = {Opt::kSalt, Opt::kDigest, Opt::kCookieName, Opt::kExpires, Opt::kStrict},
    .payload = PayloadKind::kEncrypted,
    .usual_digests = kUsualDigests,
};

class RailsEncryptedCodecImpl final : public Codec {
 public:
  const FormatTraits& traits() const override { return kTraits; }

  // Verify's shapes in Verify's order (GCM first); nullopt for an HMAC-SHA384/512 legacy cookie
  // (the lanes derive keys for the 64-byte-block digests only) and for upper-case hex.
  std::optional<MacPlan> PlanMac(const Options& options, std::string_view token,
                                 std::string_view) const override {
    const crypto::Digest key_digest = options.digest.value_or(crypto::Digest::kSha1);
    if (key_digest != crypto::Digest::kSha1 && key_digest != crypto::Digest::kSha256) {
      return std::nullopt;
    }
    MacPlan plan{.digest = key_digest,
                 .key_rule = KeyRule::kPbkdf2,
                 .key_digest = key_digest,
                 .iterations = rails::kKeyIterations};
    const std::string value = RackCookieValue(token);
    if (auto gcm = SplitGcm(value)) {
      plan.salt = options.salt.value_or(std::string(rails::kAuthenticatedEncryptedCookieSalt));
      plan.message = std::move(gcm->ciphertext);
      plan.mac = std::move(gcm->tag);
      plan.key_length = kGcmKeySize;
      plan.check = MacCheck::kAesGcm;
      plan.iv = std::move(gcm->iv);
      return plan;
    }
    const auto cbc = SplitCbc(value);
    if (!cbc) return std::nullopt;
    const auto digest = DigestForHexLength(cbc->hex.size());
    auto mac = HexDecode(cbc->hex);
    if ((digest != crypto::Digest::kSha1 && digest != crypto::Digest::kSha256) || !mac ||
        HexEncode(*mac) != cbc->hex) {
      return std::nullopt;
    }
    plan.digest = *digest;
    plan.salt = std::string(rails::kEncryptedSignedCookieSalt);
    plan.message = std::string(cbc->data);
    plan.mac = std::move(*mac);
    plan.key_length = kCbcSignKeySize;
    return plan;
  }

  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    auto digest = rails::KeyDigestFor(options, kTraits.name);
    if (!digest) return std::unexpected(digest.error());
    const std::string salt =
        options.salt.value_or(std::string(rails::kAuthenticatedEncryptedCookieSalt));
    std::vector<crypto::SecretBytes> keys;
    keys.reserve(options.secrets.size());
    for (const auto& secret : options.secrets) {
      auto key = rails::DeriveKey(*digest, secret.reveal(), salt, kGcmKeySize);
      if (!key) return std::unexpected(key.error());
      keys.emplace_back(*key);
      crypto::Cleanse(key->data(), key->size());
    }
    return std::make_unique<RailsEncryptedSigner>(std::move(keys), options.secrets, *digest,
                                                  options);
  }

  // Claims the two shapes above; nothing inside is readable without the key.
  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    if (token.size() > limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "rails-encrypted: cookie longer than the limit");
    }
    const std::string value = RackCookieValue(token);
    Decoded d;
    d.format = std::string(kTraits.name);
    d.encrypted = true;
    if (auto gcm = SplitGcm(value)) {
      d.payload = gcm->ciphertext;
      d.signature = Base64Encode(gcm->tag, Base64Alphabet::kStandard, Base64Padding::kPadded);
      d.notes = "AES-256-GCM, " + std::to_string(gcm->ciphertext.size()) + " bytes encrypted";
      return d;
    }
    const auto cbc = SplitCbc(value);
    const auto blob = cbc ? ReadCbcBlob(cbc->data) : std::nullopt;
    if (blob) {
      d.payload = blob->ciphertext;
      d.signature = std::string(cbc->hex);
      d.notes = "AES-256-CBC + HMAC-" +
                std::string(crypto::DigestName(*DigestForHexLength(cbc->hex.size()))) +
                " (legacy encrypted cookie jar), " + std::to_string(blob->ciphertext.size()) +
                " bytes encrypted";
      return d;
    }
    return Fail(ErrorCode::kMalformed, "rails-encrypted: neither AES-GCM nor AES-CBC+HMAC");
  }
};

}  // namespace

const Codec& RailsEncryptedCodec() {
  static const RailsEncryptedCodecImpl codec;
  return codec;
}

}  // namespace knox::token
