#include "core/token/go_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <vector>

namespace knox::token::gojson {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The length of the valid UTF-8 sequence at the start of `s`, 0 when there is none (Go's
// utf8.DecodeRune gives RuneError of size 1 there).
size_t Utf8Length(std::string_view s) {
  const auto c = static_cast<unsigned char>(s[0]);
  if (c < 0x80) return 1;
  size_t n = 0;
  uint32_t cp = 0;
  uint32_t min = 0;
  if ((c & 0xe0) == 0xc0) {
    n = 2, cp = c & 0x1f, min = 0x80;
  } else if ((c & 0xf0) == 0xe0) {
    n = 3, cp = c & 0x0f, min = 0x800;
  } else if ((c & 0xf8) == 0xf0) {
    n = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < n) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[k]);
    if ((cc & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

void String(std::string_view s, std::string& out) {
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&') {
        out.push_back(static_cast<char>(b));
      } else if (b == '"' || b == '\\') {
        out += '\\';
        out.push_back(static_cast<char>(b));
      } else if (b == '\n') {
        out += "\\n";
      } else if (b == '\r') {
        out += "\\r";
      } else if (b == '\t') {
        out += "\\t";
      } else {
        out += "\\u00";
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0xf]);
      }
      ++i;
      continue;
    }
    const size_t n = Utf8Length(s.substr(i));
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    const std::string_view rune = s.substr(i, n);
    if (rune == "\xe2\x80\xa8") {
      out += "\\u2028";
    } else if (rune == "\xe2\x80\xa9") {
      out += "\\u2029";
    } else {
      out += rune;
    }
    i += n;
  }
  out.push_back('"');
}

void Value(const Json& j, std::string& out) {
  switch (j.type()) {
    case Json::value_t::null:
      out += "null";
      return;
    case Json::value_t::boolean:
      out += j.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
      out += FormatFloat(static_cast<double>(j.get<int64_t>()));
      return;
    case Json::value_t::number_unsigned:
      out += FormatFloat(static_cast<double>(j.get<uint64_t>()));
      return;
    case Json::value_t::number_float:
      out += FormatFloat(j.get<double>());
      return;
    case Json::value_t::string:
      String(j.get_ref<const std::string&>(), out);
      return;
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const Json& e : j) {
        if (!first) out.push_back(',');
        first = false;
        Value(e, out);
      }
      out.push_back(']');
      return;
    }
    case Json::value_t::object: {
      std::vector<std::pair<std::string_view, const Json*>> members;
      for (const auto& [k, v] : j.items()) members.emplace_back(k, &v);
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (const auto& [k, v] : members) {
        if (!first) out.push_back(',');
        first = false;
        String(k, out);
        out.push_back(':');
        Value(*v, out);
      }
      out.push_back('}');
      return;
    }
    default:
      out += "null";
      return;
  }
}

// Where the first JSON value of `s` (starting at a non-space byte) ends, as Go's scanner decides
// it; npos where the scanner fails first.
size_t ValueEnd(std::string_view s) {
  if (s.empty()) return std::string_view::npos;
  const char c = s[0];
  if (c == '{' || c == '[') {
    // Nesting and strings only: the parser checks the rest of the text found.
    std::vector<char> open;
    bool in_string = false;
    for (size_t i = 0; i < s.size(); ++i) {
      const char d = s[i];
      if (in_string) {
        if (d == '\\') {
          ++i;
        } else if (d == '"') {
          in_string = false;
        }
        continue;
      }
      if (d == '"') {
        in_string = true;
      } else if (d == '{' || d == '[') {
        open.push_back(d);
      } else if (d == '}' || d == ']') {
        if (open.empty() || (open.back() == '{') != (d == '}')) return std::string_view::npos;
        open.pop_back();
        if (open.empty()) return i + 1;
      }
    }
    return std::string_view::npos;
  }
  if (c == '"') {
    for (size_t i = 1; i < s.size(); ++i) {
      if (s[i] == '\\') {
        ++i;
      } else if (s[i] == '"') {
        return i + 1;
      }
    }
    return std::string_view::npos;
  }
  for (std::string_view word : {"true", "false", "null"}) {
    if (c == word[0]) {
      return s.substr(0, word.size()) == word ? word.size() : std::string_view::npos;
    }
  }
  // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?, ending at the first byte that cannot
  // continue it.
  size_t i = 0;
  if (s[i] == '-') ++i;
  if (i >= s.size() || !IsDigit(s[i])) return std::string_view::npos;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i >= s.size() || !IsDigit(s[i])) return std::string_view::npos;
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= s.size() || !IsDigit(s[i])) return std::string_view::npos;
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  return i;
}

bool FiniteNumbers(const Json& j) {
  if (j.is_number_float()) return std::isfinite(j.get<double>());
  if (j.is_structured()) {
    for (const Json& e : j) {
      if (!FiniteNumbers(e)) return false;
    }
  }
  return true;
}

}  // namespace

std::string FormatFloat(double f) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), f, std::chars_format::scientific);
  std::string_view s(buf, static_cast<size_t>(end - buf));
  const bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  const double a = std::fabs(f);
  if (a != 0 && (a < 1e-6 || a >= 1e21)) {
    // Go's 'e' form is C's shortest scientific form; then "e-07" becomes "e-7".
    std::string out(negative ? "-" : "");
    out += s;
    const size_t n = out.size();
    if (n >= 4 && out[n - 4] == 'e' && out[n - 3] == '-' && out[n - 2] == '0') out.erase(n - 2, 1);
    return out;
  }
  // 'f' form from the shortest digits: value = 0.DIGITS x 10^point.
  const size_t e = s.find('e');
  std::string digits;
  for (char c : s.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::string_view exp_text = s.substr(e + 1);
  if (!exp_text.empty() && exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  const int point = a == 0 ? 1 : exponent + 1;
  if (a == 0) digits = "0";
  const int n = static_cast<int>(digits.size());
  std::string out(negative ? "-" : "");
  if (point <= 0) {
    out += "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (point < n) {
    out += digits.substr(0, static_cast<size_t>(point)) + "." +
           digits.substr(static_cast<size_t>(point));
  } else {
    out += digits + std::string(static_cast<size_t>(point - n), '0');
  }
  return out;
}

Result<std::string> Encode(const Json& doc) {
  if (!FiniteNumbers(doc)) {
    return Fail(ErrorCode::kInvalidArgument, "json: a number beyond float64");
  }
  std::string out;
  Value(doc, out);
  out.push_back('\n');
  return out;
}

Result<Json> DecodeFirst(std::string_view bytes, const Limits& limits, size_t* consumed) {
  size_t start = 0;
  while (start < bytes.size() && IsSpace(bytes[start])) ++start;
  const std::string_view rest = bytes.substr(start);
  const size_t end = ValueEnd(rest);
  if (end == std::string_view::npos) return Fail(ErrorCode::kMalformed, "json: no value");
  const std::string_view text = rest.substr(0, end);
  // Invalid UTF-8 in a string is U+FFFD to Go; anywhere else it is a syntax error either way.
  std::string fixed;
  fixed.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t n = Utf8Length(text.substr(i));
    if (n == 0) {
      fixed += "\xef\xbf\xbd";
      ++i;
    } else {
      fixed += text.substr(i, n);
      i += n;
    }
  }
  auto doc = ParseJson(fixed, limits);
  if (!doc) return doc;
  if (!FiniteNumbers(*doc)) return Fail(ErrorCode::kMalformed, "json: number beyond float64");
  if (consumed != nullptr) *consumed = start + end;
  return doc;
}

}  // namespace knox::token::gojson
