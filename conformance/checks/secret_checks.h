// SECRET: the signing secret of a client-side session, from the weak-secret search of
// conformance/analysis (wordlist + rules). Evidence gives the secret's length, never its value.
#pragma once

#include <vector>

#include "conformance/checks/check_info.h"
#include "conformance/checks/facts.h"
#include "conformance/checks/finding.h"

namespace knox::checks {

inline constexpr CheckInfo kWeakSecret{
    .id = "KNOX-SECRET-001",
    .title = "Session signing secret found in a wordlist",
    .severity = Severity::kHigh,
    .cwe = 1391,
    .asvs4 = "2.10.4",
    .asvs5 = "n/a",
    .wstg = "WSTG-CRYP-04",
    .rationale =
        "The secret that signs the session was guessed offline from one cookie (a default, "
        "an example value or a common word): anyone can forge a session for any user.",
    .remediation =
        "Replace it with at least 32 random bytes from a CSPRNG, kept out of source code "
        "(secret store or environment), and rotate: every issued session is forgeable."};

std::vector<Finding> CheckWeakSecret(const SessionFacts& facts);

}  // namespace knox::checks
