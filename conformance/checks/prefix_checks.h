// PREFIX: cookie name prefixes (RFC 6265bis-22 §4.1.3). A `__Host-` cookie is Secure, host-only
// and Path=/, and a browser refuses to let another host or an http page set it, which is what
// stops cookie tossing from a sibling subdomain (a planted session id: fixation).
#pragma once

#include <vector>

#include "conformance/checks/check_info.h"
#include "conformance/checks/facts.h"
#include "conformance/checks/finding.h"

namespace knox::checks {

inline constexpr CheckInfo kHostPrefixMissing{
    .id = "KNOX-PREFIX-001",
    .title = "Session cookie without the __Host- prefix",
    .severity = Severity::kLow,
    .cwe = 384,
    .asvs4 = "3.4.4",
    .asvs5 = "3.3.3",
    .wstg = "WSTG-SESS-02",
    .rationale =
        "Without __Host- a sibling subdomain, or a man-in-the-middle on any http page of "
        "the site, can set or overwrite the session cookie (cookie tossing), e.g. to plant "
        "a known session id.",
    .remediation = "Name the session cookie __Host-<name> with Secure, Path=/ and no Domain."};

inline constexpr CheckInfo kPrefixViolated{
    .id = "KNOX-PREFIX-002",
    .title = "Cookie breaks the rules of its name prefix",
    .severity = Severity::kMedium,
    .cwe = 384,
    .asvs4 = "3.4.4",
    .asvs5 = "3.3.3",
    .wstg = "WSTG-SESS-02",
    .rationale =
        "Browsers reject a __Host- cookie without Secure, with Domain or without Path=/, "
        "and a __Secure- cookie without Secure: the cookie is lost where prefixes are "
        "enforced and unprotected where they are not.",
    .remediation = "__Host-: Secure, Path=/, no Domain. __Secure-: Secure."};

std::vector<Finding> CheckHostPrefixMissing(const SessionFacts& facts);
std::vector<Finding> CheckPrefixViolated(const SessionFacts& facts);  // every cookie set

}  // namespace knox::checks
