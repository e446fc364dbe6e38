// JWT: what a JSON Web Token session (a cookie or a bearer token) lets an attacker do, from the
// audit's modified tokens (alg none, signature stripped, HS256 signed with the server's public
// key) and from the token's claims (docs/audit.md "JWT probes").
#pragma once

#include <vector>

#include "conformance/checks/check_info.h"
#include "conformance/checks/facts.h"
#include "conformance/checks/finding.h"

namespace knox::checks {

inline constexpr CheckInfo kJwtAlgNoneAccepted{
    .id = "KNOX-JWT-001",
    .title = "JWT with alg \"none\" accepted",
    .severity = Severity::kHigh,
    .cwe = 347,
    .asvs4 = "3.5.3",
    .asvs5 = "9.1.2",
    .wstg = "WSTG-SESS-10",
    .rationale =
        "The server accepted the session token rewritten with the header alg \"none\" and no "
        "signature: anyone can mint a token for any user with any claims.",
    .remediation =
        "Verify with a fixed allowlist of algorithms chosen by the server (never the token's "
        "header), and never allow \"none\"."};

inline constexpr CheckInfo kJwtSignatureStripped{
    .id = "KNOX-JWT-002",
    .title = "JWT accepted without its signature",
    .severity = Severity::kHigh,
    .cwe = 347,
    .asvs4 = "3.5.3",
    .asvs5 = "9.1.1",
    .wstg = "WSTG-SESS-10",
    .rationale =
        "The session token with its signature removed still reached the protected page: the "
        "server decodes the claims without verifying them (a decode() where a verify() "
        "belongs).",
    .remediation =
        "Verify the signature of every token before reading its claims, and refuse a token "
        "whose signature is empty or invalid."};

inline constexpr CheckInfo kJwtKeyConfusion{
    .id = "KNOX-JWT-003",
    .title = "JWT key confusion: HS256 signed with the public key accepted",
    .severity = Severity::kHigh,
    .cwe = 347,
    .asvs4 = "3.5.3",
    .asvs5 = "9.1.2",
    .wstg = "WSTG-SESS-10",
    .rationale =
        "The server signs with an asymmetric key but accepted a token re-signed with HMAC using "
        "its published public key as the secret: anyone who can read the public key can mint "
        "tokens.",
    .remediation =
        "Bind each key to one algorithm on the server (e.g. only RS256 for the RSA key) and "
        "never let the token's header choose between symmetric and asymmetric verification."};

inline constexpr CheckInfo kJwtExpMissing{
    .id = "KNOX-JWT-004",
    .title = "JWT session without an expiry claim",
    .severity = Severity::kMedium,
    .cwe = 613,
    .asvs4 = "3.3.1",
    .asvs5 = "9.2.1",
    .wstg = "WSTG-SESS-10",
    .rationale =
        "The token carries no \"exp\" claim: unless the server keeps its own record of every "
        "token, a token once issued (or stolen) stays valid forever.",
    .remediation =
        "Issue tokens with a short \"exp\" and verify it on every request; renew with a refresh "
        "flow instead of long-lived tokens."};

inline constexpr CheckInfo kJwtExpiredAccepted{
    .id = "KNOX-JWT-005",
    .title = "Expired JWT accepted",
    .severity = Severity::kMedium,
    .cwe = 613,
    .asvs4 = "3.3.1",
    .asvs5 = "9.2.1",
    .wstg = "WSTG-SESS-10",
    .rationale =
        "A token whose \"exp\" lies in the past still reached the protected page: the server "
        "does not check the token's lifetime.",
    .remediation =
        "Verify \"exp\" (and \"nbf\") on every request with a small clock-skew allowance; most "
        "libraries do when verification is not switched off."};

std::vector<Finding> CheckJwtAlgNoneAccepted(const SessionFacts& facts);
std::vector<Finding> CheckJwtSignatureStripped(const SessionFacts& facts);
std::vector<Finding> CheckJwtKeyConfusion(const SessionFacts& facts);
std::vector<Finding> CheckJwtExpMissing(const SessionFacts& facts);
std::vector<Finding> CheckJwtExpiredAccepted(const SessionFacts& facts);

}  // namespace knox::checks
