// ATTR: the attributes of the session cookie and the size of every cookie set (RFC 6265bis-22
// §4.1.2, §5.6; ASVS 4.0.3 V3.4, ASVS 5.0 V3.3). A check fires only when the cookie's attributes
// are known; "Secure" means the parsed attribute, never a substring of the header (a cookie named
// `secure_x` is not Secure).
#pragma once

#include <vector>

#include "conformance/checks/check_info.h"
#include "conformance/checks/facts.h"
#include "conformance/checks/finding.h"

namespace knox::checks {

inline constexpr CheckInfo kSecureMissing{
    .id = "KNOX-ATTR-001",
    .title = "Session cookie without Secure",
    .severity = Severity::kMedium,
    .cwe = 614,
    .asvs4 = "3.4.1",
    .asvs5 = "3.3.1",
    .wstg = "WSTG-SESS-02",
    .rationale =
        "Without Secure the browser also sends the cookie over plain HTTP, where anyone on "
        "the network path reads it.",
    .remediation = "Set Secure; better, name it __Host-... with Secure, Path=/ and no Domain."};

inline constexpr CheckInfo kHttpOnlyMissing{
    .id = "KNOX-ATTR-002",
    .title = "Session cookie without HttpOnly",
    .severity = Severity::kMedium,
    .cwe = 1004,
    .asvs4 = "3.4.2",
    .asvs5 = "3.3.4",
    .wstg = "WSTG-SESS-02",
    .rationale =
        "Without HttpOnly any script on the page (including an injected one) can read the "
        "session cookie through document.cookie and send it elsewhere.",
    .remediation = "Set HttpOnly on the session cookie."};

inline constexpr CheckInfo kSameSiteMissing{
    .id = "KNOX-ATTR-003",
    .title = "Session cookie without SameSite",
    .severity = Severity::kLow,
    .cwe = 1275,
    .asvs4 = "3.4.3",
    .asvs5 = "3.3.2",
    .wstg = "WSTG-SESS-02",
    .rationale =
        "Without SameSite the enforcement depends on the browser: Chromium defaults to Lax, "
        "other browsers send the cookie on cross-site requests (CSRF).",
    .remediation = "Set SameSite=Lax (or Strict when no cross-site navigation needs the session)."};

inline constexpr CheckInfo kSameSiteInvalid{
    .id = "KNOX-ATTR-004",
    .title = "Session cookie SameSite value not Strict, Lax or None",
    .severity = Severity::kLow,
    .cwe = 1275,
    .asvs4 = "3.4.3",
    .asvs5 = "3.3.2",
    .wstg = "WSTG-SESS-02",
    .rationale =
        "Browsers treat an unrecognised SameSite value as if the attribute were absent "
        "(RFC 6265bis-22 §5.6.7), so the intended protection does not apply.",
    .remediation = "Use exactly SameSite=Lax or SameSite=Strict."};

inline constexpr CheckInfo kSameSiteNone{
    .id = "KNOX-ATTR-005",
    .title = "Session cookie sent on cross-site requests (SameSite=None)",
    .severity = Severity::kInfo,
    .cwe = 1275,
    .asvs4 = "3.4.3",
    .asvs5 = "3.3.2",
    .wstg = "WSTG-SESS-02",
    .rationale =
        "SameSite=None with Secure is valid but opts out of the browser's CSRF defence; "
        "it is only right when the session must work inside cross-site frames or requests.",
    .remediation =
        "Use SameSite=Lax unless cross-site use is required, and then protect every "
        "state-changing request with an anti-CSRF token."};

inline constexpr CheckInfo kSameSiteNoneWithoutSecure{
    .id = "KNOX-ATTR-006",
    .title = "Session cookie SameSite=None without Secure",
    .severity = Severity::kMedium,
    .cwe = 1275,
    .asvs4 = "3.4.3",
    .asvs5 = "3.3.2",
    .wstg = "WSTG-SESS-02",
    .rationale =
        "Chromium rejects SameSite=None without Secure, so the session breaks there; "
        "browsers that accept it send the cookie cross-site and over plain HTTP.",
    .remediation = "Add Secure, or use SameSite=Lax."};

inline constexpr CheckInfo kDomainTooBroad{
    .id = "KNOX-ATTR-007",
    .title = "Session cookie shared with subdomains (Domain attribute)",
    .severity = Severity::kLow,
    .cwe = 200,
    .asvs4 = "3.4.4",
    .asvs5 = "3.3.3",
    .wstg = "WSTG-SESS-02",
    .rationale =
        "With a Domain attribute the browser sends the cookie to every subdomain of that "
        "domain, so any of those hosts (or a takeover of one) receives the session.",
    .remediation = "Omit Domain (a host-only cookie) and use the __Host- prefix."};

inline constexpr CheckInfo kCookieTooLarge{
    .id = "KNOX-ATTR-008",
    .title = "Cookie name and value over 4096 bytes",
    .severity = Severity::kMedium,
    .cwe = 400,
    .asvs4 = "n/a",
    .asvs5 = "3.3.5",
    .wstg = "WSTG-SESS-02",
    .rationale =
        "Browsers ignore a Set-Cookie whose name and value exceed 4096 bytes "
        "(RFC 6265bis-22 §5.6), so the cookie is silently lost.",
    .remediation = "Keep state on the server and send a short identifier, or shrink the payload."};

inline constexpr CheckInfo kCookieNearSizeLimit{
    .id = "KNOX-ATTR-009",
    .title = "Cookie name and value close to the 4096-byte limit",
    .severity = Severity::kInfo,
    .cwe = 400,
    .asvs4 = "n/a",
    .asvs5 = "3.3.5",
    .wstg = "WSTG-SESS-02",
    .rationale =
        "Over 3072 of the 4096 bytes a browser keeps: a little more session data and the "
        "browser drops the cookie, and large Cookie headers hit server header limits.",
    .remediation = "Keep state on the server and send a short identifier, or shrink the payload."};

inline constexpr CheckInfo kBrowserRefusesSessionCookie{
    .id = "KNOX-ATTR-010",
    .title = "Browsers refuse the session cookie",
    .severity = Severity::kMedium,
    .cwe = 1275,
    .asvs4 = "3.4.1",
    .asvs5 = "3.3.1",
    .wstg = "WSTG-SESS-02",
    .rationale =
        "A browser drops the session cookie as set (e.g. a __Secure- or __Host- name without "
        "Secure, SameSite=None without Secure): users cannot stay logged in, and an attempt to "
        "fix it by hand (removing the prefix, loosening attributes) tends to weaken the cookie. "
        "The rest of the audit tested the server with the value as sent.",
    .remediation =
        "Set the attributes the cookie's name and SameSite value require: Secure (and for "
        "__Host-, Path=/ without Domain); serve the site over HTTPS."};

// Size thresholds of kCookieTooLarge / kCookieNearSizeLimit (name + value bytes).
inline constexpr size_t kMaxCookieBytes = 4096;
inline constexpr size_t kNearCookieBytes = 3072;

std::vector<Finding> CheckSecureMissing(const SessionFacts& facts);
std::vector<Finding> CheckHttpOnlyMissing(const SessionFacts& facts);
std::vector<Finding> CheckSameSiteMissing(const SessionFacts& facts);
std::vector<Finding> CheckSameSiteInvalid(const SessionFacts& facts);
std::vector<Finding> CheckSameSiteNone(const SessionFacts& facts);
std::vector<Finding> CheckSameSiteNoneWithoutSecure(const SessionFacts& facts);
std::vector<Finding> CheckDomainTooBroad(const SessionFacts& facts);
std::vector<Finding> CheckCookieTooLarge(const SessionFacts& facts);       // every cookie set
std::vector<Finding> CheckCookieNearSizeLimit(const SessionFacts& facts);  // every cookie set
std::vector<Finding> CheckBrowserRefusesSessionCookie(const SessionFacts& facts);

}  // namespace knox::checks
