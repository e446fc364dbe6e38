// `laravel`: Laravel 8's encrypted cookies and Crypt::encryptString payloads (laravel.h has the
// layout), read exactly as Laravel 8.83's Encrypter::decrypt($payload, false) and the
// EncryptCookies middleware read them under PHP 8.2:
//
//  - the token is a cookie value as in the Cookie header (up to ';', %XX decoded by PHP);
//  - base64_decode($payload) (lenient: foreign characters skipped), json_decode($json, true)
//    (a UTF-8 BOM refused), and validPayload: "iv", "value" and "mac" present and not null, the IV
//    decoding (base64_decode($iv, true)) to the cipher's IV size;
//  - the cipher: Laravel uses its configured one; knox takes AES-128 or AES-256 from the key's
//    length and GCM exactly when "tag" is not empty() — the only tokens an app configured with
//    the other mode would have accepted are none (its IV size differs), so this accepts what the
//    app with that key accepts (Options::cipher, when set, narrows it to one cipher);
//  - CBC: hash_equals(hash_hmac('sha256', $iv . $value, $key), $mac) on the texts as they stand
//    in the JSON (compared in constant time here), then openssl_decrypt, which decodes "value" with
//    the lenient base64_decode and checks PKCS#7 padding;
//  - GCM: "mac" is never read; "tag" must decode (leniently) to 16 bytes; openssl_decrypt checks
//    the tag;
//  - with a cookie name, the plaintext must start with CookieValuePrefix::create(NAME, key)
//    (hex HMAC-SHA1 of NAME . "v2" and '|'); the value is what follows it.
// Where Encrypter hands a JSON number or boolean to a string function, PHP's weak typing turns it
// into text (PhpString); arrays make PHP throw a TypeError (the app answers 500), a refusal here.
#include "core/token/laravel.h"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/base/ascii.h"
#include "core/base/base64.h"
#include "core/base/hex.h"
#include "core/crypto/aes.h"
#include "core/crypto/aes_gcm.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/digest.h"
#include "core/crypto/hmac.h"
#include "core/crypto/random.h"
#include "core/crypto/secret_bytes.h"
#include "core/token/codecs.h"
#include "core/token/json_style.h"

namespace knox::token::laravel {
namespace {

constexpr std::array<std::string_view, 4> kCipherNames = {"AES-256-CBC", "AES-128-CBC",
                                                          "AES-256-GCM", "AES-128-GCM"};
constexpr std::array<Cipher, 4> kCiphers = {Cipher::kAes256Cbc, Cipher::kAes128Cbc,
                                            Cipher::kAes256Gcm, Cipher::kAes128Gcm};

std::string B64(std::string_view bytes) {
  return Base64Encode(bytes, Base64Alphabet::kStandard, Base64Padding::kPadded);
}

}  // namespace

std::span<const std::string_view> CipherNames() { return kCipherNames; }

std::string_view CipherName(Cipher cipher) {
  for (size_t i = 0; i < kCiphers.size(); ++i) {
    if (kCiphers[i] == cipher) return kCipherNames[i];
  }
  return "?";
}

Result<Cipher> ParseCipher(std::string_view name) {
  for (size_t i = 0; i < kCiphers.size(); ++i) {
    if (EqualsIgnoreCase(name, kCipherNames[i])) return kCiphers[i];
  }
  return Fail(ErrorCode::kInvalidArgument,
              "laravel: unsupported cipher (AES-256-CBC, AES-128-CBC, AES-256-GCM, AES-128-GCM)");
}

size_t KeySize(Cipher cipher) {
  return cipher == Cipher::kAes128Cbc || cipher == Cipher::kAes128Gcm ? 16 : 32;
}

size_t IvSize(Cipher cipher) { return IsGcm(cipher) ? 12 : 16; }

bool IsGcm(Cipher cipher) { return cipher == Cipher::kAes256Gcm || cipher == Cipher::kAes128Gcm; }

Result<std::string> ParseAppKey(std::string_view app_key) {
  if (app_key.empty()) return Fail(ErrorCode::kInvalidArgument, "laravel: empty APP_KEY");
  constexpr std::string_view kPrefix = "base64:";
  std::string key = app_key.starts_with(kPrefix) ? Base64DecodePhp(app_key.substr(kPrefix.size()))
                                                 : std::string(app_key);
  if (key.size() != 16 && key.size() != 32) {
    crypto::Cleanse(key.data(), key.size());
    return Fail(ErrorCode::kInvalidArgument,
                "laravel: APP_KEY must give 16 or 32 key bytes (AES-128 or AES-256)");
  }
  return key;
}

std::string CookiePrefix(std::string_view cookie_name, std::string_view key) {
  return HexEncode(crypto::Hmac(crypto::Digest::kSha1, key, std::string(cookie_name) + "v2")) + "|";
}

Result<std::string> Encrypt(Cipher cipher, std::string_view key, std::string_view iv,
                            std::string_view plaintext) {
  if (key.size() != KeySize(cipher)) {
    return Fail(ErrorCode::kInvalidArgument, "laravel: " + std::string(CipherName(cipher)) +
                                                 " needs a " + std::to_string(KeySize(cipher)) +
                                                 "-byte key");
  }
  if (iv.size() != IvSize(cipher)) return Fail(ErrorCode::kInvalidArgument, "laravel: IV size");
  std::string ciphertext, tag, mac;
  if (IsGcm(cipher)) {
    std::string sealed;
    if (auto ok = crypto::AesGcmEncryptAppend(key, iv, "", plaintext, sealed); !ok) {
      return std::unexpected(ok.error());
    }
    ciphertext = sealed.substr(0, sealed.size() - crypto::kGcmTagSize);
    tag = B64(std::string_view(sealed).substr(ciphertext.size()));
  } else {
    auto encrypted = crypto::AesCbcEncrypt(key, iv, plaintext);
    if (!encrypted) return std::unexpected(encrypted.error());
    ciphertext = std::move(*encrypted);
  }
  const std::string iv_b64 = B64(iv);
  const std::string value_b64 = B64(ciphertext);
  if (!IsGcm(cipher)) {
    mac = HexEncode(crypto::Hmac(crypto::Digest::kSha256, key, iv_b64 + value_b64));
  }
  // json_encode(compact('iv', 'value', 'mac', 'tag'), JSON_UNESCAPED_SLASHES): base64 and hex
  // need no escaping.
  const std::string json = R"({"iv":")" + iv_b64 + R"(","value":")" + value_b64 + R"(","mac":")" +
                           mac + R"(","tag":")" + tag + R"("})";
  return B64(json);
}

std::string PhpCookieValue(std::string_view token) {
  token = token.substr(0, token.find(';'));
  std::string out;
  out.reserve(token.size());
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '%' && i + 2 < token.size() && HexDigitValue(token[i + 1]) >= 0 &&
        HexDigitValue(token[i + 2]) >= 0) {
      out.push_back(
          static_cast<char>(HexDigitValue(token[i + 1]) * 16 + HexDigitValue(token[i + 2])));
      i += 2;
    } else {
      out.push_back(token[i]);
    }
  }
  return out;
}

std::string CookieEscape(std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 8);
  for (char c : payload) {
    switch (c) {
      case '+':
        out += "%2B";
        break;
      case '/':
        out += "%2F";
        break;
      case '=':
        out += "%3D";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace knox::token::laravel

namespace knox::token {
namespace {

using laravel::Cipher;

// A JSON value as the text PHP's weak typing makes of it where Encrypter passes it to a string
// function: strings as they are, integers in decimal, true "1", false "". nullopt for arrays and
// objects (PHP throws a TypeError) and for floats, whose text knox does not reproduce (none can
// make a valid IV or tag; docs/formats.md names the one case that differs).
std::optional<std::string> PhpString(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_unsigned()) {
    const auto u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return std::to_string(u);
  }
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_boolean()) return v.get<bool>() ? "1" : "";
  return std::nullopt;
}

// PHP's empty(): null, false, 0, 0.0, "", "0" and an empty array (JSON [] or {}).
bool PhpEmpty(const Json& v) {
  if (v.is_null()) return true;
  if (v.is_boolean()) return !v.get<bool>();
  if (v.is_number_float()) return v.get<double>() == 0.0;
  if (v.is_number_unsigned()) return v.get<uint64_t>() == 0;
  if (v.is_number_integer()) return v.get<int64_t>() == 0;
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    return s.empty() || s == "0";
  }
  return v.empty();
}

// The payload as Encrypter::getJsonPayload and decrypt() read it, up to the key.
struct Envelope {
  bool gcm = false;
  std::string iv_text, value_text, mac_text;  // the texts the MAC covers (CBC) and decrypt reads
  std::string iv, tag;                        // decoded
};

Result<Envelope> ReadEnvelope(std::string_view payload, const Limits& limits) {
  const std::string json_text = Base64DecodePhp(payload);
  if (json_text.starts_with("\xef\xbb\xbf")) {
    return Fail(ErrorCode::kMalformed, "laravel: payload is not JSON (byte order mark)");
  }
  auto json = ParseJson(json_text, limits);
  if (!json) return std::unexpected(json.error());
  const auto member = [&](const char* name) -> const Json* {
    if (!json->is_object()) return nullptr;
    auto it = json->find(name);
    return it == json->end() || it->is_null() ? nullptr : &*it;
  };
  const Json* iv = member("iv");
  const Json* value = member("value");
  const Json* mac = member("mac");
  if (iv == nullptr || value == nullptr || mac == nullptr) {
    return Fail(ErrorCode::kMalformed, "laravel: the payload is invalid (iv, value, mac)");
  }
  Envelope e;
  const Json* tag = member("tag");
  e.gcm = tag != nullptr && !PhpEmpty(*tag);
  auto iv_text = PhpString(*iv);
  auto value_text = PhpString(*value);
  if (!iv_text || !value_text) {
    return Fail(ErrorCode::kMalformed, "laravel: iv or value is not text");
  }
  auto iv_bytes = Base64DecodePhpStrict(*iv_text);
  if (!iv_bytes || iv_bytes->size() != (e.gcm ? 12u : 16u)) {
    return Fail(ErrorCode::kMalformed, "laravel: the payload is invalid (IV size)");
  }
  e.iv_text = std::move(*iv_text);
  e.value_text = std::move(*value_text);
  e.iv = std::move(*iv_bytes);
  if (e.gcm) {
    auto tag_text = PhpString(*tag);
    if (!tag_text) return Fail(ErrorCode::kMalformed, "laravel: tag is not text");
    e.tag = Base64DecodePhp(*tag_text);
    if (e.tag.size() != crypto::kGcmTagSize) {
      return Fail(ErrorCode::kMalformed, "laravel: tag is not 16 bytes");
    }
  } else {
    if (!mac->is_string()) return Fail(ErrorCode::kMalformed, "laravel: mac is not text");
    e.mac_text = mac->get<std::string>();
  }
  return e;
}

bool IsCanonicalBase64(std::string_view text, size_t* size = nullptr) {
  auto bytes = Base64DecodeStrict(text, Base64Alphabet::kStandard, Base64Padding::kPadded);
  if (bytes && size != nullptr) *size = bytes->size();
  return bytes.has_value();
}

bool IsLowerHex(std::string_view text) {
  return text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// A payload exactly as Encrypter writes it: canonical padded base64 of
// {"iv":..,"value":..,"mac":..,"tag":..} with every member in its canonical shape; `envelope`
// gets the JSON text. With `any_laravel`, also the three-member form without "tag" and
// json_encode's default '\/' escaping, which Laravel 8.83 decrypts just the same.
struct Shape {
  std::string envelope;
  bool gcm = false;
  size_t ciphertext_size = 0;
  std::string mac_or_tag;
};
std::optional<Shape> CanonicalShape(std::string_view payload, bool any_laravel) {
  auto bytes = Base64DecodeStrict(payload, Base64Alphabet::kStandard, Base64Padding::kPadded);
  if (!bytes || !bytes->starts_with(R"({"iv":")")) return std::nullopt;
  auto json = ParseJson(*bytes);
  if (!json || !json->is_object()) return std::nullopt;
  const bool with_tag = json->size() == 4;
  if (json->size() != 3 && !with_tag) return std::nullopt;
  if (!with_tag && !any_laravel) return std::nullopt;
  static constexpr std::array<const char*, 4> kOrder = {"iv", "value", "mac", "tag"};
  size_t i = 0;
  for (auto it = json->begin(); it != json->end(); ++it, ++i) {
    if (it.key() != kOrder[i] || !it.value().is_string()) return std::nullopt;
  }
  const auto text = [&](const char* name) { return json->at(name).get<std::string>(); };
  Shape s;
  const std::string iv = text("iv"), value = text("value"), mac = text("mac");
  const std::string tag = with_tag ? text("tag") : std::string();
  s.gcm = !tag.empty();
  size_t iv_size = 0, tag_size = 0;
  if (!IsCanonicalBase64(iv, &iv_size) || iv_size != (s.gcm ? 12u : 16u)) return std::nullopt;
  if (!IsCanonicalBase64(value, &s.ciphertext_size)) return std::nullopt;
  if (s.gcm) {
    if (!mac.empty() || !IsCanonicalBase64(tag, &tag_size) || tag_size != crypto::kGcmTagSize) {
      return std::nullopt;
    }
    s.mac_or_tag = tag;
  } else {
    if (s.ciphertext_size == 0 || s.ciphertext_size % 16 != 0) return std::nullopt;
    if (mac.size() != 64 || !IsLowerHex(mac)) return std::nullopt;
    s.mac_or_tag = mac;
  }
  std::string written = R"({"iv":")" + iv + R"(","value":")" + value + R"(","mac":")" + mac +
                        (with_tag ? R"(","tag":")" + tag : std::string()) + R"("})";
  std::string escaped;
  if (any_laravel) {
    for (char c : written) escaped += c == '/' ? std::string(R"(\/)") : std::string(1, c);
  }
  if (*bytes != written && (!any_laravel || *bytes != escaped)) return std::nullopt;
  s.envelope = std::move(*bytes);
  return s;
}

// The payload of a token that is exactly the payload or its rawurlencoded form (Set-Cookie).
std::optional<std::string> CanonicalPayload(std::string_view token) {
  if (token.find('%') == std::string_view::npos) return std::string(token);
  std::string payload = laravel::PhpCookieValue(token);
  if (laravel::CookieEscape(payload) != token) return std::nullopt;
  return payload;
}

class LaravelSigner final : public Signer {
 public:
  LaravelSigner(std::vector<crypto::SecretBytes> keys, std::optional<Cipher> cipher,
                const Options& options)
      : keys_(std::move(keys)),
        cipher_(cipher),
        cookie_name_(options.cookie_name),
        strict_(options.strict),
        limits_(options.limits) {}

  Result<Signed> Sign(std::string_view value) const override {
    if (value.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "laravel: value longer than the limit");
    }
    const Cipher cipher = cipher_.value_or(Cipher::kAes256Cbc);
    const std::string_view key = keys_.back().reveal();
    if (key.size() != laravel::KeySize(cipher)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "laravel: " + std::string(laravel::CipherName(cipher)) + " needs a " +
                      std::to_string(laravel::KeySize(cipher)) + "-byte APP_KEY (--cipher " +
                      (key.size() == 16 ? "AES-128-CBC or AES-128-GCM" : "AES-256-CBC") +
                      " fits this one)");
    }
    std::string plaintext;
    if (!cookie_name_.empty()) plaintext = laravel::CookiePrefix(cookie_name_, key);
    plaintext.append(value);
    auto iv = crypto::RandomBytes(laravel::IvSize(cipher));
    if (!iv) return std::unexpected(iv.error());
    auto payload = laravel::Encrypt(cipher, key, *iv, plaintext);
    crypto::Cleanse(plaintext.data(), plaintext.size());
    if (!payload) return std::unexpected(payload.error());
    Signed out;
    out.token = cookie_name_.empty() ? std::move(*payload) : laravel::CookieEscape(*payload);
    if (out.token.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "laravel: token longer than the limit");
    }
    return out;
  }

  Result<Verified> Verify(std::string_view token, std::string_view) const override {
    if (token.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "laravel: token longer than the limit");
    }
    if (strict_) {
      auto payload = CanonicalPayload(token);
      if (!payload || !CanonicalShape(*payload, /*any_laravel=*/false)) {
        return Fail(ErrorCode::kMalformed, "laravel: not the payload Laravel 8.83 writes");
      }
    }
    auto envelope = ReadEnvelope(laravel::PhpCookieValue(token), limits_);
    if (!envelope) return std::unexpected(envelope.error());
    const Envelope& e = *envelope;
    if (cipher_ && laravel::IsGcm(*cipher_) != e.gcm) {
      return Fail(ErrorCode::kMalformed, "laravel: the payload is invalid for the cipher");
    }
    const std::string ciphertext = Base64DecodePhp(e.value_text);
    for (size_t i = 0; i < keys_.size(); ++i) {
      const std::string_view key = keys_[i].reveal();
      std::string plaintext;
      if (e.gcm) {
        auto plain = crypto::AesGcmDecrypt(key, e.iv, "", ciphertext, e.tag);
        if (!plain) {
          if (plain.error().code == ErrorCode::kBadSignature) continue;
          return std::unexpected(plain.error());
        }
        plaintext = std::move(*plain);
      } else {
        const std::string mac =
            HexEncode(crypto::Hmac(crypto::Digest::kSha256, key, e.iv_text + e.value_text));
        if (!crypto::ConstantTimeEquals(mac, e.mac_text)) continue;
        auto plain = crypto::AesCbcDecrypt(key, e.iv, ciphertext);
        if (!plain) return Fail(ErrorCode::kMalformed, "laravel: could not decrypt the data");
        plaintext = std::move(*plain);
      }
      return Open(std::move(plaintext), key, i);
    }
    return Fail(ErrorCode::kBadSignature,
                e.gcm ? "laravel: AES-GCM tag mismatch" : "laravel: the MAC is invalid");
  }

 private:
  // EncryptCookies: the value after this cookie's prefix; without a cookie name, the plaintext.
  Result<Verified> Open(std::string plaintext, std::string_view key, size_t index) const {
    Verified v;
    v.key_index = index;
    if (cookie_name_.empty()) {
      v.value = std::move(plaintext);
      return v;
    }
    const std::string prefix = laravel::CookiePrefix(cookie_name_, key);
    const bool ok =
        plaintext.size() >= prefix.size() &&
        crypto::ConstantTimeEquals(std::string_view(plaintext).substr(0, prefix.size()), prefix);
    if (ok) v.value = plaintext.substr(prefix.size());
    crypto::Cleanse(plaintext.data(), plaintext.size());
    if (!ok) return Fail(ErrorCode::kBadSignature, "laravel: the value is not this cookie's");
    return v;
  }

  std::vector<crypto::SecretBytes> keys_;
  std::optional<Cipher> cipher_;
  std::string cookie_name_;
  bool strict_;
  Limits limits_;
};

constexpr FormatTraits kTraits{
    .name = "laravel",
    .summary =
        "Laravel 8 encrypted cookies (EncryptCookies) and Crypt::encryptString: base64 "
        "JSON {iv, value, mac, tag}, AES-CBC + HMAC-SHA256 or AES-GCM under APP_KEY",
    .defaults =
        "AES-256-CBC (config app.cipher); the secret is APP_KEY as in .env (base64:... or "
        "the raw text; 16 or 32 bytes); verify reads AES-128/256 from the key and GCM "
        "from the tag; with --cookie-name, EncryptCookies' HMAC-SHA1 value prefix",
    .options = {Opt::kCookieName, Opt::kCipher, Opt::kStrict},
    .payload = PayloadKind::kEncrypted,
};

class LaravelCodecImpl final : public Codec {
 public:
  const FormatTraits& traits() const override { return kTraits; }

  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    if (options.secrets.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "laravel: no APP_KEY");
    }
    std::optional<Cipher> cipher;
    if (options.cipher) {
      auto parsed = laravel::ParseCipher(*options.cipher);
      if (!parsed) return std::unexpected(parsed.error());
      cipher = *parsed;
    }
    std::vector<crypto::SecretBytes> keys;
    keys.reserve(options.secrets.size());
    for (const auto& secret : options.secrets) {
      auto key = laravel::ParseAppKey(secret.reveal());
      if (!key) return std::unexpected(key.error());
      const bool fits = !cipher || key->size() == laravel::KeySize(*cipher);
      keys.emplace_back(*key);
      crypto::Cleanse(key->data(), key->size());
      if (!fits) {
        return Fail(ErrorCode::kInvalidArgument,
                    "laravel: " + std::string(laravel::CipherName(*cipher)) + " needs a " +
                        std::to_string(laravel::KeySize(*cipher)) + "-byte APP_KEY");
      }
    }
    return std::make_unique<LaravelSigner>(std::move(keys), cipher, options);
  }

  // Claims only what Laravel writes (CanonicalShape), the payload itself or rawurlencoded as in
  // Set-Cookie; the envelope is readable, the value inside it is not.
  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    if (token.size() > limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "laravel: token longer than the limit");
    }
    auto payload = CanonicalPayload(token);
    auto shape = payload ? CanonicalShape(*payload, /*any_laravel=*/true) : std::nullopt;
    if (!shape) return Fail(ErrorCode::kMalformed, "laravel: not a Laravel encrypted payload");
    Decoded d;
    d.format = std::string(kTraits.name);
    d.payload = std::move(shape->envelope);
    d.is_json = true;
    d.encrypted = true;
    d.signature = shape->mac_or_tag;
    d.notes = std::string(shape->gcm ? "AES-GCM" : "AES-CBC + HMAC-SHA256") +
              " (AES-128 or AES-256: the key's length decides), " +
              std::to_string(shape->ciphertext_size) + " bytes encrypted";
    return d;
  }

  // What `php artisan key:generate` writes into .env: "base64:" and the 32 bytes.
  std::string KeyFromRandomBytes(std::string_view bytes32) const override {
    return "base64:" + Base64Encode(bytes32, Base64Alphabet::kStandard, Base64Padding::kPadded);
  }
};

}  // namespace

const Codec& LaravelCodec() {
  static const LaravelCodecImpl codec;
  return codec;
}

}  // namespace knox::token
