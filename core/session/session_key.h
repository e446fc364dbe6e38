// SessionKey: what a SessionStore is keyed by — SHA-256 of the session id's cookie text (the 43
// base64url characters), never the id itself. A dump of the store (a Redis snapshot, a core file of
// the index) therefore yields no usable cookie: with 256-bit ids the preimage cannot be searched.
//
// Equality is constant-time (it only ever compares hashes of secrets, but costs nothing). Hex() is
// the lower-case hex form used in Redis key names; it is safe to log in debugging output because
// it is not a credential, but knox does not log it either. Immutable value; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/session/session_id.h"

namespace knox::session {

inline constexpr size_t kSessionKeyBytes = 32;

class SessionKey {
 public:
  static SessionKey ForId(const SessionId& id);
  // From 32 raw digest bytes (for stores that read keys back); kInvalidArgument otherwise.
  static Result<SessionKey> FromDigest(std::string_view digest);

  // The 32 raw digest bytes.
  std::string_view digest() const { return {digest_.data(), digest_.size()}; }
  // 64 lower-case hex characters.
  std::string Hex() const;

  friend bool operator==(const SessionKey& a, const SessionKey& b);

 private:
  SessionKey() = default;
  std::array<char, kSessionKeyBytes> digest_{};  // a value, not a heap string: keys are copied
                                                 // into the stores' indexes
};

// std::hash-compatible functor for unordered containers (the digest is already uniform).
struct SessionKeyHash {
  size_t operator()(const SessionKey& key) const noexcept;
};

}  // namespace knox::session
