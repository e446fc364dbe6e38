// LIFE: how long the session lives. The thresholds are ASVS 4.0.3 3.3.2's re-authentication
// periods: 12 hours (level 2) and 30 days (level 1). A browser-session cookie (no Max-Age or
// Expires) never fires; the server-side timeout is what kExpiryNotEnforced probes.
#pragma once

#include <cstdint>
#include <vector>

#include "conformance/checks/check_info.h"
#include "conformance/checks/facts.h"
#include "conformance/checks/finding.h"

namespace knox::checks {

inline constexpr int64_t kLongLifetimeS = 12 * 3600;           // ASVS 4.0.3 3.3.2, level 2
inline constexpr int64_t kVeryLongLifetimeS = 30 * 24 * 3600;  // ASVS 4.0.3 3.3.2, level 1

inline constexpr CheckInfo kPersistentSession{
    .id = "KNOX-LIFE-001",
    .title = "Persistent session cookie kept for more than 12 hours",
    .severity = Severity::kInfo,
    .cwe = 613,
    .asvs4 = "3.3.2",
    .asvs5 = "7.3.2",
    .wstg = "WSTG-SESS-07",
    .rationale =
        "The browser keeps the session on disk across restarts for more than 12 hours, the "
        "ASVS 4.0.3 level 2 re-authentication period; on a shared computer the next user "
        "inherits it.",
    .remediation =
        "Use a browser-session cookie (no Max-Age/Expires) or a lifetime matching a "
        "documented absolute timeout; keep a server-side timeout either way."};

inline constexpr CheckInfo kSessionTooLong{
    .id = "KNOX-LIFE-002",
    .title = "Session cookie lifetime over 30 days",
    .severity = Severity::kLow,
    .cwe = 613,
    .asvs4 = "3.3.2",
    .asvs5 = "7.3.2",
    .wstg = "WSTG-SESS-07",
    .rationale =
        "A session that outlives 30 days (the ASVS 4.0.3 level 1 re-authentication "
        "period) gives a stolen cookie a long useful life.",
    .remediation =
        "Cap the session lifetime and require re-authentication at an absolute timeout."};

inline constexpr CheckInfo kExpiryNotEnforced{
    .id = "KNOX-LIFE-003",
    .title = "Server accepts the session after it expired",
    .severity = Severity::kMedium,
    .cwe = 613,
    .asvs4 = "3.3.1",
    .asvs5 = "7.4.1",
    .wstg = "WSTG-SESS-07",
    .rationale =
        "Cookie expiry is only a hint to the browser; a replayed cookie (or a signed token "
        "past its age) that still works means the session never ends server-side.",
    .remediation =
        "Enforce the timeout on the server: expire server-side sessions, and verify "
        "signed tokens with a max age."};

std::vector<Finding> CheckPersistentSession(const SessionFacts& facts);
std::vector<Finding> CheckSessionTooLong(const SessionFacts& facts);
std::vector<Finding> CheckExpiryNotEnforced(const SessionFacts& facts);

}  // namespace knox::checks
