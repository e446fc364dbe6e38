// Header look-ups on a received Response (see http_client.h). Field names are compared
// ASCII-case-insensitively, as RFC 9110 §5.1 requires.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/net/http_client.h"
#include "core/base/ascii.h"

namespace knox::net {

std::vector<std::string> Response::HeaderValues(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [field, value] : headers) {
    if (EqualsIgnoreCase(field, name)) values.push_back(value);
  }
  return values;
}

std::optional<std::string> Response::Header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (EqualsIgnoreCase(field, name)) return value;
  }
  return std::nullopt;
}

}  // namespace knox::net
