// The smallest common token alphabet (decimal, hex, base64url, ...) that contains every character
// seen in the varying positions of a token sample.
#pragma once

#include <string>
#include <string_view>

namespace knox::analysis {

struct Alphabet {
  std::string_view name;
  std::string_view chars;   // in symbol-value order (so hex maps '0'..'f' to 0..15)
  int bits_per_symbol = 0;  // whole bits per symbol when the size is a power of two, else 0
};

// `seen` is the set of characters observed (any order, duplicates allowed).
Alphabet DetectAlphabet(std::string_view seen);

}  // namespace knox::analysis
