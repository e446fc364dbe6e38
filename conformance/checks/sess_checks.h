// SESS: the session's life cycle as the flows observe it (login, logout, fixation, transport).
// Each check reads one flow result; an undecided result (the flow could not run) never fires.
#pragma once

#include <vector>

#include "conformance/checks/check_info.h"
#include "conformance/checks/facts.h"
#include "conformance/checks/finding.h"

namespace knox::checks {

inline constexpr CheckInfo kNoRotationAtLogin{
    .id = "KNOX-SESS-001",
    .title = "Session id not renewed at login",
    .severity = Severity::kMedium,
    .cwe = 384,
    .asvs4 = "3.2.1",
    .asvs5 = "7.2.4",
    .wstg = "WSTG-SESS-03",
    .rationale =
        "An id that survives login lets whoever knew the pre-login id (planted, or read "
        "before authentication) use the authenticated session.",
    .remediation = "Issue a new session id at every authentication and invalidate the old one."};

inline constexpr CheckInfo kSessionFixation{
    .id = "KNOX-SESS-002",
    .title = "Session fixation: a planted id is authenticated by login",
    .severity = Severity::kHigh,
    .cwe = 384,
    .asvs4 = "3.2.1",
    .asvs5 = "7.2.4",
    .wstg = "WSTG-SESS-03",
    .rationale =
        "The audit planted a session id before login and it was valid after login: an "
        "attacker who plants an id in a victim's browser takes over the victim's session.",
    .remediation =
        "Issue a new session id at login, ignore ids the server did not issue, and use "
        "the __Host- prefix so other hosts cannot plant the cookie."};

inline constexpr CheckInfo kLogoutNotInvalidating{
    .id = "KNOX-SESS-003",
    .title = "Session still valid after logout",
    .severity = Severity::kMedium,
    .cwe = 613,
    .asvs4 = "3.3.1",
    .asvs5 = "7.4.1",
    .wstg = "WSTG-SESS-06",
    .rationale =
        "Replaying the cookie captured before logout still reached the protected page: a "
        "stolen cookie keeps working after the user logs out.",
    .remediation =
        "Destroy the session on the server at logout; for client-side sessions keep a "
        "revocation list or a per-user session version checked on every request."};

inline constexpr CheckInfo kLogoutNotClearing{
    .id = "KNOX-SESS-004",
    .title = "Logout does not clear the session cookie",
    .severity = Severity::kLow,
    .cwe = 613,
    .asvs4 = "8.2.3",
    .asvs5 = "14.3.1",
    .wstg = "WSTG-SESS-06",
    .rationale =
        "The logout response did not expire the session cookie, so the browser keeps "
        "sending the old value.",
    .remediation =
        "Send the cookie again at logout with an empty value, Max-Age=0 and the same "
        "Path and Domain (or Clear-Site-Data: \"cookies\")."};

inline constexpr CheckInfo kSessionIdInUrl{
    .id = "KNOX-SESS-005",
    .title = "Session id in the URL",
    .severity = Severity::kMedium,
    .cwe = 598,
    .asvs4 = "3.1.1",
    .asvs5 = "14.2.1",
    .wstg = "WSTG-SESS-04",
    .rationale =
        "URLs end up in logs, browser history and Referer headers, which leak the session "
        "to anyone who reads them.",
    .remediation =
        "Carry the session only in a cookie; disable URL rewriting (e.g. ;jsessionid=)."};

inline constexpr CheckInfo kCleartextHttp{
    .id = "KNOX-SESS-006",
    .title = "Session used over plain HTTP",
    .severity = Severity::kHigh,
    .cwe = 319,
    .asvs4 = "9.1.1",
    .asvs5 = "12.2.1",
    .wstg = "WSTG-CRYP-03",
    .rationale =
        "The site is served over http, so the session cookie (or bearer token) crosses the "
        "network in clear text on every request.",
    .remediation =
        "Serve the whole site (and API) over HTTPS, redirect http to https, enable HSTS and "
        "mark the cookie Secure."};

std::vector<Finding> CheckNoRotationAtLogin(const SessionFacts& facts);
std::vector<Finding> CheckSessionFixation(const SessionFacts& facts);
std::vector<Finding> CheckLogoutNotInvalidating(const SessionFacts& facts);
std::vector<Finding> CheckLogoutNotClearing(const SessionFacts& facts);
std::vector<Finding> CheckSessionIdInUrl(const SessionFacts& facts);
std::vector<Finding> CheckCleartextHttp(const SessionFacts& facts);

}  // namespace knox::checks
