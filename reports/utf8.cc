#include "reports/utf8.h"

#include <cstdint>

namespace knox::reports {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length and valid range of the second byte for a lead byte (RFC 3629 §4 syntax), or 0.
struct LeadInfo {
  size_t length;
  unsigned char second_min;
  unsigned char second_max;
};

LeadInfo Lead(unsigned char c) {
  if (c >= 0xC2 && c <= 0xDF) return {2, 0x80, 0xBF};
  if (c == 0xE0) return {3, 0xA0, 0xBF};
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return {3, 0x80, 0xBF};
  if (c == 0xED) return {3, 0x80, 0x9F};  // excludes the UTF-16 surrogates
  if (c == 0xF0) return {4, 0x90, 0xBF};
  if (c >= 0xF1 && c <= 0xF3) return {4, 0x80, 0xBF};
  if (c == 0xF4) return {4, 0x80, 0x8F};  // nothing above U+10FFFF
  return {0, 0, 0};
}

CodePoint Invalid(std::string_view text, size_t& pos) {
  CodePoint cp{.value = kReplacementChar, .bytes = text.substr(pos, 1), .valid = false};
  ++pos;
  return cp;
}

}  // namespace

CodePoint NextCodePoint(std::string_view text, size_t& pos) {
  const auto c0 = static_cast<unsigned char>(text[pos]);
  if (c0 < 0x80) {
    CodePoint cp{.value = c0, .bytes = text.substr(pos, 1), .valid = true};
    ++pos;
    return cp;
  }
  const LeadInfo lead = Lead(c0);
  if (lead.length == 0 || text.size() - pos < lead.length) return Invalid(text, pos);
  const auto c1 = static_cast<unsigned char>(text[pos + 1]);
  if (c1 < lead.second_min || c1 > lead.second_max) return Invalid(text, pos);
  const uint32_t lead_bits = lead.length == 2 ? 0x1Fu : lead.length == 3 ? 0x0Fu : 0x07u;
  uint32_t value = (c0 & lead_bits) << 6 | (c1 & 0x3Fu);
  for (size_t i = 2; i < lead.length; ++i) {
    const auto ci = static_cast<unsigned char>(text[pos + i]);
    if (!IsContinuation(ci)) return Invalid(text, pos);
    value = value << 6 | (ci & 0x3Fu);
  }
  CodePoint cp{
      .value = static_cast<char32_t>(value), .bytes = text.substr(pos, lead.length), .valid = true};
  pos += lead.length;
  return cp;
}

void AppendUtf8(char32_t cp, std::string& out) {
  const auto v = static_cast<uint32_t>(cp);
  if (v < 0x80) {
    out.push_back(static_cast<char>(v));
  } else if (v < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (v >> 6)));
    out.push_back(static_cast<char>(0x80 | (v & 0x3F)));
  } else if (v < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (v >> 12)));
    out.push_back(static_cast<char>(0x80 | ((v >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (v & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (v >> 18)));
    out.push_back(static_cast<char>(0x80 | ((v >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((v >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (v & 0x3F)));
  }
}

}  // namespace knox::reports
