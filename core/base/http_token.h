// The RFC 9110 §5.6.2 `token` (field names, methods, cookie names per RFC 6265bis §4.1.1):
//   token = 1*tchar
//   tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
//           / DIGIT / ALPHA
// Pure and thread-safe.
#pragma once

#include <string_view>

namespace knox {

constexpr bool IsTchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Whether `s` is a token: non-empty and tchar only.
constexpr bool IsHttpToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTchar(c)) return false;
  }
  return true;
}

}  // namespace knox
