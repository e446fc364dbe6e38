// ENTROPY: how guessable the session id is, from the effective-entropy estimate of
// conformance/analysis over the ids the audit collected. 64 bits is ASVS 4.0.3 3.2.2's minimum,
// 128 bits ASVS 5.0 7.2.3's.
#pragma once

#include <vector>

#include "conformance/checks/check_info.h"
#include "conformance/checks/facts.h"
#include "conformance/checks/finding.h"

namespace knox::checks {

inline constexpr double kMinEntropyBits = 64;           // ASVS 4.0.3 3.2.2
inline constexpr double kRecommendedEntropyBits = 128;  // ASVS 5.0 7.2.3

inline constexpr CheckInfo kLowEntropy{
    .id = "KNOX-ENTROPY-001",
    .title = "Session id below 64 bits of entropy or not random",
    .severity = Severity::kHigh,
    .cwe = 331,
    .asvs4 = "3.2.2",
    .asvs5 = "7.2.3",
    .wstg = "WSTG-SESS-01",
    .rationale =
        "An id with less than 64 bits of effective entropy, or one that fails randomness "
        "tests, can be guessed or predicted from other ids: session hijacking without "
        "stealing anything.",
    .remediation =
        "Generate session ids from a CSPRNG with at least 128 bits (e.g. 16 random "
        "bytes, base64url-encoded)."};

inline constexpr CheckInfo kEntropyBelow128{
    .id = "KNOX-ENTROPY-002",
    .title = "Session id below 128 bits of entropy",
    .severity = Severity::kInfo,
    .cwe = 331,
    .asvs4 = "n/a",
    .asvs5 = "7.2.3",
    .wstg = "WSTG-SESS-01",
    .rationale =
        "The id meets ASVS 4.0.3's 64 bits but not the 128 bits ASVS 5.0 asks of "
        "reference tokens.",
    .remediation = "Generate session ids from a CSPRNG with at least 128 bits."};

std::vector<Finding> CheckLowEntropy(const SessionFacts& facts);
std::vector<Finding> CheckEntropyBelow128(const SessionFacts& facts);

}  // namespace knox::checks
