// Fernet tokens (github.com/fernet/spec; cryptography 38's Fernet/MultiFernet), DESIGN §7 `fernet`.
//
// A secret is the base64url text of a 32-byte key: 16 bytes HMAC-SHA256 signing key, then 16 bytes
// AES-128-CBC key. token = urlsafe_b64encode(0x80 | timestamp (8 bytes big-endian) | IV (16) |
// AES-128-CBC(PKCS#7(plaintext)) | HMAC-SHA256 of everything before it), padded.
//
// Verify follows Fernet.decrypt(token, ttl) tried with each key (MultiFernet): the token goes
// through Python's lenient urlsafe_b64decode; with Options::max_age_seconds (ttl) set, `timestamp +
// ttl < now` and `now + 60 < timestamp` are rejected (kExpired) *before* the HMAC is checked,
// exactly as cryptography does; without a ttl no time rule applies at all (also not the 60 s skew
// rule). Then the HMAC (kBadSignature), then decryption and unpadding (kMalformed). Sign encrypts
// with Options::secrets.back() at Options::timestamp (else the clock) and a random IV. Leniencies:
// docs/formats.md "fernet".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/token/codec.h"

namespace knox::token {

const Codec& FernetCodec();

// The 32 raw key bytes of a Fernet key text (urlsafe_b64decode, as Fernet(key) does);
// kInvalidArgument when it does not decode to exactly 32 bytes.
Result<std::string> FernetKeyBytes(std::string_view key_text);

// Fernet's _encrypt_from_parts: the token for `plaintext` at Unix time `timestamp` with the given
// 16-byte IV. The codec passes a random IV; tests pass the spec's fixed ones.
Result<std::string> FernetEncrypt(std::string_view key32, std::string_view plaintext,
                                  uint64_t timestamp, std::string_view iv);

}  // namespace knox::token
