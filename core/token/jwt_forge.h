// JWT forgeries: an ATTACK tool, for the audit's JWT probes and for `knox token forge`. Each takes
// a real token and rewrites it the way an attacker tests a verifier:
//  - kAlgNone: header "alg" set to "none", the signature emptied (`header.payload.`) —
//    accepted only by a verifier that honours alg none.
//  - kHsWithPublicKey: header "alg" turned from RS/PS/ES/EdDSA into HS256 (HS384/HS512 for the
//    384/512 variants), signed with HMAC over the new "header.payload" using `key_bytes` — the
//    server's public key file exactly as it publishes it (PEM text, trailing newline included) —
//    accepted only by a verifier that lets the token pick the algorithm and uses the public key
//    as an HMAC secret (the key-confusion bug).
//  - kStripSignature: header and payload unchanged, the signature emptied — accepted only by a
//    verifier that does not check signatures.
// The payload segment is kept byte for byte; the header is re-serialised compactly with its
// members in their original order and only "alg" changed. Errors: kMalformed for a token that is
// not three segments with a JSON-object header, kInvalidArgument for kHsWithPublicKey without key
// bytes or on a token whose alg is already HS*/none.
#pragma once

#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox::token {

enum class JwtAttack { kAlgNone, kHsWithPublicKey, kStripSignature };

// "none", "hs-with-public-key", "strip-signature".
Result<JwtAttack> ParseJwtAttack(std::string_view name);

Result<std::string> ForgeJwt(std::string_view token, JwtAttack attack,
                             std::string_view key_bytes = {});

}  // namespace knox::token
