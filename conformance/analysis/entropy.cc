#include "conformance/analysis/entropy.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "conformance/analysis/alphabet.h"
#include "conformance/analysis/bit_tests.h"
#include "conformance/analysis/statistics.h"
#include "conformance/analysis/structure.h"
#include "core/base/zlib.h"

namespace knox::analysis {
namespace {

// A position counts as uniform over the alphabet unless chi-square rejects it at this level.
constexpr double kUniformAlpha = 1e-3;
constexpr size_t kMinBitsForTests = 256;
// |serial correlation| above this many standard errors (1/sqrt(n)) marks the sample non-random.
constexpr double kMaxSerialCorrelationSigmas = 5;

using Counts = std::array<size_t, 256>;

size_t SymbolIndex(const Alphabet& a, char c) {
  if (a.chars.empty()) return static_cast<unsigned char>(c);
  size_t i = a.chars.find(c);
  return i == std::string_view::npos ? 0 : i;
}

size_t AlphabetSize(const Alphabet& a) { return a.chars.empty() ? 256 : a.chars.size(); }

std::vector<Counts> CountPositions(std::span<const std::string> tokens, size_t max_length) {
  std::vector<Counts> counts(max_length, Counts{});
  for (const auto& t : tokens) {
    for (size_t i = 0; i < t.size(); ++i) ++counts[i][static_cast<unsigned char>(t[i])];
  }
  return counts;
}

PositionStats Analyze(size_t position, const Counts& counts, const Alphabet& alphabet,
                      size_t total_samples) {
  PositionStats p;
  p.position = position;
  for (size_t c : counts) {
    p.samples += c;
    p.distinct += c > 0 ? 1 : 0;
  }
  const double n = static_cast<double>(p.samples);
  const double m = static_cast<double>(AlphabetSize(alphabet));
  double chi = 0;
  const double expected = n / m;
  for (size_t sym = 0; sym < AlphabetSize(alphabet); ++sym) {
    char ch = alphabet.chars.empty() ? static_cast<char>(sym) : alphabet.chars[sym];
    double d = static_cast<double>(counts[static_cast<unsigned char>(ch)]) - expected;
    chi += d * d / expected;
  }
  for (size_t c : counts) {
    if (c == 0) continue;
    double q = static_cast<double>(c) / n;
    p.shannon_bits -= q * std::log2(q);
  }
  p.uniform_p = ChiSquareSurvival(chi, m - 1);
  const double miller_madow =
      p.shannon_bits + (static_cast<double>(p.distinct) - 1) / (2 * n * std::log(2.0));
  if (p.distinct <= 1 || p.samples * 2 < total_samples) {
    p.credited_bits = 0;
  } else if (p.uniform_p >= kUniformAlpha) {
    p.credited_bits = std::log2(m);
  } else {
    p.credited_bits = std::min(miller_madow, std::log2(m));
  }
  return p;
}

// The bits that vary at each position, concatenated token by token: bits that never change at a
// position (e.g. the unused low bits of a base64 tail) are left out.
std::vector<unsigned char> VaryingBits(std::span<const std::string> tokens, size_t length,
                                       const Alphabet& alphabet,
                                       const std::vector<bool>& constant) {
  std::vector<unsigned> varying(length, 0);
  for (size_t i = 0; i < length; ++i) {
    unsigned all_or = 0;
    unsigned all_and = ~0u;
    for (const auto& t : tokens) {
      auto v = static_cast<unsigned>(SymbolIndex(alphabet, t[i]));
      all_or |= v;
      all_and &= v;
    }
    varying[i] = constant[i] ? 0 : (all_or & ~all_and);
  }
  std::vector<unsigned char> bits;
  for (const auto& t : tokens) {
    for (size_t i = 0; i < length; ++i) {
      auto v = static_cast<unsigned>(SymbolIndex(alphabet, t[i]));
      for (int b = alphabet.bits_per_symbol - 1; b >= 0; --b) {
        if (varying[i] >> b & 1) bits.push_back(static_cast<unsigned char>(v >> b & 1));
      }
    }
  }
  return bits;
}

double SerialCorrelation(std::span<const std::string> tokens, size_t length,
                         const Alphabet& alphabet, const std::vector<bool>& constant) {
  std::vector<double> x;
  for (const auto& t : tokens) {
    for (size_t i = 0; i < length; ++i) {
      if (!constant[i]) x.push_back(static_cast<double>(SymbolIndex(alphabet, t[i])));
    }
  }
  if (x.size() < 3) return 0;
  double mean = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double num = 0;
  double den = 0;
  for (size_t i = 0; i + 1 < x.size(); ++i) num += (x[i] - mean) * (x[i + 1] - mean);
  for (double v : x) den += (v - mean) * (v - mean);
  return den == 0 ? 1.0 : num / den;
}

// Standard error of the lag-1 correlation of n independent symbols: 1/sqrt(n).
double SymbolSigma(std::span<const std::string> tokens, size_t length,
                   const std::vector<bool>& constant) {
  size_t varying = static_cast<size_t>(
      std::count(constant.begin(), constant.begin() + static_cast<long>(length), false));
  double n = static_cast<double>(varying * tokens.size());
  return n > 0 ? 1 / std::sqrt(n) : 1;
}

double CompressionRatio(std::span<const std::string> tokens) {
  std::string joined;
  for (const auto& t : tokens) joined += t + "\n";
  return static_cast<double>(ZlibCompress(joined).size()) / static_cast<double>(joined.size());
}

}  // namespace

Result<EntropyReport> AnalyzeTokens(std::span<const std::string> tokens, int64_t now_seconds,
                                    const EntropyLimits& limits) {
  if (tokens.size() < 2) return Fail(ErrorCode::kInvalidArgument, "need at least 2 tokens");
  if (tokens.size() > limits.max_samples) {
    return Fail(ErrorCode::kLimitExceeded, "more samples than the limit");
  }
  EntropyReport r;
  r.samples = tokens.size();
  r.min_length = SIZE_MAX;
  for (const auto& t : tokens) {
    if (t.empty()) return Fail(ErrorCode::kInvalidArgument, "empty token in the sample");
    if (t.size() > limits.max_token_length) {
      return Fail(ErrorCode::kLimitExceeded, "token longer than the limit");
    }
    r.min_length = std::min(r.min_length, t.size());
    r.max_length = std::max(r.max_length, t.size());
  }

  auto counts = CountPositions(tokens, r.max_length);
  std::vector<bool> constant(r.max_length);
  std::string seen;
  for (size_t i = 0; i < r.max_length; ++i) {
    size_t distinct = std::count_if(counts[i].begin(), counts[i].end(), [](size_t c) { return c; });
    constant[i] = distinct == 1 && i < r.min_length;
    for (size_t c = 0; c < 256 && !constant[i]; ++c) {
      if (counts[i][c] > 0 && seen.find(static_cast<char>(c)) == std::string::npos) {
        seen.push_back(static_cast<char>(c));
      }
    }
  }
  Alphabet alphabet = DetectAlphabet(seen);
  r.alphabet = std::string(alphabet.name);
  r.alphabet_size = AlphabetSize(alphabet);

  Structure structure = DetectStructure(tokens, r.min_length, now_seconds);
  size_t constant_count = std::count(constant.begin(), constant.end(), true);
  if (constant_count > 0) {
    structure.findings.push_back(
        {"constant", std::to_string(constant_count) + " positions never change"});
  }
  double credited = structure.replacement_bits;
  for (size_t i = 0; i < r.max_length; ++i) {
    r.positions.push_back(Analyze(i, counts[i], alphabet, r.samples));
    if (i < structure.covered.size() && structure.covered[i]) r.positions.back().credited_bits = 0;
    credited += r.positions.back().credited_bits;
  }
  r.effective_bits = structure.cap_bits ? std::min(credited, *structure.cap_bits) : credited;
  r.structure = std::move(structure.findings);

  if (alphabet.bits_per_symbol > 0) {
    auto bits = VaryingBits(tokens, r.min_length, alphabet, constant);
    if (bits.size() >= kMinBitsForTests) {
      r.bit_tests = RunBitTests(bits);
    } else {
      r.bit_tests_note = "too few varying bits (" + std::to_string(bits.size()) + ") for the tests";
    }
  } else {
    r.bit_tests_note = "alphabet '" + r.alphabet + "' has no whole-bit encoding; tests not run";
  }
  r.serial_correlation = SerialCorrelation(tokens, r.min_length, alphabet, constant);
  r.compression_ratio = CompressionRatio(tokens);
  r.random_compression_ratio = std::log2(static_cast<double>(r.alphabet_size)) / 8.0;
  r.confidence = r.samples < 30 ? "low" : r.samples < 500 ? "medium" : "high";
  r.low_entropy = r.effective_bits < 64;
  r.non_random = (r.bit_tests && !r.bit_tests->passed()) ||
                 std::fabs(r.serial_correlation) >
                     kMaxSerialCorrelationSigmas * SymbolSigma(tokens, r.min_length, constant);
  r.below_128 = r.effective_bits < 128;
  return r;
}

}  // namespace knox::analysis
