#include "reports/escape.h"

#include <cstdio>

#include "core/base/hex.h"
#include "reports/utf8.h"

namespace knox::reports {
namespace {

bool IsBidiControl(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool IsTerminalControl(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || IsBidiControl(c);
}

void AppendTerminalEscape(char32_t c, std::string& out) {
  char buf[16];
  const auto v = static_cast<unsigned>(c);
  if (v < 0x80) {
    std::snprintf(buf, sizeof buf, "\\x%02x", v);
  } else {
    std::snprintf(buf, sizeof buf, "\\u{%04x}", v);
  }
  out += buf;
}

// Characters markup output carries: XML 1.0 Char (§2.2) minus the C1 controls it discourages
// and the bidi controls, which would reorder the text around them when a browser shows it.
bool IsMarkupChar(char32_t c) {
  if (c == 0x9 || c == 0xA || c == 0xD) return true;
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || IsBidiControl(c)) return false;
  return c != 0xFFFE && c != 0xFFFF;
}

// The reference for a character markup must not carry literally, or nullptr.
const char* MarkupReference(char32_t c, bool for_attribute) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    case '\t':
      return for_attribute ? "&#9;" : nullptr;
    case '\n':
      return for_attribute ? "&#10;" : nullptr;
    case '\r':
      return for_attribute ? "&#13;" : nullptr;
    default:
      return nullptr;
  }
}

bool IsUriChar(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  static constexpr std::string_view kAllowed = "-._~:/?#[]@!$&'()*+,;=";
  return kAllowed.find(static_cast<char>(c)) != std::string_view::npos;
}

bool StartsPercentEscape(std::string_view text, size_t pos) {
  return pos + 2 < text.size() && HexDigitValue(text[pos + 1]) >= 0 &&
         HexDigitValue(text[pos + 2]) >= 0;
}

}  // namespace

std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const CodePoint cp = NextCodePoint(text, pos);
    if (cp.valid) {
      out += cp.bytes;
    } else {
      AppendUtf8(kReplacementChar, out);
    }
  }
  return out;
}

std::string TerminalSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const CodePoint cp = NextCodePoint(text, pos);
    if (!cp.valid) {
      AppendUtf8(kReplacementChar, out);
    } else if (cp.value == '\\') {
      out += "\\\\";
    } else if (IsTerminalControl(cp.value)) {
      AppendTerminalEscape(cp.value, out);
    } else {
      out += cp.bytes;
    }
  }
  return out;
}

std::string MarkupEscape(std::string_view text, bool for_attribute) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const CodePoint cp = NextCodePoint(text, pos);
    if (!cp.valid || !IsMarkupChar(cp.value)) {
      AppendUtf8(kReplacementChar, out);
    } else if (const char* ref = MarkupReference(cp.value, for_attribute)) {
      out += ref;
    } else {
      out += cp.bytes;
    }
  }
  return out;
}

std::string UriEscape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  // '[' and ']' are allowed only around an IP literal in the authority (RFC 3986 §3.2.2); in the
  // path, query or fragment they make the URI invalid (SARIF consumers reject it).
  const size_t scheme_end = text.find("://");
  const size_t authority_end =
      scheme_end == std::string_view::npos ? 0 : text.find_first_of("/?#", scheme_end + 3);
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const auto c = static_cast<unsigned char>(text[pos]);
    const bool bracket = c == '[' || c == ']';
    if ((IsUriChar(c) && !(bracket && pos >= authority_end)) ||
        (c == '%' && StartsPercentEscape(text, pos))) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace knox::reports
