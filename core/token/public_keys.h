// Public keys a JWT is verified with (RFC 7517 JWK / JWK Set, or PEM): knox's verify-only key
// list. `LoadPublicKeys` takes what a user hands `--secret-file` for `--format jwt`: a PEM public
// key or certificate, a single JWK object, or a JWK Set {"keys": [...]}.
//
// JWK rules: kty RSA (n, e), EC (crv P-256/P-384/P-521, x, y) and OKP (crv Ed25519, x), members
// in base64url without padding (RFC 7515 §2; padded or standard-alphabet text is refused). A key
// with private members (d, p, q, dp, dq, qi, k) is refused — knox never holds private keys — as
// is kty "oct" (a shared secret belongs in --secret). Keys marked `"use": "enc"` are skipped (they
// do not verify signatures), as are kty/crv values knox does not know (with their count in the
// error when nothing usable is left). `kid` and `alg` are kept: verification picks keys by the
// token's kid and never uses a key whose `alg` names another algorithm. Bounded: 1 MiB of text,
// 64 keys, JSON nesting 8.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/crypto/public_key.h"

namespace knox::token {

struct PublicKeyEntry {
  crypto::PublicKey key;
  std::string kid;  // empty: none
  std::string alg;  // empty: any algorithm of the key's type
};

// True when `text` is meant as public keys (PEM, or a JSON object) rather than secret lines.
bool LooksLikePublicKeys(std::string_view text);

Result<std::vector<PublicKeyEntry>> LoadPublicKeys(std::string_view text);

}  // namespace knox::token
