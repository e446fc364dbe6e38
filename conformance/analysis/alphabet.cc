#include "conformance/analysis/alphabet.h"

#include <array>

namespace knox::analysis {
namespace {

constexpr std::array<Alphabet, 9> kAlphabets = {{
    {"decimal", "0123456789", 0},
    {"hex", "0123456789abcdef", 4},
    {"HEX", "0123456789ABCDEF", 4},
    {"lowercase-alphanumeric", "0123456789abcdefghijklmnopqrstuvwxyz", 0},
    {"alphanumeric", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 0},
    {"base64url", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 6},
    {"base64", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 6},
    {"printable-ascii",
     " !\"#$%&'()*+,-./"
     "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
     0},
    {"bytes", "", 8},
}};

bool Contains(std::string_view chars, std::string_view seen) {
  for (char c : seen) {
    if (chars.find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

Alphabet DetectAlphabet(std::string_view seen) {
  for (const Alphabet& a : kAlphabets) {
    if (a.chars.empty() || Contains(a.chars, seen)) return a;
  }
  return kAlphabets.back();
}

}  // namespace knox::analysis
