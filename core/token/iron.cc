#include "core/token/iron.h"

#include <cstdlib>
#include <vector>

#include "core/base/base64.h"
#include "core/base/hex.h"
#include "core/crypto/aes.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/hmac.h"
#include "core/crypto/random.h"
#include "core/token/express_uri.h"
#include "core/token/json_style.h"
#include "core/token/signer_settings.h"

namespace knox::token {
namespace {

constexpr std::string_view kPrefix = "Fe26.2";
constexpr size_t kMinPasswordLength = 32;
constexpr int64_t kSkewMs = int64_t{60} * 1000;
constexpr size_t kKeyBytes = 32;
constexpr size_t kSaltBytes = 32;  // 256 bits

// JavaScript's string length: UTF-16 code units of the UTF-8 text.
size_t Utf16Length(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) {
    const auto b = static_cast<unsigned char>(c);
    if ((b & 0xc0) != 0x80) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}

// PBKDF2-SHA1 with one iteration and a 32-byte output is two HMACs under the password, so the
// password's precomputed HMAC-SHA1 key derives it without per-call key setup.
void DeriveKey(const crypto::HmacKey& password, std::string_view salt,
               unsigned char out[kKeyBytes]) {
  unsigned char block[20];
  password.Sign({salt, std::string_view("\0\0\0\1", 4)}, block);
  std::copy(block, block + 20, out);
  password.Sign({salt, std::string_view("\0\0\0\2", 4)}, block);
  std::copy(block, block + 12, out + 20);
  crypto::Cleanse(block, sizeof(block));
}

std::string_view Bytes(const unsigned char* p, size_t n) {
  return std::string_view(reinterpret_cast<const char*>(p), n);
}

// hmacWithPassword's digest: base64url (unpadded) HMAC-SHA256 under the derived key.
std::string MacText(const crypto::HmacKey& password, std::string_view salt, std::string_view base) {
  unsigned char key[kKeyBytes];
  DeriveKey(password, salt, key);
  const crypto::HmacKey mac_key(crypto::Digest::kSha256, Bytes(key, kKeyBytes));
  crypto::Cleanse(key, sizeof(key));
  unsigned char mac[32];
  mac_key.Sign(base, mac);
  return Base64Encode(Bytes(mac, 32), Base64Alphabet::kUrl, Base64Padding::kUnpadded);
}

// @hapi/b64 base64urlDecode: only [A-Za-z0-9_-] allowed, then Node's lenient decoder.
std::optional<std::string> B64UrlDecode(std::string_view text) {
  for (char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return std::nullopt;
  }
  return Base64DecodeNode(text);
}

bool HasProtoKey(const Json& j) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (key == "__proto__" || HasProtoKey(value)) return true;
    }
  } else if (j.is_array()) {
    for (const auto& value : j) {
      if (HasProtoKey(value)) return true;
    }
  }
  return false;
}

struct Fields {
  std::string_view f[8];
  std::string_view mac_base;
};

Result<Fields> Split(std::string_view token) {
  Fields out;
  size_t n = 0, start = 0;
  for (size_t i = 0; i <= token.size(); ++i) {
    if (i == token.size() || token[i] == '*') {
      if (n == 8) return Fail(ErrorCode::kMalformed, "iron: incorrect number of components");
      out.f[n++] = token.substr(start, i - start);
      start = i + 1;
    }
  }
  if (n != 8) return Fail(ErrorCode::kMalformed, "iron: incorrect number of components");
  out.mac_base = token.substr(0, static_cast<size_t>(out.f[6].data() - token.data()) - 1);
  if (out.f[0] != kPrefix) return Fail(ErrorCode::kMalformed, "iron: wrong mac prefix");
  return out;
}

// The expiration field: empty (none) or digits, read as parseInt does (a double).
Result<std::optional<double>> Expiration(std::string_view field) {
  if (field.empty()) return std::optional<double>();
  for (char c : field) {
    if (c < '0' || c > '9') return Fail(ErrorCode::kMalformed, "iron: invalid expiration");
  }
  return std::optional<double>(std::strtod(std::string(field).c_str(), nullptr));
}

struct Password {
  crypto::HmacKey key;
  bool long_enough;
};

class IronSigner final : public Signer {
 public:
  IronSigner(std::vector<Password> passwords, const Options& o)
      : passwords_(std::move(passwords)), settings_(o) {}

  Result<Signed> Sign(std::string_view value) const override {
    if (!passwords_.back().long_enough) {
      return Fail(ErrorCode::kInvalidArgument, "iron: password shorter than 32 characters");
    }
    auto enc_salt = crypto::RandomBytes(kSaltBytes);
    auto iv = crypto::RandomBytes(16);
    auto hmac_salt = crypto::RandomBytes(kSaltBytes);
    if (!enc_salt || !iv || !hmac_salt) return Fail(ErrorCode::kUnavailable, "iron: no randomness");
    const int64_t now_ms =
        settings_.timestamp ? *settings_.timestamp * 1000 : settings_.clock->NowMillis();
    std::optional<int64_t> ttl_ms;
    if (settings_.max_age && *settings_.max_age > 0) ttl_ms = *settings_.max_age * 1000;
    auto token =
        Seal(passwords_.back().key, value, now_ms, ttl_ms,
             IronRandom{HexEncode(*enc_salt), *iv, HexEncode(*hmac_salt)}, settings_.limits);
    if (!token) return std::unexpected(token.error());
    return Signed{.token = std::move(*token), .signature = {}};
  }

  Result<Verified> Verify(std::string_view token, std::string_view /*signature*/) const override {
    if (token.size() > settings_.limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "iron: token longer than the limit");
    }
    auto fields = Split(token);
    if (!fields) return std::unexpected(fields.error());
    auto expiration = Expiration(fields->f[5]);
    if (!expiration) return std::unexpected(expiration.error());
    if (*expiration &&
        **expiration <= static_cast<double>(settings_.clock->NowMillis() - kSkewMs)) {
      return Fail(ErrorCode::kExpired, "iron: expired seal");
    }
    if (settings_.strict) {
      auto canonical = [](std::string_view t) {
        return Base64DecodeStrict(t, Base64Alphabet::kUrl, Base64Padding::kUnpadded).has_value();
      };
      if (!canonical(fields->f[3]) || !canonical(fields->f[4]) || fields->f[2].empty() ||
          (!fields->f[5].empty() && fields->f[5][0] == '0')) {
        return Fail(ErrorCode::kMalformed, "iron: non-canonical field");
      }
    }
    bool any_long = false;
    for (size_t i = 0; i < passwords_.size(); ++i) {
      if (!passwords_[i].long_enough) continue;
      any_long = true;
      // An empty HMAC salt makes iron draw a random one: the MAC can never match.
      if (fields->f[6].empty()) continue;
      const std::string expected = MacText(passwords_[i].key, fields->f[6], fields->mac_base);
      if (!crypto::ConstantTimeEquals(expected, fields->f[7])) continue;
      auto value = Open(passwords_[i].key, *fields);
      if (!value) return std::unexpected(value.error());
      Verified v;
      v.value = std::move(*value);
      v.is_json = true;
      v.key_index = i;
      return v;
    }
    if (!any_long) return Fail(ErrorCode::kMalformed, "iron: password shorter than 32 characters");
    return Fail(ErrorCode::kBadSignature, "iron: bad hmac value");
  }

  static Result<std::string> Seal(const crypto::HmacKey& password, std::string_view json,
                                  int64_t now_ms, std::optional<int64_t> ttl_ms,
                                  const IronRandom& random, const Limits& limits) {
    if (json.size() > limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "iron: value longer than the limit");
    }
    auto doc = ParseJson(json, limits);
    if (!doc) return std::unexpected(doc.error());
    unsigned char key[kKeyBytes];
    DeriveKey(password, random.encryption_salt, key);
    auto encrypted = crypto::AesCbcEncrypt(Bytes(key, kKeyBytes), random.iv, JsJsonStringify(*doc));
    crypto::Cleanse(key, sizeof(key));
    if (!encrypted) return std::unexpected(encrypted.error());
    std::string out(kPrefix);
    out += "**";
    out += random.encryption_salt;
    out += '*';
    Base64EncodeAppend(random.iv, Base64Alphabet::kUrl, Base64Padding::kUnpadded, out);
    out += '*';
    Base64EncodeAppend(*encrypted, Base64Alphabet::kUrl, Base64Padding::kUnpadded, out);
    out += '*';
    if (ttl_ms) out += std::to_string(now_ms + *ttl_ms);
    const std::string mac = MacText(password, random.hmac_salt, out);
    out += '*';
    out += random.hmac_salt;
    out += '*';
    out += mac;
    return out;
  }

 private:
  // Decrypts and parses the object once the MAC has been checked (unseal's last steps).
  Result<std::string> Open(const crypto::HmacKey& password, const Fields& fields) const {
    auto encrypted = B64UrlDecode(fields.f[4]);
    auto iv = B64UrlDecode(fields.f[3]);
    if (!encrypted || !iv) return Fail(ErrorCode::kMalformed, "iron: invalid base64url");
    if (iv->size() != 16) return Fail(ErrorCode::kMalformed, "iron: invalid IV length");
    // An empty encryption salt also makes iron draw a random one: decryption cannot succeed.
    if (fields.f[2].empty()) return Fail(ErrorCode::kMalformed, "iron: empty encryption salt");
    unsigned char key[kKeyBytes];
    DeriveKey(password, fields.f[2], key);
    auto plain = crypto::AesCbcDecrypt(Bytes(key, kKeyBytes), *iv, *encrypted);
    crypto::Cleanse(key, sizeof(key));
    if (!plain) return Fail(ErrorCode::kMalformed, "iron: bad decrypt");
    auto doc = ParseJson(NodeUtf8Decode(*plain), settings_.limits);
    if (!doc) {
      if (doc.error().code == ErrorCode::kLimitExceeded) return std::unexpected(doc.error());
      return Fail(ErrorCode::kMalformed, "iron: sealed object is not JSON");
    }
    if (HasProtoKey(*doc)) return Fail(ErrorCode::kMalformed, "iron: forbidden __proto__ key");
    return JsJsonStringify(*doc);
  }

  std::vector<Password> passwords_;
  SignerSettings settings_;
};

constexpr std::string_view kIronAliases[] = {"hapi-iron"};

constexpr FormatTraits kIronTraits{
    .name = "iron",
    .aliases = kIronAliases,
    .summary = "@hapi/iron Fe26.2 sealed objects (AES-256-CBC + HMAC-SHA256, PBKDF2 keys)",
    .defaults =
        "@hapi/iron defaults: password of at least 32 characters, PBKDF2-SHA1 1 iteration, "
        "no ttl",
    .options = {Opt::kTimestamp, Opt::kStrict},
    .payload = PayloadKind::kEncrypted,
};

class IronCodecImpl final : public Codec {
 public:
  const FormatTraits& traits() const override { return kIronTraits; }

  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    if (options.secrets.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "iron: at least one password is required");
    }
    if (options.digest && *options.digest != crypto::Digest::kSha256) {
      return Fail(ErrorCode::kInvalidArgument, "iron: the integrity MAC is HMAC-SHA256");
    }
    std::vector<Password> passwords;
    passwords.reserve(options.secrets.size());
    for (const auto& s : options.secrets) {
      passwords.push_back(Password{crypto::HmacKey(crypto::Digest::kSha1, s.reveal()),
                                   Utf16Length(s.reveal()) >= kMinPasswordLength});
    }
    return std::make_unique<IronSigner>(std::move(passwords), options);
  }

  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    if (token.size() > limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "iron: token longer than the limit");
    }
    auto fields = Split(token);
    if (!fields) return std::unexpected(fields.error());
    auto expiration = Expiration(fields->f[5]);
    if (!expiration) return std::unexpected(expiration.error());
    auto encrypted = B64UrlDecode(fields->f[4]);
    if (!encrypted) return Fail(ErrorCode::kMalformed, "iron: invalid base64url");
    Decoded d;
    d.format = "iron";
    d.payload = std::move(*encrypted);
    d.encrypted = true;
    if (*expiration && **expiration < 9e18) {
      d.expires = static_cast<int64_t>(**expiration / 1000);
    }
    d.signature = std::string(fields->f[7]);
    d.notes = fields->f[1].empty()
                  ? "AES-256-CBC; HMAC-SHA256"
                  : "AES-256-CBC; HMAC-SHA256; password id " + std::string(fields->f[1]);
    return d;
  }
};

}  // namespace

Result<std::string> IronSeal(std::string_view password, std::string_view json, int64_t now_ms,
                             std::optional<int64_t> ttl_ms, const IronRandom& random,
                             const Limits& limits) {
  if (Utf16Length(password) < kMinPasswordLength) {
    return Fail(ErrorCode::kInvalidArgument, "iron: password shorter than 32 characters");
  }
  if (random.iv.size() != 16) return Fail(ErrorCode::kInvalidArgument, "iron: IV must be 16 bytes");
  return IronSigner::Seal(crypto::HmacKey(crypto::Digest::kSha1, password), json, now_ms, ttl_ms,
                          random, limits);
}

const Codec& IronCodec() {
  static const IronCodecImpl codec;
  return codec;
}

}  // namespace knox::token
