// knox-sealed: knox's own encrypted, authenticated cookie value (DESIGN §4 "seal", docs/sealed.md).
//
// Token = base64url (unpadded) of
//   version (1 byte, 0x01) | key id (4, big-endian) | nonce (12) | ciphertext | GCM tag (16)
// where AES-256-GCM encrypts  issued_at (8, BE, Unix s) | expires_at (8, BE, Unix s, 0 = none) |
// payload under the key with that id, with a random 96-bit nonce from the CSPRNG, and authenticates
// the associated data  len|"knox-sealed/v1" | len|cookie name | len|purpose  (each len 4 bytes BE),
// so a value sealed for one cookie or purpose never opens as another.
//
// Open errors: kLimitExceeded (token longer than Limits::max_token_bytes), kMalformed (not
// base64url, too short, unknown version), kBadSignature (unknown key id, or the GCM tag does not
// verify: wrong key, name, purpose or any altered byte; GCM compares the tag in constant time),
// kExpired (now >= expires_at, or issued_at more than Limits::max_future_skew_seconds ahead of
// now). Nothing is returned from a token whose tag fails. Seal errors: kInvalidArgument (negative
// time or ttl, overflow), kLimitExceeded (the token would exceed the limit), kUnavailable (no
// randomness). Messages never contain keys, payloads or tokens. All functions are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/seal/keyset.h"

namespace knox::seal {

inline constexpr unsigned char kVersion = 0x01;
inline constexpr size_t kNonceSize = 12;
inline constexpr size_t kTagSize = 16;
inline constexpr size_t kHeaderSize = 1 + 4 + kNonceSize;  // version, key id, nonce
inline constexpr size_t kTimesSize = 16;                   // issued_at, expires_at
inline constexpr size_t kMinRawSize = kHeaderSize + kTimesSize + kTagSize;  // empty payload

struct Limits {
  size_t max_token_bytes = size_t{64} * 1024;  // of the base64url text
  int64_t max_future_skew_seconds = 60;        // tolerated clock skew for issued_at
};

struct Opened {
  std::string payload;
  int64_t issued_at = 0;
  std::optional<int64_t> expires_at;  // nullopt = sealed without a ttl
  uint32_t key_id = 0;                // which key opened it (primary or an older one)
};

// What a token shows without a key (for `knox token decode`): it never claims authenticity.
struct Header {
  uint32_t key_id = 0;
  size_t ciphertext_size = 0;  // = 16 + payload size
  std::string tag;             // raw 16 bytes
};

// Seals `payload` with the primary key. `now` is the issue time (Unix seconds, >= 0); `ttl_seconds`
// > 0 sets expires_at = now + ttl, 0 means no expiry.
Result<std::string> Seal(const Keyset& keyset, std::string_view cookie_name,
                         std::string_view purpose, std::string_view payload, int64_t now,
                         int64_t ttl_seconds, const Limits& limits = {});

// Opens a token sealed by any key of `keyset` for this cookie name and purpose, as of `now`.
Result<Opened> Open(const Keyset& keyset, std::string_view cookie_name, std::string_view purpose,
                    std::string_view token, int64_t now, const Limits& limits = {});

// Parses the public header; kMalformed / kLimitExceeded as Open.
Result<Header> ReadHeader(std::string_view token, const Limits& limits = {});

// The associated data for a cookie name and purpose (documented in docs/sealed.md).
std::string AssociatedData(std::string_view cookie_name, std::string_view purpose);

namespace internal {
// Seal with a caller-chosen nonce, for known-answer tests only: reusing a nonce under one key
// destroys GCM's confidentiality and integrity.
Result<std::string> SealWithNonce(const Keyset& keyset, std::string_view cookie_name,
                                  std::string_view purpose, std::string_view payload, int64_t now,
                                  int64_t ttl_seconds, std::string_view nonce,
                                  const Limits& limits);
}  // namespace internal

}  // namespace knox::seal
