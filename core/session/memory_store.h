// MemoryStore: the embedded default SessionStore (DESIGN §4 "session"); the contract is in
// session_store.h.
//
// Layout: `shards` independent shards chosen by the key's digest, each a hash map guarded by its
// own mutex, so concurrent requests for different sessions rarely contend. Each shard also keeps
// its records ordered by expiry (for sweeping and eviction) and a per-user index (for
// DestroyAllForUser, which visits the shards one at a time).
//
// Expiry: honoured on every read against the injected Clock. Expired records are also removed
// physically by amortised sweeping: every Save/Touch/Load removes up to `sweep_per_operation`
// expired records of the shard it locked, earliest first, so memory does not grow with abandoned
// sessions and no background thread is needed.
//
// Bound: at most `max_sessions` records in total, enforced per shard as
// ceil(max_sessions / shards). When a Save of a new key finds its shard full it first removes all
// expired records of that shard; if the shard is still full, `when_full` decides:
//  - kEvictSoonestExpiring (default): the record closest to its expiry is removed to make room
//    (that user is logged out early — fail-safe, it never grants access);
//  - kReject: the Save fails with kLimitExceeded (new logins fail with 503 until sessions expire).
//
// Thread-safety: all methods are safe to call concurrently. The Clock must outlive the store.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/session/session_store.h"

namespace knox::session {

enum class FullPolicy { kEvictSoonestExpiring, kReject };

struct MemoryStoreOptions {
  size_t shards = 16;             // >= 1
  size_t max_sessions = 100'000;  // >= shards
  FullPolicy when_full = FullPolicy::kEvictSoonestExpiring;
  size_t sweep_per_operation = 2;
};

class MemoryStore final : public SessionStore {
 public:
  // kInvalidArgument when shards == 0 or max_sessions < shards.
  static Result<std::unique_ptr<MemoryStore>> Create(const Clock& clock = SystemClock::Instance(),
                                                     MemoryStoreOptions options = {});
  ~MemoryStore() override;

  Result<std::optional<SessionRecord>> Load(const SessionKey& key) override;
  Result<void> Save(const SessionKey& key, const SessionRecord& record,
                    std::chrono::milliseconds ttl) override;
  Result<bool> Replace(const SessionKey& key, const SessionRecord& record,
                       std::chrono::milliseconds ttl) override;
  Result<bool> Touch(const SessionKey& key, std::chrono::milliseconds ttl) override;
  Result<void> Destroy(const SessionKey& key) override;
  Result<size_t> DestroyAllForUser(std::string_view user) override;
  Result<std::optional<SessionRecord>> LoadAndTouch(const SessionKey& key,
                                                    std::chrono::milliseconds ttl) override;

  // Records held, including expired ones not yet swept (for tests and metrics).
  size_t SizeForTesting() const;

 private:
  struct Shard;
  MemoryStore(const Clock& clock, MemoryStoreOptions options);
  Shard& ShardFor(const SessionKey& key) const;

  const Clock& clock_;
  MemoryStoreOptions options_;
  size_t per_shard_capacity_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace knox::session
