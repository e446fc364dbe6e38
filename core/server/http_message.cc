#include "core/server/http_message.h"

#include "core/base/ascii.h"

namespace knox::server {

std::optional<std::string_view> Request::Find(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::string_view Request::Path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::vector<std::string_view> Response::FindAll(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) out.emplace_back(v);
  }
  return out;
}

std::optional<std::string_view> Response::Find(std::string_view name) const {
  auto all = FindAll(name);
  if (all.empty()) return std::nullopt;
  return all.front();
}

}  // namespace knox::server
