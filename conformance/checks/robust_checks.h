// ROBUST: how the server copes with hostile session input, as the tampering probes observe it.
#pragma once

#include <vector>

#include "conformance/checks/check_info.h"
#include "conformance/checks/facts.h"
#include "conformance/checks/finding.h"

namespace knox::checks {

inline constexpr CheckInfo kServerErrorOnTamper{
    .id = "KNOX-ROBUST-001",
    .title = "Server error on a modified session cookie",
    .severity = Severity::kLow,
    .cwe = 755,
    .asvs4 = "7.4.1",
    .asvs5 = "n/a",
    .wstg = "WSTG-ERRH-01",
    .rationale =
        "A modified session cookie made the protected page answer with a 5xx error instead of "
        "a refusal: session parsing throws on hostile input, which leaks internals in error "
        "pages and logs and is a foothold for denial of service.",
    .remediation =
        "Treat any session value that fails to decode or verify as no session (401 or a "
        "redirect to the login page), and catch decoding errors before they reach the "
        "framework's error handler."};

std::vector<Finding> CheckServerErrorOnTamper(const SessionFacts& facts);

}  // namespace knox::checks
