// The crack plan of a format (DESIGN §4 "token"): for formats whose MAC is an HMAC-SHA1/SHA-256/
// SHA-384/SHA-512 of a fixed message under a key derived from the secret by a fixed rule, what the
// fast weak-secret engine (conformance/analysis) must compute per candidate — the message, the
// expected MAC and the key rule — read once from the token before any candidate is tried. Rails's
// keys are PBKDF2 of the secret (kPbkdf2), and its AES-256-GCM cookie has no HMAC at all: its plan
// checks the GCM tag under the derived key instead (MacCheck::kAesGcm).
//
// Each codec's Codec::PlanMac mirrors its own NewSigner exactly (the format's defaults,
// overridden by Options). A plan is only a pre-filter: the engine confirms every hit with the
// real codec, so a plan that is too eager costs time, never correctness. A plan must never be
// too strict, so whenever the token is not in the canonical shape the library writes (a signature
// in lenient base64, a quoted cookie, ...) or the digest has no fast kernel (FastDigest), the
// codec returns nullopt and the generic engine searches that target. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/base/base64.h"
#include "core/crypto/digest.h"

namespace knox::token {

enum class KeyRule {
  kRaw,         // HMAC key = the secret (hashed first when longer than the block, as HMAC says)
  kHmacSalt,    // HMAC key = HMAC(secret, salt)   (itsdangerous "hmac", Flask)
  kHashConcat,  // HMAC key = H(salt + secret)     (itsdangerous "concat"/"django-concat", Django)
  kPbkdf2,      // key = PBKDF2-HMAC-key_digest(secret, salt, iterations, key_length) (Rails)
};

// What the derived key must pass.
enum class MacCheck {
  kHmac,    // HMAC-digest(key, message) == mac
  kAesGcm,  // AES-GCM under the key (16, 24 or 32 bytes; only with kPbkdf2) opens `message` (the
            // ciphertext) with nonce `iv`, no associated data and tag `mac` (16 bytes)
};

struct MacPlan {
  // The MAC's digest, a FastDigest; also the derivation's hash for kHmacSalt and kHashConcat.
  crypto::Digest digest = crypto::Digest::kSha1;
  KeyRule key_rule = KeyRule::kRaw;
  // kHmacSalt: the HMAC message; kHashConcat: the prefix (incl. "signer"); kPbkdf2: the salt.
  std::string salt;
  std::string message;  // the bytes the MAC covers (kAesGcm: the ciphertext)
  std::string mac;      // the expected MAC, DigestSize(digest) bytes (kAesGcm: the 16-byte tag)
  // kPbkdf2 only: PBKDF2's digest (SHA-1 or SHA-256; independent of `digest`: Rails 7 derives
  // with SHA-256 and still signs with HMAC-SHA1), iteration count and key length in bytes (at
  // most the MAC digest's block for kHmac, so the key is never hashed first).
  crypto::Digest key_digest = crypto::Digest::kSha1;
  unsigned iterations = 0;
  size_t key_length = 0;
  MacCheck check = MacCheck::kHmac;
  std::string iv;  // kAesGcm: the nonce
};

// Whether the fast engine has kernels for `d`: SHA-1, SHA-256, SHA-384 and SHA-512 (every digest
// knox's formats use).
constexpr bool FastDigest(crypto::Digest d) {
  switch (d) {
    case crypto::Digest::kSha1:
    case crypto::Digest::kSha256:
    case crypto::Digest::kSha384:
    case crypto::Digest::kSha512:
      return true;
  }
  return false;
}

// The MAC bytes of canonical unpadded base64 text of exactly `size` bytes; nullopt otherwise.
std::optional<std::string> CanonicalMac(std::string_view text, Base64Alphabet alphabet,
                                        size_t size);

// VALUE SEP SIG with SIG the unpadded base64url MAC of VALUE (itsdangerous, django, jwt).
std::optional<MacPlan> PlanSplitAtLast(std::string_view token, std::string_view sep,
                                       crypto::Digest digest, KeyRule rule, std::string salt);

// The key a plan derives from `secret` (scalar, through core/crypto; for tests and proofs); for
// kPbkdf2 with parameters crypto::Pbkdf2 refuses, empty.
std::string DerivePlanKey(const MacPlan& plan, std::string_view secret);

}  // namespace knox::token
