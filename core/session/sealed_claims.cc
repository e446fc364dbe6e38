#include "core/session/sealed_claims.h"

#include <nlohmann/json.hpp>

#include "core/base/base64.h"

namespace knox::session {
namespace {

using nlohmann::json;

bool ReadStringArray(const json& j, std::vector<std::string>& out) {
  if (!j.is_array()) return false;
  for (const auto& e : j) {
    if (!e.is_string()) return false;
    out.push_back(e.get<std::string>());
  }
  return true;
}

bool ReadStringMap(const json& j, std::map<std::string, std::string>& out) {
  if (!j.is_object()) return false;
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string()) return false;
    out.emplace(k, v.get<std::string>());
  }
  return true;
}

}  // namespace

std::string EncodeClaims(const SealedClaims& claims) {
  json j = {{"u", claims.user},
            {"r", claims.roles},
            {"c", claims.created_at},
            {"a", claims.absolute_expiry},
            {"t", Base64Encode(claims.token_id, Base64Alphabet::kUrl, Base64Padding::kUnpadded)},
            {"d", claims.data}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<SealedClaims> DecodeClaims(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  auto u = j.find("u"), r = j.find("r"), c = j.find("c"), a = j.find("a"), t = j.find("t"),
       d = j.find("d");
  if (u == j.end() || r == j.end() || c == j.end() || a == j.end() || t == j.end() ||
      d == j.end()) {
    return std::nullopt;
  }
  if (!u->is_string() || !c->is_number_integer() || !a->is_number_integer() || !t->is_string()) {
    return std::nullopt;
  }
  SealedClaims claims{.user = u->get<std::string>(),
                      .created_at = c->get<int64_t>(),
                      .absolute_expiry = a->get<int64_t>()};
  auto token_id =
      Base64DecodeStrict(t->get<std::string>(), Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  if (!token_id || token_id->size() != kTokenIdBytes) return std::nullopt;
  claims.token_id = std::move(*token_id);
  if (!ReadStringArray(*r, claims.roles) || !ReadStringMap(*d, claims.data)) return std::nullopt;
  return claims;
}

}  // namespace knox::session
