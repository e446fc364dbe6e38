#include "core/token/rack_cookie_value.h"

#include "core/base/hex.h"

namespace knox::token {
namespace {

bool IsHex(char c) { return HexDigitValue(c) >= 0; }

}  // namespace

std::string RackCookieValue(std::string_view raw) {
  raw = raw.substr(0, raw.find(';'));
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && (i + 2 >= raw.size() || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]))) {
      return std::string(raw);
    }
  }
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '+') {
      out.push_back(' ');
    } else if (raw[i] == '%') {
      out.push_back(static_cast<char>(HexDigitValue(raw[i + 1]) * 16 + HexDigitValue(raw[i + 2])));
      i += 2;
    } else {
      out.push_back(raw[i]);
    }
  }
  return out;
}

std::string RackEscape(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*' ||
        c == '-' || c == '.' || c == '_') {
      out.push_back(ch);
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

}  // namespace knox::token
