// RevocationStore: where SessionManager's sealed mode records logged-out (revoked) knox-sealed
// tokens (DESIGN §4 "session": "a revocation list for stateless tokens").
//
// A sealed session cookie cannot be destroyed on the server, so logout records its random token
// id until the moment that token (and every refreshed copy of it, which shares the token id)
// would expire anyway; LogoutEverywhere records a per-user cut-off instead: every token of that
// user created at or before the cut-off is revoked until no such token can still be alive.
//
// Contract (every implementation; tested by revocation_store_contract.h):
// - Revoke(id, expires_at): `id` is revoked until `expires_at` (Unix ms); a later expires_at for
//   the same id wins; an expires_at already past is not stored and is not an error.
// - RevokeUser(user, cutoff, expires_at): tokens of `user` created at or before `cutoff` are
//   revoked until `expires_at`; the largest cut-off and the latest expiry seen win.
// - IsRevoked(id, user, created_at): true when `id` is revoked or the user's cut-off covers
//   `created_at`, both only while unexpired.
// - Failure is an error, never an answer: a store that cannot answer (kUnavailable, kTimeout) or
//   is full (kLimitExceeded) makes Revoke fail (the logout is not acknowledged) and IsRevoked fail
//   (the session is refused with 503) — never "not revoked", which would silently re-validate a
//   logged-out token.
// - Token ids and user names are opaque byte strings. All methods may be called concurrently.
//
// Implementations: RevocationList (in memory, one process) and RedisStore (shared by every
// server on the same Redis).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/base/result.h"

namespace knox::session {

class RevocationStore {
 public:
  virtual ~RevocationStore() = default;

  virtual Result<void> Revoke(std::string_view token_id, int64_t expires_at) = 0;
  virtual Result<void> RevokeUser(std::string_view user, int64_t created_at_or_before,
                                  int64_t expires_at) = 0;
  virtual Result<bool> IsRevoked(std::string_view token_id, std::string_view user,
                                 int64_t created_at) const = 0;
};

}  // namespace knox::session
