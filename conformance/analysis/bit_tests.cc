#include "conformance/analysis/bit_tests.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "conformance/analysis/statistics.h"

namespace knox::analysis {
namespace {

double Monobit(const std::vector<unsigned char>& bits) {
  double n = static_cast<double>(bits.size());
  double ones = static_cast<double>(std::count(bits.begin(), bits.end(), 1));
  return NormalTwoSided((2 * ones - n) / std::sqrt(n));
}

// Chi-square over the 16 possible 4-bit blocks.
double Poker(const std::vector<unsigned char>& bits) {
  std::array<double, 16> counts{};
  size_t blocks = bits.size() / 4;
  for (size_t i = 0; i < blocks; ++i) {
    int v = bits[4 * i] << 3 | bits[4 * i + 1] << 2 | bits[4 * i + 2] << 1 | bits[4 * i + 3];
    counts[static_cast<size_t>(v)] += 1;
  }
  double k = static_cast<double>(blocks);
  double sum_sq = 0;
  for (double c : counts) sum_sq += c * c;
  return ChiSquareSurvival(16.0 / k * sum_sq - k, 15);
}

// Runs of each bit value with lengths 1..5 and >= 6, against their expected counts.
double Runs(const std::vector<unsigned char>& bits, size_t& longest) {
  std::array<std::array<double, 6>, 2> observed{};
  longest = 0;
  size_t i = 0;
  while (i < bits.size()) {
    size_t j = i;
    while (j < bits.size() && bits[j] == bits[i]) ++j;
    size_t len = j - i;
    longest = std::max(longest, len);
    observed[bits[i]][std::min<size_t>(len, 6) - 1] += 1;
    i = j;
  }
  double n = static_cast<double>(bits.size());
  double chi = 0;
  for (int len = 1; len <= 6; ++len) {
    double expected = len < 6 ? (n - len + 3) / std::pow(2.0, len + 2) : (n - 3) / std::pow(2.0, 7);
    if (expected <= 0) continue;
    for (int b = 0; b < 2; ++b) {
      double d = observed[static_cast<size_t>(b)][static_cast<size_t>(len - 1)] - expected;
      chi += d * d / expected;
    }
  }
  return ChiSquareSurvival(chi, 10);
}

// P(longest run >= L) ~ 1 - exp(-n / 2^(L+1)) for a random string of n bits.
double LongRun(size_t n, size_t longest) {
  double expected_starts = static_cast<double>(n) / std::pow(2.0, static_cast<double>(longest) + 1);
  return -std::expm1(-expected_starts);
}

}  // namespace

bool BitTests::passed() const {
  return monobit_p >= kBitTestAlpha && poker_p >= kBitTestAlpha && runs_p >= kBitTestAlpha &&
         long_run_p >= kBitTestAlpha;
}

BitTests RunBitTests(const std::vector<unsigned char>& bits) {
  BitTests t;
  t.bits = bits.size();
  t.monobit_p = Monobit(bits);
  t.poker_p = Poker(bits);
  t.runs_p = Runs(bits, t.longest_run);
  t.long_run_p = LongRun(bits.size(), t.longest_run);
  return t;
}

}  // namespace knox::analysis
