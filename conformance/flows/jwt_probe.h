// The audit's JWT probes (docs/audit.md "JWT probes"), for a session token that is a JWT — a
// cookie or a bearer token: the key-confusion forgeries made with the server's published public
// keys, an expired copy of the token signed with a cracked secret, and the decisions over what
// the server answered. Pure functions; the auditor sends the requests. Reading the published keys
// is jwks.h's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/flows/deciders.h"
#include "conformance/flows/token_probe.h"
#include "conformance/flows/weak_secret.h"

namespace knox::flows {

// The token's header alg, when the view is a JWT with a readable header ("" otherwise).
std::string JwtAlg(const TokenView& view);
// RS*, PS*, ES* or EdDSA: a token a public key verifies.
bool IsAsymmetricAlg(std::string_view alg);

// The token turned into HS256 (HS384/HS512 for 384/512 algorithms) signed with each PEM text, as
// given and without its final newline (servers read key files both ways): variants named
// "key-confusion".
std::vector<TamperVariant> KeyConfusionVariants(const TokenView& view, const CookiePairs& cookies,
                                                const std::vector<std::string>& pems);

// The token's claims with exp (and iat, nbf) moved back so that it expired 60 s before `now`,
// signed with the cracked secret; nullopt without an exp claim or when signing fails.
std::optional<std::string> ForgeExpiredJwt(const FoundSecret& found, const TokenView& view,
                                           int64_t now);

// What the key-confusion probe saw: the token's alg, where keys were looked for, the keys found,
// and the server's answer to each forgery (stopping after a failed request).
struct KeyConfusionObservation {
  std::string alg;
  std::vector<std::string> looked_at;  // the JWKS paths requested
  size_t keys = 0;
  std::vector<TamperTry> tries;
};

struct JwtDecision {
  Decision<bool> alg_none_accepted;
  Decision<bool> signature_stripped_accepted;
  Decision<bool> key_confusion_accepted;
  Decision<bool> exp_missing;
};

// From the tamper probe's "alg-none" and "signature-stripped" tries (undecided when the unmodified
// token was refused, or a try was never answered), the key-confusion probe (undecided for an HMAC
// token or when no public key was found), and the claims.
JwtDecision DecideJwt(const TokenView& view, const TamperObservation& tamper,
                      const KeyConfusionObservation& confusion);

}  // namespace knox::flows
