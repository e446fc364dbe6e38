// RevocationList: the in-memory RevocationStore (contract in revocation_store.h) for
// SessionManager's sealed mode. An entry is dropped once the token it revokes would have expired
// anyway.
//
// In memory and per process: servers with several processes share RedisStore's instead.
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
#include "core/session/revocation_store.h"

namespace knox::session {

class RevocationList final : public RevocationStore {
 public:
  explicit RevocationList(const Clock& clock = SystemClock::Instance(),
                          size_t max_entries = 1'000'000);

  Result<void> Revoke(std::string_view token_id, int64_t expires_at) override;
  Result<void> RevokeUser(std::string_view user, int64_t created_at_or_before,
                          int64_t expires_at) override;
  // Always a value: memory cannot be unreachable.
  Result<bool> IsRevoked(std::string_view token_id, std::string_view user,
                         int64_t created_at) const override;

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
