// Randomness analysis of session ids and other tokens, from samples alone (black box).
//
// Given N tokens collected from a server (one per login, in collection order), estimates how many
// bits an attacker would have to guess, and finds structure that makes guessing easier:
//  - per-position character distributions, Shannon entropy and a chi-square uniformity test against
//    the detected alphabet (hex, base64url, decimal, ...);
//  - the FIPS 140-2 bit tests (monobit, poker, runs, long run), recalibrated from the fixed
//    20,000-bit thresholds to p-values for any sample size (alpha = 1e-4 each);
//  - serial correlation of successive symbols and the zlib compression ratio;
//  - counters, embedded Unix timestamps (s or ms, decimal or hex), UUIDv1, duplicates and constant
//    positions.
// The effective-entropy estimate credits a position with log2(alphabet) only when its distribution
// is consistent with uniform, otherwise with its (Miller-Madow corrected) Shannon entropy; found
// structure replaces the credit of the positions it covers. A black-box estimate is an upper
// bound: a hash of a counter looks random. With few samples the uniformity test has little power,
// which `confidence` reports.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/base/result.h"

namespace knox::analysis {

struct PositionStats {
  size_t position = 0;
  size_t samples = 0;  // tokens long enough to have this position
  size_t distinct = 0;
  double shannon_bits = 0;  // plug-in estimate
  double uniform_p = 0;     // chi-square p-value against the alphabet's uniform distribution
  double credited_bits = 0;
};

// FIPS 140-2 §4.9.1 statistical tests as p-values over the decoded bit stream.
struct BitTests {
  size_t bits = 0;
  double monobit_p = 0;
  double poker_p = 0;
  double runs_p = 0;
  double long_run_p = 0;
  size_t longest_run = 0;
  bool passed() const;
};

struct StructureFinding {
  std::string kind;    // "duplicate", "counter", "timestamp", "uuid-v1", "uuid-v4", "constant"
  std::string detail;  // human-readable evidence
};

struct EntropyReport {
  size_t samples = 0;
  size_t min_length = 0;
  size_t max_length = 0;
  std::string alphabet;  // "hex", "base64url", ...
  size_t alphabet_size = 0;
  std::vector<PositionStats> positions;
  std::optional<BitTests> bit_tests;  // nullopt when the alphabet has no whole-bit encoding
  std::string bit_tests_note;
  double serial_correlation = 0;
  double compression_ratio = 0;         // zlib size / raw size of the samples
  double random_compression_ratio = 0;  // what uniformly random text in the alphabet gives
  std::vector<StructureFinding> structure;
  double effective_bits = 0;
  std::string confidence;    // "low" (< 30 samples), "medium" (< 500), "high"
  bool low_entropy = false;  // effective_bits < 64 (ASVS 4.0.3 3.2.2)
  bool non_random = false;   // a bit test failed or successive symbols correlate
  bool below_128 = false;    // effective_bits < 128 (ASVS 5.0 7.2.3 recommends 128)
};

struct EntropyLimits {
  size_t max_samples = 1'000'000;
  size_t max_token_length = 4096;
};

// kInvalidArgument for fewer than 2 tokens or an empty token; kLimitExceeded past the limits.
// `now_seconds` anchors the timestamp detector.
Result<EntropyReport> AnalyzeTokens(std::span<const std::string> tokens, int64_t now_seconds,
                                    const EntropyLimits& limits = {});

}  // namespace knox::analysis
