// The knox-sealed format (core/seal) as a token::Codec, so that `knox token sign|verify|decode
// --format knox-sealed` work like every other format. It lives in cli/ because core/token must not
// depend on core/seal (DESIGN §1); main() registers it with token::RegisterCodec.
//
// Options mapping: `secrets` are key texts `k<ID>:<base64url 32 bytes>`, oldest first, the last one
// is the primary (seals), the others only open; `cookie_name` is the cookie name bound into the AAD
// (default "session"); `salt` is the purpose (default "session"); on sign `max_age_seconds` is the
// ttl (expires_at = issued_at + ttl; none when unset) and `timestamp` overrides issued_at; verify
// ignores `max_age_seconds` (the expiry is inside the sealed plaintext) and uses `clock`.
// --digest, --key-derivation and --sep do not apply and are rejected (kInvalidArgument).
#pragma once

#include "core/token/codec.h"

namespace knox::cli {

const token::Codec& SealedCodec();

}  // namespace knox::cli
