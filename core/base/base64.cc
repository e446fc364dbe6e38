#include "core/base/base64.h"

#include <array>
#include <cstdint>

namespace knox {
namespace {

constexpr std::string_view kStandardChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr uint8_t kInvalid = 0xff;
static_assert((kInvalid & 0x80) != 0, "the quad decoder tests bit 7 for invalid characters");

constexpr std::array<uint8_t, 256> MakeTable(std::string_view chars) {
  std::array<uint8_t, 256> table{};
  for (auto& v : table) v = kInvalid;
  for (size_t i = 0; i < chars.size(); ++i)
    table[static_cast<unsigned char>(chars[i])] = uint8_t(i);
  return table;
}

constexpr auto kStandardTable = MakeTable(kStandardChars);
constexpr auto kUrlTable = MakeTable(kUrlChars);

// Node decodes both alphabets at once.
constexpr std::array<uint8_t, 256> MakeNodeTable() {
  auto table = MakeTable(kStandardChars);
  table['-'] = 62;
  table['_'] = 63;
  return table;
}
constexpr auto kNodeTable = MakeNodeTable();

// Accumulates 6-bit groups into bytes; shared by both decoders.
class SextetSink {
 public:
  explicit SextetSink(std::string& out) : out_(out) {}
  void Push(uint8_t v) {
    switch (quad_pos_) {
      case 0:
        left_ = v;
        break;
      case 1:
        out_.push_back(char((left_ << 2) | (v >> 4)));
        left_ = v & 0x0f;
        break;
      case 2:
        out_.push_back(char((left_ << 4) | (v >> 2)));
        left_ = v & 0x03;
        break;
      default:
        out_.push_back(char((left_ << 6) | v));
        left_ = 0;
        break;
    }
    quad_pos_ = (quad_pos_ + 1) & 3;
  }
  int quad_pos() const { return quad_pos_; }
  uint8_t leftover_bits() const { return left_; }

 private:
  std::string& out_;
  int quad_pos_ = 0;
  uint8_t left_ = 0;
};

}  // namespace

size_t Base64EncodeTo(std::string_view bytes, Base64Alphabet alphabet, Base64Padding padding,
                      std::span<char> out) {
  const char* chars = alphabet == Base64Alphabet::kUrl ? kUrlChars.data() : kStandardChars.data();
  char* p = out.data();
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t(in[i]) << 16) | (uint32_t(in[i + 1]) << 8) | in[i + 2];
    *p++ = chars[v >> 18];
    *p++ = chars[(v >> 12) & 63];
    *p++ = chars[(v >> 6) & 63];
    *p++ = chars[v & 63];
  }
  if (size_t rem = n - i; rem > 0) {
    uint32_t v = uint32_t(in[i]) << 16;
    if (rem == 2) v |= uint32_t(in[i + 1]) << 8;
    *p++ = chars[v >> 18];
    *p++ = chars[(v >> 12) & 63];
    if (rem == 2) *p++ = chars[(v >> 6) & 63];
    if (padding == Base64Padding::kPadded) {
      if (rem == 1) *p++ = '=';
      *p++ = '=';
    }
  }
  return static_cast<size_t>(p - out.data());
}

void Base64EncodeAppend(std::string_view bytes, Base64Alphabet alphabet, Base64Padding padding,
                        std::string& out) {
  size_t start = out.size();
  out.resize(start + Base64EncodedSize(bytes.size(), padding));
  Base64EncodeTo(bytes, alphabet, padding, std::span<char>(out).subspan(start));
}

std::string Base64Encode(std::string_view bytes, Base64Alphabet alphabet, Base64Padding padding) {
  std::string out;
  Base64EncodeAppend(bytes, alphabet, padding, out);
  return out;
}

Result<size_t> Base64DecodeStrictTo(std::string_view text, Base64Alphabet alphabet,
                                    Base64Padding padding, std::span<unsigned char> out) {
  const auto& table = alphabet == Base64Alphabet::kUrl ? kUrlTable : kStandardTable;
  std::string_view data = text;
  if (padding == Base64Padding::kPadded) {
    if (text.size() % 4 != 0)
      return Fail(ErrorCode::kMalformed, "base64: length not a multiple of 4");
    size_t pads = 0;
    while (pads < 2 && !data.empty() && data.back() == '=') {
      data.remove_suffix(1);
      ++pads;
    }
  }
  if (data.size() % 4 == 1) return Fail(ErrorCode::kMalformed, "base64: impossible length");
  if (data.size() * 3 / 4 > out.size()) {
    return Fail(ErrorCode::kLimitExceeded, "base64: decoded bytes do not fit the buffer");
  }
  size_t n = 0;
  // Whole quads first, four sextets into three bytes at a time (session ids, tokens: the hot
  // path); the rest, at most three characters, bit by bit from the same zero state.
  const auto sextet = [&](size_t i) -> uint32_t {
    return table[static_cast<unsigned char>(data[i])];
  };
  size_t quads_end = data.size() / 4 * 4;
  for (size_t i = 0; i < quads_end; i += 4) {
    const uint32_t a = sextet(i), b = sextet(i + 1), c = sextet(i + 2), d = sextet(i + 3);
    if (((a | b | c | d) & 0x80) != 0) {
      return Fail(ErrorCode::kMalformed, "base64: character outside the alphabet");
    }
    const uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
    out[n] = static_cast<unsigned char>(v >> 16);
    out[n + 1] = static_cast<unsigned char>(v >> 8);
    out[n + 2] = static_cast<unsigned char>(v);
    n += 3;
  }
  uint32_t acc = 0;
  int bits = 0;
  for (char c : data.substr(quads_end)) {
    uint8_t v = table[static_cast<unsigned char>(c)];
    if (v == kInvalid) return Fail(ErrorCode::kMalformed, "base64: character outside the alphabet");
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<unsigned char>(acc >> bits);
      acc &= (1u << bits) - 1;
    }
  }
  if (acc != 0)
    return Fail(ErrorCode::kMalformed, "base64: non-zero trailing bits (non-canonical)");
  return n;
}

Result<std::string> Base64DecodeStrict(std::string_view text, Base64Alphabet alphabet,
                                       Base64Padding padding) {
  // At least the decoded size (padding only shortens it); never more than the input.
  std::string out(text.size() * 3 / 4, '\0');
  auto n = Base64DecodeStrictTo(
      text, alphabet, padding,
      std::span<unsigned char>(reinterpret_cast<unsigned char*>(out.data()), out.size()));
  if (!n) return std::unexpected(n.error());
  out.resize(*n);
  return out;
}

Result<std::string> Base64DecodePython(std::string_view text, bool url_safe) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  SextetSink sink(out);
  int pads = 0;
  for (char c : text) {
    if (url_safe && c == '-') c = '+';
    if (url_safe && c == '_') c = '/';
    if (c == '=') {
      // A pad sequence that completes a quad ends decoding; stray pads are skipped.
      if (sink.quad_pos() >= 2 && sink.quad_pos() + ++pads >= 4) return out;
      continue;
    }
    uint8_t v = kStandardTable[static_cast<unsigned char>(c)];
    if (v == kInvalid) continue;
    pads = 0;
    sink.Push(v);
  }
  if (sink.quad_pos() == 1) {
    return Fail(ErrorCode::kMalformed,
                "base64: number of data characters cannot be 1 more than a multiple of 4");
  }
  if (sink.quad_pos() != 0) return Fail(ErrorCode::kMalformed, "base64: incorrect padding");
  return out;
}

Result<std::string> Base64DecodeUrlPadFixed(std::string_view text, bool drop_non_ascii) {
  std::string padded;
  padded.reserve(text.size() + 3);
  for (char c : text) {
    if (drop_non_ascii && static_cast<unsigned char>(c) >= 0x80) continue;
    padded.push_back(c);
  }
  padded.append((4 - padded.size() % 4) % 4, '=');
  return Base64DecodePython(padded, /*url_safe=*/true);
}

std::string Base64DecodeNode(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  SextetSink sink(out);
  for (char c : text) {
    if (c == '=') break;
    uint8_t v = kNodeTable[static_cast<unsigned char>(c)];
    if (v != kInvalid) sink.Push(v);
  }
  return out;
}

std::string Base64DecodeRuby(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  const size_t n = text.size();
  auto value = [&](size_t i) -> int {
    const uint8_t v = kStandardTable[static_cast<unsigned char>(text[i])];
    return v == kInvalid ? -1 : v;
  };
  size_t i = 0;
  int a = -1, b = -1, c = -1, d = -1;
  while (i < n) {
    a = b = c = d = -1;
    while (i < n && (a = value(i)) == -1) ++i;
    if (i >= n) break;
    ++i;
    while (i < n && (b = value(i)) == -1) ++i;
    if (i >= n) break;
    ++i;
    while (i < n && (c = value(i)) == -1 && text[i] != '=') ++i;
    if (i >= n || text[i] == '=') break;
    ++i;
    while (i < n && (d = value(i)) == -1 && text[i] != '=') ++i;
    if (i >= n || text[i] == '=') break;
    ++i;
    out.push_back(static_cast<char>(a << 2 | b >> 4));
    out.push_back(static_cast<char>((b << 4 | c >> 2) & 0xff));
    out.push_back(static_cast<char>((c << 6 | d) & 0xff));
    a = -1;
  }
  if (a != -1 && b != -1) {
    out.push_back(static_cast<char>((a << 2 | b >> 4) & 0xff));
    if (c != -1) out.push_back(static_cast<char>((b << 4 | c >> 2) & 0xff));
  }
  return out;
}

std::string Base64DecodePhp(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  SextetSink sink(out);
  for (char c : text) {
    const uint8_t v = kStandardTable[static_cast<unsigned char>(c)];
    if (v != kInvalid) sink.Push(v);
  }
  return out;
}

Result<std::string> Base64DecodePhpStrict(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  SextetSink sink(out);
  size_t data = 0;
  size_t padding = 0;
  for (char c : text) {
    if (c == '=') {
      ++padding;
      continue;
    }
    if (c == '\t' || c == '\n' || c == '\r' || c == ' ') continue;
    const uint8_t v = kStandardTable[static_cast<unsigned char>(c)];
    if (v == kInvalid) return Fail(ErrorCode::kMalformed, "base64: character outside the alphabet");
    if (padding > 0) return Fail(ErrorCode::kMalformed, "base64: data after padding");
    sink.Push(v);
    ++data;
  }
  if (data % 4 == 1) return Fail(ErrorCode::kMalformed, "base64: impossible length");
  if (padding > 0 && (padding > 2 || (data + padding) % 4 != 0)) {
    return Fail(ErrorCode::kMalformed, "base64: incorrect padding");
  }
  return out;
}

Result<std::string> Base64DecodeGo(std::string_view text, Base64Alphabet alphabet) {
  std::string data;
  data.reserve(text.size());
  for (char c : text) {
    if (c != '\r' && c != '\n') data.push_back(c);
  }
  if (data.size() % 4 != 0) return Fail(ErrorCode::kMalformed, "base64: incomplete last group");
  size_t pads = 0;
  while (pads < 2 && !data.empty() && data.back() == '=') {
    data.pop_back();
    ++pads;
  }
  if (data.size() % 4 == 1) return Fail(ErrorCode::kMalformed, "base64: incorrect padding");
  const auto& table = alphabet == Base64Alphabet::kUrl ? kUrlTable : kStandardTable;
  std::string out;
  out.reserve(data.size() / 4 * 3 + 2);
  SextetSink sink(out);
  for (char c : data) {
    const uint8_t v = table[static_cast<unsigned char>(c)];
    if (v == kInvalid) return Fail(ErrorCode::kMalformed, "base64: character outside the alphabet");
    sink.Push(v);
  }
  return out;
}

}  // namespace knox
