#include "core/server/principal.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace knox::server {
namespace {

constexpr size_t kMaxJsonBytes = 4096;
constexpr size_t kMaxRoles = 32;

bool IsAscii(std::string_view s) {
  return std::ranges::all_of(s, [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The general form, for strings with non-ASCII bytes (nlohmann checks their UTF-8 and replaces
// invalid sequences with U+FFFD).
std::string NlohmannPrincipalJson(const Principal& p) {
  return nlohmann::ordered_json{{"user", p.user}, {"roles", p.roles}}.dump(
      -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// An ASCII string as nlohmann's dump(ensure_ascii = false) writes it: '"' and '\\' escaped,
// \b \t \n \f \r by name, other bytes below 0x20 as \u00xx (lower-case hex), the rest as is.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t plain = 0;  // start of the run of bytes written as they are
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\r':
        out.append("\\r");
        break;
      default: {
        const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        out.append(escaped, sizeof escaped);
      }
    }
  }
  out.append(s.substr(plain));
  out.push_back('"');
}

}  // namespace

std::string PrincipalToJson(const Principal& p) {
  if (!IsAscii(p.user) || !std::ranges::all_of(p.roles, IsAscii)) return NlohmannPrincipalJson(p);
  std::string out;
  size_t size = p.user.size() + 24;
  for (const auto& role : p.roles) size += role.size() + 3;
  out.reserve(size);
  out.append("{\"user\":");
  AppendJsonString(out, p.user);
  out.append(",\"roles\":[");
  for (size_t i = 0; i < p.roles.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(out, p.roles[i]);
  }
  out.append("]}");
  return out;
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
