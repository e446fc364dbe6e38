// TOKEN: client-side session state (signed, unsigned, JWT, encrypted cookies): integrity and
// confidentiality of the payload, as the tampering probes and the decoder observe them.
#pragma once

#include <vector>

#include "conformance/checks/check_info.h"
#include "conformance/checks/facts.h"
#include "conformance/checks/finding.h"

namespace knox::checks {

inline constexpr CheckInfo kTamperingAccepted{
    .id = "KNOX-TOKEN-001",
    .title = "Modified session cookie accepted",
    .severity = Severity::kHigh,
    .cwe = 345,
    .asvs4 = "3.5.3",
    .asvs5 = "9.1.1",
    .wstg = "WSTG-SESS-01",
    .rationale =
        "A session value with flipped bits or a re-encoded payload still reached the "
        "protected page: the server does not verify the integrity of the session.",
    .remediation =
        "Verify the signature or MAC of every session value before using it (constant-"
        "time compare), and reject unsigned or re-encoded variants."};

inline constexpr CheckInfo kUnsignedSession{
    .id = "KNOX-TOKEN-002",
    .title = "Unsigned client-side session",
    .severity = Severity::kHigh,
    .cwe = 565,
    .asvs4 = "3.5.3",
    .asvs5 = "9.1.1",
    .wstg = "WSTG-SESS-01",
    .rationale =
        "The session state is stored readable in the cookie without a signature and the "
        "server accepts it when modified: a user can change their own identity or role.",
    .remediation =
        "Keep session state on the server behind a random id, or sign (and if needed "
        "encrypt) it with a strong secret and verify it on every request."};

inline constexpr CheckInfo kSensitivePayload{
    .id = "KNOX-TOKEN-003",
    .title = "Sensitive data readable in the session cookie",
    .severity = Severity::kMedium,
    .cwe = 315,
    .asvs4 = "8.2.2",
    .asvs5 = "14.3.3",
    .wstg = "WSTG-SESS-01",
    .rationale =
        "Signing protects integrity, not confidentiality: anyone holding the cookie (the "
        "user, a script, a log) decodes the payload and reads these fields.",
    .remediation =
        "Keep sensitive data on the server, or encrypt the session (e.g. an AEAD-sealed "
        "cookie)."};

std::vector<Finding> CheckTamperingAccepted(const SessionFacts& facts);
std::vector<Finding> CheckUnsignedSession(const SessionFacts& facts);
std::vector<Finding> CheckSensitivePayload(const SessionFacts& facts);

}  // namespace knox::checks
