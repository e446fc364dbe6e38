// What the fast weak-secret engine computes for one crack target: for the formats whose MAC is an
// HMAC-SHA1/SHA-256 of a fixed message under a key derived from the secret by a fixed rule, the
// message, the expected MAC and the rule, read once from the token before any candidate is tried.
//
// Each format's derivation mirrors core/token exactly (the format's defaults, overridden by the
// target's Options as NewSigner would): itsdangerous family incl. flask and starlette (hmac /
// concat / django-concat / none), django and django-signer (salted SHA-256 and the legacy SHA-1
// fallback), express (cookie-signature), jwt HS256 and cookie-session (keygrip). A plan is only a
// pre-filter: the engine confirms every hit with the real codec, so a plan that is too eager costs
// time, never correctness. A plan must never be too strict, so whenever the token is not in the
// canonical shape the library writes (a signature in lenient base64, a quoted cookie, ...), or the
// format has no fast kernel (HS384/512, SHA-384/512 digests, iron, ...), PlanMac returns nullopt
// and the generic engine searches that target. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "conformance/analysis/secret_search.h"
#include "core/crypto/digest.h"

namespace knox::analysis {

enum class KeyRule {
  kRaw,         // HMAC key = the secret (hashed first when longer than the block, as HMAC says)
  kHmacSalt,    // HMAC key = HMAC(secret, salt)   (itsdangerous "hmac", Flask)
  kHashConcat,  // HMAC key = H(salt + secret)     (itsdangerous "concat"/"django-concat", Django)
};

struct MacPlan {
  crypto::Digest digest = crypto::Digest::kSha1;  // kSha1 or kSha256; also the derivation's hash
  KeyRule key_rule = KeyRule::kRaw;
  std::string salt;     // kHmacSalt: the HMAC message; kHashConcat: the prefix (incl. "signer")
  std::string message;  // the bytes the MAC covers
  std::string mac;      // the expected MAC, DigestSize(digest) bytes
};

// nullopt when this target has no fast kernel (see above).
std::optional<MacPlan> PlanMac(const CrackTarget& target);

// The HMAC key a plan derives from `secret` (scalar, through core/crypto; for tests and proofs).
std::string DerivePlanKey(const MacPlan& plan, std::string_view secret);

}  // namespace knox::analysis
