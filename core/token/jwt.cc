#include "core/token/jwt.h"

#include <cmath>
#include <vector>

#include "core/base/base64.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/hmac.h"

namespace knox::token {
namespace {

constexpr crypto::Digest kAllDigests[] = {crypto::Digest::kSha256, crypto::Digest::kSha384,
                                          crypto::Digest::kSha512};

std::string_view AlgName(crypto::Digest d) {
  switch (d) {
    case crypto::Digest::kSha384:
      return "HS384";
    case crypto::Digest::kSha512:
      return "HS512";
    default:
      return "HS256";
  }
}

struct Segments {
  std::string_view header_text, payload_text, signature_text;
  std::string_view signing_input;
};

Result<Segments> Split(std::string_view token) {
  const size_t last = token.rfind('.');
  if (last == std::string_view::npos)
    return Fail(ErrorCode::kMalformed, "jwt: not enough segments");
  Segments s;
  s.signing_input = token.substr(0, last);
  s.signature_text = token.substr(last + 1);
  const size_t first = s.signing_input.find('.');
  if (first == std::string_view::npos) {
    return Fail(ErrorCode::kMalformed, "jwt: not enough segments");
  }
  s.header_text = s.signing_input.substr(0, first);
  s.payload_text = s.signing_input.substr(first + 1);
  return s;
}

// PyJWT's base64url_decode, or the canonical unpadded form only when strict.
Result<std::string> DecodeSegment(std::string_view text, bool strict) {
  if (strict) return Base64DecodeStrict(text, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  return Base64DecodeUrlPadFixed(text, /*drop_non_ascii=*/false);
}

bool Truthy(const Json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  if (v.is_array() || v.is_object()) return !v.empty();
  return true;
}

struct Parsed {
  Json header;
  Json payload;  // only after the signature checked out
  std::string payload_bytes;
  std::string signature;
};

// Everything PyJWT's _load and _validate_headers do before the signature check.
Result<Parsed> Load(const Segments& seg, bool strict, const Limits& limits) {
  Parsed p;
  auto header_bytes = DecodeSegment(seg.header_text, strict);
  if (!header_bytes) return Fail(ErrorCode::kMalformed, "jwt: invalid header padding");
  auto header = ParseJson(*header_bytes, limits);
  if (!header) {
    if (header.error().code == ErrorCode::kLimitExceeded) return std::unexpected(header.error());
    return Fail(ErrorCode::kMalformed, "jwt: invalid header string");
  }
  if (!header->is_object()) return Fail(ErrorCode::kMalformed, "jwt: header is not an object");
  auto payload_bytes = DecodeSegment(seg.payload_text, strict);
  if (!payload_bytes) return Fail(ErrorCode::kMalformed, "jwt: invalid payload padding");
  auto signature = DecodeSegment(seg.signature_text, strict);
  if (!signature) return Fail(ErrorCode::kMalformed, "jwt: invalid crypto padding");
  if (header->contains("kid") && !(*header)["kid"].is_string()) {
    return Fail(ErrorCode::kMalformed, "jwt: kid must be a string");
  }
  if (header->contains("crit")) {
    const Json& crit = (*header)["crit"];
    if (!crit.is_array() || crit.empty()) return Fail(ErrorCode::kMalformed, "jwt: invalid crit");
    for (const Json& ext : crit) {
      if (!ext.is_string() || ext.get<std::string>() != "b64" || !header->contains("b64")) {
        return Fail(ErrorCode::kMalformed, "jwt: unsupported critical extension");
      }
    }
  }
  if (header->contains("b64") && (*header)["b64"].is_boolean() && !(*header)["b64"].get<bool>()) {
    return Fail(ErrorCode::kMalformed, "jwt: detached payloads are not supported");
  }
  p.header = std::move(*header);
  p.payload_bytes = std::move(*payload_bytes);
  p.signature = std::move(*signature);
  return p;
}

// PyJWT's _validate_claims with default options, leeway 0 and no audience or issuer.
Result<void> ValidateClaims(const Json& payload, int64_t now) {
  const double now_d = static_cast<double>(now);
  if (payload.contains("iat")) {
    const Json& iat = payload["iat"];
    // int(iat) must work, then `iat > now` compares the raw value: a string fails either way.
    auto as_int = PythonIntOfClaim(iat);
    if (!as_int || iat.is_string()) return Fail(ErrorCode::kMalformed, "jwt: iat must be a number");
    const double raw = iat.is_number_float() ? iat.get<double>() : *as_int;
    if (raw > now_d) return Fail(ErrorCode::kExpired, "jwt: not yet valid (iat)");
  }
  if (payload.contains("nbf")) {
    auto nbf = PythonIntOfClaim(payload["nbf"]);
    if (!nbf) return Fail(ErrorCode::kMalformed, "jwt: nbf must be an integer");
    if (*nbf > now_d) return Fail(ErrorCode::kExpired, "jwt: not yet valid (nbf)");
  }
  if (payload.contains("exp")) {
    auto exp = PythonIntOfClaim(payload["exp"]);
    if (!exp) return Fail(ErrorCode::kMalformed, "jwt: exp must be an integer");
    if (*exp <= now_d) return Fail(ErrorCode::kExpired, "jwt: signature has expired");
  }
  if (payload.contains("aud") && Truthy(payload["aud"])) {
    return Fail(ErrorCode::kMalformed, "jwt: aud claim present but no audience configured");
  }
  return {};
}

std::optional<int64_t> IntegerClaim(const Json& payload, const char* name) {
  if (!payload.is_object() || !payload.contains(name)) return std::nullopt;
  const Json& v = payload[name];
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float() && std::isfinite(v.get<double>()) && std::fabs(v.get<double>()) < 9e18) {
    return static_cast<int64_t>(v.get<double>());
  }
  return std::nullopt;
}

struct Loaded {
  Segments seg;
  Parsed parsed;
};

// What every verifier does first: the size limit, the segments, and PyJWT's header checks.
Result<Loaded> SplitAndLoad(std::string_view token, bool strict, const Limits& limits) {
  if (token.size() > limits.max_token_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "jwt: token longer than the limit");
  }
  auto seg = Split(token);
  if (!seg) return std::unexpected(seg.error());
  auto parsed = Load(*seg, strict, limits);
  if (!parsed) return std::unexpected(parsed.error());
  return Loaded{*seg, std::move(*parsed)};
}

// After the signature checked out: the payload object and its claims, as PyJWT's decode.
Result<Verified> FinishVerify(const Parsed& parsed, size_t key_index, const Clock& clock,
                              const Limits& limits) {
  auto payload = ParseJson(parsed.payload_bytes, limits);
  if (!payload) {
    if (payload.error().code == ErrorCode::kLimitExceeded) return std::unexpected(payload.error());
    return Fail(ErrorCode::kMalformed, "jwt: invalid payload string");
  }
  if (!payload->is_object()) return Fail(ErrorCode::kMalformed, "jwt: payload is not an object");
  auto claims = ValidateClaims(*payload, clock.NowSeconds());
  if (!claims) return std::unexpected(claims.error());
  Verified v;
  v.value = PyJsonDumps(*payload, PyJsonStyle{.compact = true, .ensure_ascii = false});
  v.is_json = true;
  v.timestamp = IntegerClaim(*payload, "iat");
  v.key_index = key_index;
  return v;
}

// The asymmetric JWS algorithms (RFC 7518 §3.3–3.5, RFC 8037) and the key each needs.
struct AsymmetricAlg {
  std::string_view name;
  crypto::SignatureScheme scheme;
  crypto::Digest digest;
  crypto::KeyType key;  // for RSA: any modulus size
};
constexpr AsymmetricAlg kAsymmetricAlgs[] = {
    {"RS256", crypto::SignatureScheme::kRsaPkcs1, crypto::Digest::kSha256, crypto::KeyType::kRsa},
    {"RS384", crypto::SignatureScheme::kRsaPkcs1, crypto::Digest::kSha384, crypto::KeyType::kRsa},
    {"RS512", crypto::SignatureScheme::kRsaPkcs1, crypto::Digest::kSha512, crypto::KeyType::kRsa},
    {"PS256", crypto::SignatureScheme::kRsaPss, crypto::Digest::kSha256, crypto::KeyType::kRsa},
    {"PS384", crypto::SignatureScheme::kRsaPss, crypto::Digest::kSha384, crypto::KeyType::kRsa},
    {"PS512", crypto::SignatureScheme::kRsaPss, crypto::Digest::kSha512, crypto::KeyType::kRsa},
    {"ES256", crypto::SignatureScheme::kEcdsa, crypto::Digest::kSha256, crypto::KeyType::kEcP256},
    {"ES384", crypto::SignatureScheme::kEcdsa, crypto::Digest::kSha384, crypto::KeyType::kEcP384},
    {"ES512", crypto::SignatureScheme::kEcdsa, crypto::Digest::kSha512, crypto::KeyType::kEcP521},
    {"EdDSA", crypto::SignatureScheme::kEd25519, crypto::Digest::kSha512,
     crypto::KeyType::kEd25519},
};

const AsymmetricAlg* FindAsymmetricAlg(std::string_view name) {
  for (const AsymmetricAlg& a : kAsymmetricAlgs) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

// Verification with public keys. The algorithm follows the key type (the key-confusion rule):
// `none` and every HS* algorithm are refused outright — a public key is never an HMAC secret —
// and an RS/PS token verifies only under an RSA key, ES256/384/512 only under a P-256/384/521
// key, EdDSA only under an Ed25519 key, and never under a JWK whose `alg` names another
// algorithm. With a kid in the header and kids in the key set, only the keys with that kid are
// tried. --digest narrows the algorithms to those with that hash (EdDSA has none).
class JwtPublicKeyVerifier final : public Signer {
 public:
  explicit JwtPublicKeyVerifier(const Options& o)
      : keys_(o.public_keys),
        digest_(o.digest),
        clock_(o.clock),
        strict_(o.strict),
        limits_(o.limits) {}

  Result<Signed> Sign(std::string_view) const override {
    return Fail(ErrorCode::kInvalidArgument,
                "jwt: public keys only verify; knox signs HS256/384/512 with --secret");
  }

  Result<Verified> Verify(std::string_view token, std::string_view /*signature*/) const override {
    auto loaded = SplitAndLoad(token, strict_, limits_);
    if (!loaded) return std::unexpected(loaded.error());
    auto& [seg, parsed] = *loaded;
    const Json alg = parsed.header.contains("alg") ? parsed.header["alg"] : Json();
    if (!alg.is_string()) return Fail(ErrorCode::kBadSignature, "jwt: alg not allowed");
    const std::string& name = alg.get_ref<const std::string&>();
    if (name.starts_with("HS")) {
      return Fail(
          ErrorCode::kBadSignature,
          "jwt: " + name + " refused: a public key is never an HMAC secret (key confusion)");
    }
    const AsymmetricAlg* a = FindAsymmetricAlg(name);
    if (a == nullptr ||
        (digest_ && (a->scheme == crypto::SignatureScheme::kEd25519 || *digest_ != a->digest))) {
      return Fail(ErrorCode::kBadSignature, "jwt: alg not allowed");
    }
    std::string kid;
    if (parsed.header.contains("kid")) kid = parsed.header["kid"].get<std::string>();
    bool any_kid = false;
    for (const PublicKeyEntry& k : keys_) any_kid = any_kid || !k.kid.empty();
    bool compatible = false;
    for (size_t i = 0; i < keys_.size(); ++i) {
      const PublicKeyEntry& k = keys_[i];
      if (k.key.type() != a->key) continue;
      if (!k.alg.empty() && k.alg != a->name) continue;
      if (!kid.empty() && any_kid && k.kid != kid) continue;
      compatible = true;
      if (k.key.Verify(a->scheme, a->digest, seg.signing_input, parsed.signature)) {
        return FinishVerify(parsed, i, *clock_, limits_);
      }
    }
    if (!compatible) {
      return Fail(ErrorCode::kBadSignature,
                  "jwt: no " + std::string(crypto::KeyTypeName(a->key)) + " key" +
                      (kid.empty() || !any_kid ? "" : " with this kid") + " for " + name);
    }
    return Fail(ErrorCode::kBadSignature, "jwt: signature verification failed");
  }

 private:
  std::vector<PublicKeyEntry> keys_;
  std::optional<crypto::Digest> digest_;
  const Clock* clock_;
  bool strict_;
  Limits limits_;
};

class JwtSigner final : public Signer {
 public:
  struct Key {
    crypto::Digest digest;
    std::vector<crypto::HmacKey> keys;  // one per secret
  };

  JwtSigner(std::vector<Key> keys, crypto::Digest sign_digest, const Options& o)
      : keys_(std::move(keys)),
        sign_digest_(sign_digest),
        timestamp_(o.timestamp),
        clock_(o.clock),
        strict_(o.strict),
        limits_(o.limits) {}

  Result<Signed> Sign(std::string_view value) const override {
    if (value.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "jwt: payload longer than the limit");
    }
    auto doc = ParseJson(value, limits_);
    if (!doc) return std::unexpected(doc.error());
    if (!doc->is_object())
      return Fail(ErrorCode::kInvalidArgument, "jwt: payload must be an object");
    if (timestamp_ && !doc->contains("iat")) (*doc)["iat"] = *timestamp_;
    // PyJWT: json.dumps(header, separators=(",", ":"), sort_keys=True) = alg before typ.
    const std::string header =
        "{\"alg\":\"" + std::string(AlgName(sign_digest_)) + "\",\"typ\":\"JWT\"}";
    const std::string payload = PyJsonDumps(*doc, PyJsonStyle{});
    Signed out;
    out.token = Base64Encode(header, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
    out.token.push_back('.');
    Base64EncodeAppend(payload, Base64Alphabet::kUrl, Base64Padding::kUnpadded, out.token);
    const crypto::HmacKey& key = KeysFor(sign_digest_)->keys.back();
    unsigned char mac[crypto::kMaxDigestSize];
    key.Sign(out.token, mac);
    out.token.push_back('.');
    Base64EncodeAppend(std::string_view(reinterpret_cast<const char*>(mac), key.size()),
                       Base64Alphabet::kUrl, Base64Padding::kUnpadded, out.token);
    return out;
  }

  Result<Verified> Verify(std::string_view token, std::string_view /*signature*/) const override {
    auto loaded = SplitAndLoad(token, strict_, limits_);
    if (!loaded) return std::unexpected(loaded.error());
    auto& [seg, parsed] = *loaded;
    const Json& alg = parsed.header.contains("alg") ? parsed.header["alg"] : Json();
    const Key* key = nullptr;
    if (alg.is_string()) {
      for (const Key& k : keys_) {
        if (alg.get<std::string>() == AlgName(k.digest)) key = &k;
      }
    }
    if (key == nullptr) return Fail(ErrorCode::kBadSignature, "jwt: alg not allowed");
    std::optional<size_t> index;
    unsigned char mac[crypto::kMaxDigestSize];
    for (size_t i = 0; i < key->keys.size(); ++i) {
      key->keys[i].Sign(seg.signing_input, mac);
      if (crypto::ConstantTimeEquals(
              std::string_view(reinterpret_cast<const char*>(mac), key->keys[i].size()),
              parsed.signature)) {
        index = i;
        break;
      }
    }
    if (!index) return Fail(ErrorCode::kBadSignature, "jwt: signature verification failed");
    return FinishVerify(parsed, *index, *clock_, limits_);
  }

 private:
  const Key* KeysFor(crypto::Digest d) const {
    for (const Key& k : keys_) {
      if (k.digest == d) return &k;
    }
    return &keys_.front();
  }

  std::vector<Key> keys_;
  crypto::Digest sign_digest_;
  std::optional<int64_t> timestamp_;
  const Clock* clock_;
  bool strict_;
  Limits limits_;
};

constexpr FormatTraits kJwtTraits{
    .name = "jwt",
    .summary =
        "JSON Web Token: HS256/384/512 with --secret; RS/PS/ES/EdDSA verified with a public "
        "key PEM or JWKS as --secret-file (PyJWT 2.6 / jsonwebtoken)",
    .defaults =
        "any HS* algorithm with a secret, any algorithm of the key's type with public "
        "keys (--digest restricts either); alg none is always refused, and so is HS* with "
        "a public key",
    .options = {Opt::kDigest, Opt::kTimestamp, Opt::kStrict},
    .payload = PayloadKind::kClaims,
    .issue_time = IssueTime::kClaims,
    .hashcat_mode = 16500,
    .verifies_with_public_keys = true,
};

class JwtCodecImpl final : public Codec {
 public:
  const FormatTraits& traits() const override { return kJwtTraits; }

  // HMAC(secret, HEADER.PAYLOAD) with the HS* digest whose MAC size the signature has (32, 48 or
  // 64 bytes; --digest restricts it). By size rather than by the header's alg: a signature of
  // another size never verifies under the alg, so the plan can only be too eager, never too strict.
  std::optional<MacPlan> PlanMac(const Options& options, std::string_view token,
                                 std::string_view) const override {
    for (crypto::Digest d : kAllDigests) {
      if (options.digest && *options.digest != d) continue;
      if (auto plan = PlanSplitAtLast(token, ".", d, KeyRule::kRaw, "")) return plan;
    }
    return std::nullopt;
  }

  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    if (!options.public_keys.empty()) {
      if (!options.secrets.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "jwt: give HMAC secrets or public keys, not both (an HS token must never "
                    "verify under a public key, nor an RS token under a secret)");
      }
      if (options.digest == crypto::Digest::kSha1) {
        return Fail(ErrorCode::kInvalidArgument, "jwt: only sha256, sha384 and sha512");
      }
      return std::make_unique<JwtPublicKeyVerifier>(options);
    }
    if (options.secrets.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "jwt: at least one secret is required");
    }
    if (options.digest == crypto::Digest::kSha1) {
      return Fail(ErrorCode::kInvalidArgument, "jwt: only sha256, sha384 and sha512 (HS*)");
    }
    std::vector<JwtSigner::Key> keys;
    for (crypto::Digest d : kAllDigests) {
      if (options.digest && *options.digest != d) continue;
      JwtSigner::Key k{d, {}};
      for (const auto& s : options.secrets) k.keys.emplace_back(d, s.reveal());
      keys.push_back(std::move(k));
    }
    const crypto::Digest sign_digest = options.digest.value_or(crypto::Digest::kSha256);
    return std::make_unique<JwtSigner>(std::move(keys), sign_digest, options);
  }

  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    auto loaded = SplitAndLoad(token, /*strict=*/false, limits);
    if (!loaded) return std::unexpected(loaded.error());
    auto& [seg, parsed] = *loaded;
    if (!parsed.header.contains("alg") || !parsed.header["alg"].is_string()) {
      return Fail(ErrorCode::kMalformed, "jwt: header without alg");
    }
    auto payload = ParseJson(parsed.payload_bytes, limits);
    if (!payload) return std::unexpected(payload.error());
    Decoded d;
    d.format = "jwt";
    d.payload = PyJsonDumps(*payload, PyJsonStyle{.compact = true, .ensure_ascii = false});
    d.is_json = true;
    d.timestamp = IntegerClaim(*payload, "iat");
    d.expires = IntegerClaim(*payload, "exp");
    d.signature = std::string(seg.signature_text);
    d.notes =
        "header " + PyJsonDumps(parsed.header, PyJsonStyle{.compact = true, .ensure_ascii = false});
    return d;
  }
};

// Python's int(str): optional whitespace, sign, ASCII digits with single '_' between digits.
std::optional<double> PythonIntOfString(std::string_view s) {
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  double v = 0;
  bool last_digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      v = v * 10 + (c - '0');
      last_digit = true;
    } else if (c == '_' && last_digit) {
      last_digit = false;
    } else {
      return std::nullopt;
    }
  }
  if (!last_digit) return std::nullopt;
  return negative ? -v : v;
}

}  // namespace

std::optional<double> PythonIntOfClaim(const Json& value) {
  if (value.is_boolean()) return value.get<bool>() ? 1.0 : 0.0;
  if (value.is_number_integer() || value.is_number_unsigned()) return value.get<double>();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (!std::isfinite(d)) return std::nullopt;
    return std::trunc(d);
  }
  if (value.is_string()) return PythonIntOfString(value.get<std::string>());
  return std::nullopt;
}

const Codec& JwtCodec() {
  static const JwtCodecImpl codec;
  return codec;
}

std::string JwtHeaderAlg(std::string_view token, const Limits& limits) {
  auto loaded = SplitAndLoad(token, /*strict=*/false, limits);
  if (!loaded) return {};
  const Json& header = loaded->parsed.header;
  auto alg = header.find("alg");
  return alg != header.end() && alg->is_string() ? alg->get<std::string>() : std::string();
}

}  // namespace knox::token
