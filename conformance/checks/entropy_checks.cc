#include "conformance/checks/entropy_checks.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "conformance/checks/evidence.h"

namespace knox::checks {
namespace {

// The estimate when it is a usable number; a NaN or infinite estimate counts as undecided.
std::optional<double> Bits(const SessionFacts& facts) {
  if (!facts.entropy_bits || !std::isfinite(*facts.entropy_bits)) return std::nullopt;
  return facts.entropy_bits;
}

bool IsLow(const SessionFacts& facts) {
  auto bits = Bits(facts);
  return facts.low_entropy == true || (bits && *bits < kMinEntropyBits);
}

Finding EntropyFinding(const CheckInfo& check, const SessionFacts& facts) {
  Finding f = SessionFinding(check, facts);
  if (auto bits = Bits(facts)) {
    f.evidence.emplace_back(
        "effective_bits",
        std::to_string(static_cast<int>(std::clamp(std::floor(*bits), 0.0, 100000.0))));
  }
  return f;
}

}  // namespace

std::vector<Finding> CheckLowEntropy(const SessionFacts& facts) {
  if (!IsLow(facts)) return {};
  return {EntropyFinding(kLowEntropy, facts)};
}

// Reported only when kLowEntropy is not: one entropy finding per session.
std::vector<Finding> CheckEntropyBelow128(const SessionFacts& facts) {
  auto bits = Bits(facts);
  if (IsLow(facts) || !bits || *bits >= kRecommendedEntropyBits) return {};
  return {EntropyFinding(kEntropyBelow128, facts)};
}

}  // namespace knox::checks
