#include "core/token/public_keys.h"

#include "core/base/base64.h"
#include "core/token/json_style.h"

namespace knox::token {
namespace {

constexpr size_t kMaxText = size_t{1} << 20;
constexpr size_t kMaxKeys = 64;

std::string_view TrimLeft(std::string_view text) {
  const size_t start = text.find_first_not_of(" \t\r\n");
  return start == std::string_view::npos ? std::string_view() : text.substr(start);
}

Result<std::string> Member(const Json& jwk, const char* name, size_t index) {
  auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) {
    return Fail(ErrorCode::kInvalidArgument, "JWK " + std::to_string(index) + ": member \"" + name +
                                                 "\" missing or not a string");
  }
  auto bytes = Base64DecodeStrict(it->get_ref<const std::string&>(), Base64Alphabet::kUrl,
                                  Base64Padding::kUnpadded);
  if (!bytes) {
    return Fail(ErrorCode::kInvalidArgument, "JWK " + std::to_string(index) + ": member \"" + name +
                                                 "\" is not unpadded base64url");
  }
  return bytes;
}

std::string OptionalString(const Json& jwk, const char* name) {
  auto it = jwk.find(name);
  return it != jwk.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// nullopt: a key knox skips (encryption use, unknown type or curve).
Result<std::optional<crypto::PublicKey>> KeyOf(const Json& jwk, size_t index) {
  const std::string where = "JWK " + std::to_string(index);
  if (!jwk.is_object()) return Fail(ErrorCode::kInvalidArgument, where + ": not an object");
  for (const char* secret : {"d", "p", "q", "dp", "dq", "qi", "k"}) {
    if (jwk.contains(secret)) {
      return Fail(ErrorCode::kInvalidArgument, where +
                                                   ": holds private or secret key material (\"" +
                                                   secret + "\"); give the public JWK Set");
    }
  }
  const std::string kty = OptionalString(jwk, "kty");
  if (kty.empty()) return Fail(ErrorCode::kInvalidArgument, where + ": no \"kty\"");
  if (OptionalString(jwk, "use") == "enc") return std::optional<crypto::PublicKey>();
  if (kty == "RSA") {
    auto n = Member(jwk, "n", index);
    if (!n) return std::unexpected(n.error());
    auto e = Member(jwk, "e", index);
    if (!e) return std::unexpected(e.error());
    auto key = crypto::PublicKey::FromRsa(*n, *e);
    if (!key) return Fail(ErrorCode::kInvalidArgument, where + ": " + key.error().message);
    return std::optional<crypto::PublicKey>(std::move(*key));
  }
  const std::string crv = OptionalString(jwk, "crv");
  if (kty == "EC" && (crv == "P-256" || crv == "P-384" || crv == "P-521")) {
    auto x = Member(jwk, "x", index);
    if (!x) return std::unexpected(x.error());
    auto y = Member(jwk, "y", index);
    if (!y) return std::unexpected(y.error());
    auto key = crypto::PublicKey::FromEcPoint(crv, *x, *y);
    if (!key) return Fail(ErrorCode::kInvalidArgument, where + ": " + key.error().message);
    return std::optional<crypto::PublicKey>(std::move(*key));
  }
  if (kty == "OKP" && crv == "Ed25519") {
    auto x = Member(jwk, "x", index);
    if (!x) return std::unexpected(x.error());
    auto key = crypto::PublicKey::FromEd25519(*x);
    if (!key) return Fail(ErrorCode::kInvalidArgument, where + ": " + key.error().message);
    return std::optional<crypto::PublicKey>(std::move(*key));
  }
  if (kty == "oct") {
    return Fail(ErrorCode::kInvalidArgument,
                where + ": a symmetric (\"oct\") key; give an HMAC secret with --secret");
  }
  return std::optional<crypto::PublicKey>();  // a type or curve knox does not verify with
}

Result<std::vector<PublicKeyEntry>> ParseJwks(std::string_view text) {
  Limits limits;
  limits.max_json_depth = 8;
  limits.max_decompressed_bytes = kMaxText;
  auto doc = ParseJson(text, limits);
  if (!doc || !doc->is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "public keys: not a JWK or JWK Set (JSON object)");
  }
  std::vector<const Json*> jwks;
  if (doc->contains("keys")) {
    const Json& keys = (*doc)["keys"];
    if (!keys.is_array()) {
      return Fail(ErrorCode::kInvalidArgument, "public keys: \"keys\" is not an array");
    }
    if (keys.size() > kMaxKeys) {
      return Fail(ErrorCode::kLimitExceeded, "public keys: more than 64 keys in the JWK Set");
    }
    for (const Json& k : keys) jwks.push_back(&k);
  } else {
    jwks.push_back(&*doc);
  }
  std::vector<PublicKeyEntry> out;
  size_t skipped = 0;
  for (size_t i = 0; i < jwks.size(); ++i) {
    auto key = KeyOf(*jwks[i], i);
    if (!key) return std::unexpected(key.error());
    if (!*key) {
      ++skipped;
      continue;
    }
    out.push_back(PublicKeyEntry{.key = std::move(**key),
                                 .kid = OptionalString(*jwks[i], "kid"),
                                 .alg = OptionalString(*jwks[i], "alg")});
  }
  if (out.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "public keys: no signature key knox can use (" + std::to_string(skipped) +
                    " skipped: encryption keys or unsupported types/curves)");
  }
  return out;
}

}  // namespace

bool LooksLikePublicKeys(std::string_view text) {
  const std::string_view start = TrimLeft(text);
  return start.starts_with("-----BEGIN ") || start.starts_with("{");
}

Result<std::vector<PublicKeyEntry>> LoadPublicKeys(std::string_view text) {
  if (text.size() > kMaxText) {
    return Fail(ErrorCode::kLimitExceeded, "public keys: more than 1 MiB of text");
  }
  const std::string_view start = TrimLeft(text);
  if (start.starts_with("{")) return ParseJwks(start);
  auto key = crypto::PublicKey::FromPem(start);
  if (!key) return std::unexpected(key.error());
  std::vector<PublicKeyEntry> out;
  out.push_back(PublicKeyEntry{.key = std::move(*key), .kid = {}, .alg = {}});
  return out;
}

}  // namespace knox::token
