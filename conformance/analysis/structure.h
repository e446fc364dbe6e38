// Structure in a token sample that makes ids guessable even when each character looks random:
// duplicates, counters, embedded Unix timestamps and UUID versions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "conformance/analysis/entropy.h"

namespace knox::analysis {

struct Structure {
  std::vector<StructureFinding> findings;
  std::vector<bool> covered;       // positions whose per-character credit is replaced
  double replacement_bits = 0;     // bits credited instead for the covered positions
  std::optional<double> cap_bits;  // upper bound on the whole token's entropy
};

// `tokens` in collection order; `length` is the common prefix length every token has.
Structure DetectStructure(std::span<const std::string> tokens, size_t length, int64_t now_seconds);

}  // namespace knox::analysis
