// @hapi/iron 7 sealed objects ("Fe26.2"), DESIGN §7 `iron`, with iron's default options.
//
// Format: Fe26.2*<password id>*<encryption salt>*<IV>*<ciphertext>*<expiration ms>*<HMAC
// salt>*<HMAC>
// - the object is JSON.stringify'ed and encrypted with AES-256-CBC under PBKDF2-SHA1(password,
//   salt, 1 iteration, 32 bytes); salts are 256 random bits as lower-case hex text; the IV, the
//   ciphertext and the HMAC are unpadded base64url;
// - the HMAC is HMAC-SHA256 under PBKDF2-SHA1(password, HMAC salt) over the first six fields;
// - passwords shorter than 32 characters (UTF-16 code units) are refused.
// Verify follows Iron.unseal(sealed, password, Iron.defaults): 8 fields and the prefix
// (kMalformed), then the expiration: `exp <= now - 60 s` is kExpired (timestampSkewSec), *before*
// the MAC; then the HMAC against each secret (kBadSignature), then decryption and @hapi/bourne's
// JSON.parse, which refuses `__proto__` keys (kMalformed). The password id is covered by the MAC
// but not used to pick a password (iron's behaviour for a plain password; knox tries every secret
// instead of a map). Sign seals with Options::secrets.back(), an empty password id and, when
// Options::max_age_seconds is set, expiration = now + ttl (iron's `ttl`); `now` is
// Options::timestamp (seconds) or the clock. Leniencies: docs/formats.md "iron".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/token/codec.h"

namespace knox::token {

const Codec& IronCodec();

// The random parts of one seal, fixed by tests (the codec draws them from the CSPRNG).
struct IronRandom {
  std::string encryption_salt;  // hex text
  std::string iv;               // 16 raw bytes
  std::string hmac_salt;        // hex text
};

// Iron.seal of the JSON text `json` (re-serialised as JSON.stringify) at `now_ms`; expiration
// now_ms + ttl_ms when ttl_ms is set.
Result<std::string> IronSeal(std::string_view password, std::string_view json, int64_t now_ms,
                             std::optional<int64_t> ttl_ms, const IronRandom& random,
                             const Limits& limits = {});

}  // namespace knox::token
