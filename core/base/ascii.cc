#include "core/base/ascii.h"

namespace knox {

std::string AsciiStrToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiToLower(c);
  return out;
}

std::string AsciiStrToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiToUpper(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && StartsWithIgnoreCase(a, b);
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiToLower(s[i]) != AsciiToLower(prefix[i])) return false;
  }
  return true;
}

size_t FindIgnoreCase(std::string_view hay, std::string_view needle, size_t from) {
  for (size_t i = from; i <= hay.size() && needle.size() <= hay.size() - i; ++i) {
    if (StartsWithIgnoreCase(hay.substr(i), needle)) return i;
  }
  return std::string_view::npos;
}

}  // namespace knox
