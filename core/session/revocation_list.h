// RevocationList: revoked stateless (knox-sealed) session tokens, for SessionManager's sealed mode
// (DESIGN §4 "session": "a revocation list for stateless tokens").
//
// A sealed session cookie cannot be destroyed on the server, so logout records its random token
// id here until the moment that token (and every refreshed copy of it, which shares the token id)
// would expire anyway; after that the entry is useless and is dropped. LogoutEverywhere records a
// per-user cut-off instead: every token of that user created at or before the cut-off is revoked,
// until no such token can still be alive.
//
// In memory and per process: a server with several processes needs a shared list (not provided).
// Bounded: at most `max_entries` entries (token ids and users together). When full, expired
// entries are purged; if it is still full, Revoke fails with kLimitExceeded — never by forgetting
// a live revocation, which would silently re-validate a logged-out token. Callers fail closed.
//
// Token ids are opaque byte strings (SessionManager uses 16 CSPRNG bytes). Times are Unix ms of the
// injected Clock. Thread-safety: all methods may be called concurrently (one mutex; lookups are
// O(1)). The Clock must outlive the list.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/base/clock.h"
#include "core/base/result.h"

namespace knox::session {

class RevocationList {
 public:
  explicit RevocationList(const Clock& clock = SystemClock::Instance(),
                          size_t max_entries = 1'000'000);

  // Revokes `token_id` until `expires_at` (Unix ms). A later expires_at for the same id wins.
  // An entry already past expires_at is not stored (and is not an error).
  Result<void> Revoke(std::string_view token_id, int64_t expires_at);
  // Revokes every token of `user` created at or before `created_at_or_before`, until `expires_at`.
  Result<void> RevokeUser(std::string_view user, int64_t created_at_or_before, int64_t expires_at);

  // True when the token id is revoked, or its user's cut-off covers `created_at`.
  bool IsRevoked(std::string_view token_id, std::string_view user, int64_t created_at) const;

  size_t SizeForTesting() const;

 private:
  struct UserCutoff {
    int64_t created_at_or_before = 0;
    int64_t expires_at = 0;
  };
  Result<void> MakeRoomLocked(int64_t now);
  void PurgeExpiredLocked(int64_t now);

  const Clock& clock_;
  size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, int64_t> tokens_;  // token id -> expires_at
  std::unordered_map<std::string, UserCutoff> users_;
};

}  // namespace knox::session
