#include "core/token/express_uri.h"

#include <array>
#include <cstdint>

#include "core/base/hex.h"

namespace knox::token {
namespace {

void AppendLatin1(unsigned char b, std::string& out) {
  if (b < 0x80) {
    out.push_back(static_cast<char>(b));
  } else {
    out.push_back(static_cast<char>(0xc0 | (b >> 6)));
    out.push_back(static_cast<char>(0x80 | (b & 0x3f)));
  }
}

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 (RFC 3629 table 3.7).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    n = 2;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    if (b0 == 0xe0) lo = 0xa0;
    if (b0 == 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    if (b0 == 0xf0) lo = 0x90;
    if (b0 == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if (b1 < lo || b1 > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < 0x80 || b > 0xbf) return 0;
  }
  return n;
}

// encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) as they are (ECMA-262 uriUnreserved).
constexpr std::array<bool, 256> MakeUnreserved() {
  std::array<bool, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (char c : std::string_view("-_.!~*'()")) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr auto kUnreserved = MakeUnreserved();

}  // namespace

std::string Latin1ToUtf8(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) AppendLatin1(static_cast<unsigned char>(c), out);
  return out;
}

std::optional<std::string> DecodeUriComponent(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size();) {
    if (raw[i] != '%') {
      AppendLatin1(static_cast<unsigned char>(raw[i]), out);
      ++i;
      continue;
    }
    // One code point: its lead escape says how many escapes follow (ECMA-262 Decode).
    char seq[4];
    size_t have = 0, need = 1;
    while (have < need) {
      if (i + 2 >= raw.size() || raw[i] != '%') return std::nullopt;
      const int hi = HexDigitValue(raw[i + 1]), lo = HexDigitValue(raw[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      const auto b = static_cast<unsigned char>(hi * 16 + lo);
      if (have == 0) {
        if (b < 0x80) {
          need = 1;
        } else if (b >= 0xc0 && b < 0xe0) {
          need = 2;
        } else if (b >= 0xe0 && b < 0xf0) {
          need = 3;
        } else if (b >= 0xf0 && b < 0xf8) {
          need = 4;
        } else {
          return std::nullopt;
        }
      }
      seq[have++] = static_cast<char>(b);
      i += 3;
    }
    if (Utf8SequenceLength(std::string_view(seq, need), 0) != need) return std::nullopt;
    out.append(seq, need);
  }
  return out;
}

bool AppendEncodeUriComponent(std::string_view utf8, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < utf8.size();) {
    // Copy each run of unreserved bytes at once: session ids are usually one run.
    size_t run = i;
    while (run < utf8.size() && kUnreserved[static_cast<unsigned char>(utf8[run])]) ++run;
    out.append(utf8.data() + i, run - i);
    i = run;
    if (i == utf8.size()) break;
    const size_t n = Utf8SequenceLength(utf8, i);
    if (n == 0) return false;
    for (size_t k = 0; k < n; ++k) {
      const auto b = static_cast<unsigned char>(utf8[i + k]);
      const char escape[3] = {'%', kHex[b >> 4], kHex[b & 0xf]};
      out.append(escape, 3);
    }
    i += n;
  }
  return true;
}

std::string NodeUtf8Decode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    if (b0 < 0x80) {
      out.push_back(static_cast<char>(b0));
      ++i;
      continue;
    }
    size_t need = 0;
    unsigned char lo = 0x80, hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      if (b0 == 0xe0) lo = 0xa0;
      if (b0 == 0xed) hi = 0x9f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      if (b0 == 0xf0) lo = 0x90;
      if (b0 == 0xf4) hi = 0x8f;
    }
    size_t k = 1;
    if (need > 0) {
      for (; k <= need && i + k < bytes.size(); ++k) {
        const auto b = static_cast<unsigned char>(bytes[i + k]);
        if (b < lo || b > hi) break;
        lo = 0x80;
        hi = 0xbf;
      }
    }
    if (need > 0 && k == need + 1) {
      out.append(bytes.substr(i, k));
      i += k;
    } else {
      out.append("\xef\xbf\xbd");
      i += k;  // the maximal subpart is replaced by one U+FFFD
    }
  }
  return out;
}

bool IsWellFormedUtf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    const size_t n = Utf8SequenceLength(bytes, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

}  // namespace knox::token
