// JSON Web Tokens with HMAC (JWS compact serialisation, RFC 7515/7519: HS256, HS384, HS512),
// DESIGN §7 `jwt`, verified exactly as PyJWT 2.6's jwt.decode(token, key, algorithms=[...]) with
// default options and leeway 0.
//
// Verification order and outcomes (PyJWT's exception -> knox code):
//  - segments: the last '.' separates the signature, the first '.' header from payload; each
//  segment
//    goes through base64url_decode (pad with '=', then the lenient urlsafe_b64decode); header must
//    be a JSON object, `kid` a string, `crit` a non-empty list of supported names ("b64"), and
//    `b64: false` (detached payload) is refused: DecodeError/InvalidTokenError -> kMalformed.
//  - `alg` must be one of the accepted HS algorithms (Options::digest narrows the list to one):
//    InvalidAlgorithmError -> kBadSignature, so `none`, RS256 and lower-case names never verify.
//  - HMAC over the raw "header.payload" text, compared in constant time with every secret:
//    InvalidSignatureError -> kBadSignature.
//  - payload must be a JSON object (kMalformed); claims iat, nbf, exp in that order, with Python's
//    int() on the value: iat must be a number and not in the future, nbf not in the future, exp
//    strictly in the future. Immature (iat/nbf) and expired tokens -> kExpired; ill-typed claims ->
//    kMalformed. A truthy `aud` claim is refused (no audience is configured): kMalformed.
// Sign emits PyJWT 2.6's exact bytes: header {"alg":"HS256","typ":"JWT"} (sorted keys, compact),
// payload json.dumps(separators=(",", ":")) with ensure_ascii, no padding. Unlike jsonwebtoken, no
// `iat` is added unless Options::timestamp is set. Leniencies: docs/formats.md "jwt".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/token/codec.h"
#include "core/token/json_style.h"

namespace knox::token {

const Codec& JwtCodec();

// Python's int(x) for a JSON value as PyJWT applies it to time claims: integers, booleans and
// finite floats (truncated), and strings int() parses (ASCII digits, sign, surrounding whitespace,
// single underscores between digits). nullopt where Python raises.
std::optional<double> PythonIntOfClaim(const Json& value);

// The `alg` a compact JWS's header names, read without a key as Decode reads the header (within
// `limits`); empty when the token is not a JWT or its header has no string `alg`.
std::string JwtHeaderAlg(std::string_view token, const Limits& limits = {});

}  // namespace knox::token
