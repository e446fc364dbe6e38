#include "core/server/principal.h"

#include <nlohmann/json.hpp>

namespace knox::server {
namespace {

constexpr size_t kMaxJsonBytes = 4096;
constexpr size_t kMaxRoles = 32;

}  // namespace

std::string PrincipalToJson(const Principal& p) {
  return nlohmann::ordered_json{{"user", p.user}, {"roles", p.roles}}.dump(
      -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Result<Principal> PrincipalFromJson(std::string_view json) {
  if (json.size() > kMaxJsonBytes) return Fail(ErrorCode::kMalformed, "principal too large");
  auto doc = nlohmann::ordered_json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Fail(ErrorCode::kMalformed, "not an object");
  auto user = doc.find("user");
  auto roles = doc.find("roles");
  if (user == doc.end() || !user->is_string() || roles == doc.end() || !roles->is_array() ||
      roles->size() > kMaxRoles) {
    return Fail(ErrorCode::kMalformed, "principal needs a user and roles");
  }
  Principal out{user->get<std::string>(), {}};
  for (const auto& role : *roles) {
    if (!role.is_string()) return Fail(ErrorCode::kMalformed, "roles must be strings");
    out.roles.push_back(role.get<std::string>());
  }
  return out;
}

}  // namespace knox::server
