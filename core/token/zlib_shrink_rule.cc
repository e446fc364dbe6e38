#include "core/token/zlib_shrink_rule.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

#include "core/base/zlib.h"

namespace knox::token {
namespace {

constexpr size_t kMaxBoundedInput = 4096;  // far below one block (16384 symbols at memLevel 8)
constexpr size_t kZlibFraming = 2 + 4;     // zlib header + Adler-32

// Marks positions that some match could cover: p lies inside a 3-byte window that occurred
// earlier (deflate's matches are at least 3 bytes long and copy earlier data). Every other
// position is necessarily emitted as a literal.
void MarkCoverable(std::string_view data, std::array<bool, kMaxBoundedInput>& coverable) {
  const size_t n = data.size();
  std::fill(coverable.begin(), coverable.begin() + static_cast<std::ptrdiff_t>(n), false);
  // Open-addressed set of 3-grams seen so far (24-bit keys), at most half full; only the slots
  // this input needs are cleared (small cookies must not pay for a 4 KiB input).
  constexpr uint32_t kEmpty = 0xffffffff;
  std::array<uint32_t, 2 * kMaxBoundedInput> seen;
  int bits = 4;
  while ((size_t{1} << bits) < 2 * n) ++bits;
  const uint32_t mask = (uint32_t{1} << bits) - 1;
  std::fill(seen.begin(), seen.begin() + (std::ptrdiff_t{1} << bits), kEmpty);
  auto gram = [&](size_t i) {
    return (uint32_t(uint8_t(data[i])) << 16) | (uint32_t(uint8_t(data[i + 1])) << 8) |
           uint8_t(data[i + 2]);
  };
  for (size_t i = 0; i + 3 <= n; ++i) {
    uint32_t g = gram(i);
    uint32_t slot = (g * 2654435761u) >> (32 - bits);
    bool found = false;
    while (seen[slot] != kEmpty) {
      if (seen[slot] == g) {
        found = true;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (found) {
      coverable[i] = coverable[i + 1] = coverable[i + 2] = true;
    } else {
      seen[slot] = g;
    }
  }
}

// log2 of 0..kMaxBoundedInput+1, computed once.
double Log2(size_t v) {
  static const auto* table = [] {
    auto* t = new std::array<double, kMaxBoundedInput + 2>();
    for (size_t i = 1; i < t->size(); ++i) (*t)[i] = std::log2(static_cast<double>(i));
    return t;
  }();
  return (*table)[v];
}

}  // namespace

size_t ZlibCompressedSizeLowerBound(std::string_view data) {
  const size_t n = data.size();
  if (n > kMaxBoundedInput) return 0;
  std::array<bool, kMaxBoundedInput> coverable;
  MarkCoverable(data, coverable);
  // Counts of the bytes that must be literals, and which bytes occur (walked in increasing order
  // below, so small inputs do not pay for all 257 symbols).
  std::array<uint16_t, 256> count{};  // n <= 4096
  std::array<uint64_t, 4> present{};
  size_t literals = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!coverable[i]) {
      auto b = static_cast<uint8_t>(data[i]);
      ++count[b];
      present[b >> 6] |= uint64_t{1} << (b & 63);
      ++literals;
    }
  }

  // Fixed Huffman block: 3-bit header, literals of 8 or 9 bits, 7-bit end of block.
  double fixed_bits = 3.0 + 8.0 * static_cast<double>(literals) + 7.0;

  // Dynamic block: 3-bit header + HLIT/HDIST/HCLEN (14) + at least four 3-bit code length code
  // lengths (12) + the code length sequence for symbols 0..256 + the literal codes themselves.
  // Sequence: every symbol with a code needs its length sent; a run of z symbols without a code
  // costs at least min(z, 3) bits (each code length symbol is >= 1 bit, a repeat symbol >= 3), and
  // each run of coded symbols at least one bit.
  // Kraft: any prefix code spends at least the empirical entropy on these symbol counts (the
  // end-of-block symbol 256 occurs once, log2(1) = 0).
  double sequence_bits = 0;
  double total = static_cast<double>(literals + 1);
  double entropy_bits = total * Log2(literals + 1);
  size_t next = 0;  // first symbol not yet accounted for
  auto visit = [&](size_t symbol) {
    size_t zero_run = symbol - next;
    if (zero_run > 0 || next == 0) sequence_bits += 1;  // a new run of coded lengths starts
    sequence_bits += static_cast<double>(std::min<size_t>(zero_run, 3));
    next = symbol + 1;
  };
  for (size_t word = 0; word < 4; ++word) {
    for (uint64_t bits = present[word]; bits != 0; bits &= bits - 1) {
      size_t symbol = word * 64 + static_cast<size_t>(std::countr_zero(bits));
      visit(symbol);
      entropy_bits -= count[symbol] * Log2(count[symbol]);
    }
  }
  visit(256);
  double dynamic_bits = 3.0 + 14.0 + 12.0 + sequence_bits + entropy_bits;

  // Floating-point slack of a whole bit keeps the bound a bound.
  // Stored block: 3-bit header, padding, LEN/NLEN (32 bits) and the bytes verbatim.
  double stored_bits = 3.0 + 32.0 + 8.0 * static_cast<double>(n);
  double bits = std::min({fixed_bits, dynamic_bits, stored_bits}) - 1.0;
  if (bits < 0) bits = 0;
  return kZlibFraming + static_cast<size_t>(std::ceil(bits / 8.0));
}

std::optional<std::string> CompressIfShorter(std::string_view data) {
  // Keep the result only when len(compressed) < len(data) - 1.
  if (data.size() < 2) return std::nullopt;
  if (ZlibCompressedSizeLowerBound(data) >= data.size() - 1) return std::nullopt;
  std::string compressed = ZlibCompress(data);
  if (compressed.size() < data.size() - 1) return compressed;
  return std::nullopt;
}

}  // namespace knox::token
