// UTF-8 decoding for the renderers: walks untrusted bytes one code point at a time, so every
// output format can decide per code point what to keep, escape or replace (RFC 3629 §3-4).
// Never fails: a byte that does not start a well-formed sequence (overlong forms, surrogates,
// values above U+10FFFF, truncated sequences) is returned alone as an invalid code point, and the
// walk continues with the next byte.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace knox::reports {

inline constexpr char32_t kReplacementChar = 0xFFFD;

struct CodePoint {
  char32_t value = kReplacementChar;  // kReplacementChar when !valid
  std::string_view bytes;             // the input bytes consumed (one byte when !valid)
  bool valid = false;
};

// Decodes the code point starting at text[pos] (pos < text.size()) and advances pos past it.
CodePoint NextCodePoint(std::string_view text, size_t& pos);

// Appends the UTF-8 encoding of cp (a Unicode scalar value) to out.
void AppendUtf8(char32_t cp, std::string& out);

}  // namespace knox::reports
