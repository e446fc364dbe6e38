// Header look-ups on a received Response (see http_client.h). Field names are compared
// ASCII-case-insensitively, as RFC 9110 §5.1 requires.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/net/http_client.h"

namespace knox::net {
namespace {

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool NameEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> Response::HeaderValues(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [field, value] : headers) {
    if (NameEquals(field, name)) values.push_back(value);
  }
  return values;
}

std::optional<std::string> Response::Header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (NameEquals(field, name)) return value;
  }
  return std::nullopt;
}

}  // namespace knox::net
