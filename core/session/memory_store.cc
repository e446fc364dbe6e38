#include "core/session/memory_store.h"

#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace knox::session {
namespace {

using KeySet = std::unordered_set<SessionKey, SessionKeyHash>;

// now + ttl, saturating instead of overflowing, clamped to the absolute expiry.
int64_t ExpiryAt(int64_t now, std::chrono::milliseconds ttl, int64_t absolute_expiry) {
  int64_t t = ttl.count();
  int64_t end =
      t > std::numeric_limits<int64_t>::max() - now ? std::numeric_limits<int64_t>::max() : now + t;
  return std::min(end, absolute_expiry);
}

Result<void> CheckTtl(std::chrono::milliseconds ttl) {
  if (ttl.count() <= 0) return Fail(ErrorCode::kInvalidArgument, "session store: ttl must be > 0");
  return {};
}

}  // namespace

// One shard. Every member function expects `mutex` to be held by the caller.
struct MemoryStore::Shard {
  struct Entry {
    SessionRecord record;
    int64_t expires_at = 0;
    std::multimap<int64_t, SessionKey>::iterator by_expiry;
  };
  using Map = std::unordered_map<SessionKey, Entry, SessionKeyHash>;

  std::mutex mutex;
  Map entries;
  std::multimap<int64_t, SessionKey> by_expiry;  // earliest expiry first
  std::unordered_map<std::string, KeySet> by_user;

  void Erase(Map::iterator it) {
    by_expiry.erase(it->second.by_expiry);
    auto user = by_user.find(it->second.record.user);
    if (user != by_user.end()) {
      user->second.erase(it->first);
      if (user->second.empty()) by_user.erase(user);
    }
    entries.erase(it);
  }

  // Moves the entry's node in `by_expiry` instead of freeing and allocating one; a renewed
  // expiry is usually the latest, so the search starts from the end.
  void SetExpiry(Map::iterator it, int64_t expires_at) {
    auto node = by_expiry.extract(it->second.by_expiry);
    node.key() = expires_at;
    it->second.expires_at = expires_at;
    it->second.by_expiry = by_expiry.insert(by_expiry.end(), std::move(node));
  }

  // Removes up to `limit` expired entries, earliest first.
  void Sweep(int64_t now, size_t limit) {
    for (size_t n = 0; n < limit && !by_expiry.empty() && by_expiry.begin()->first <= now; ++n) {
      Erase(entries.find(by_expiry.begin()->second));
    }
  }

  // The live entry for `key`, or end(); an expired entry found on the way is removed.
  Map::iterator FindLive(const SessionKey& key, int64_t now) {
    auto it = entries.find(key);
    if (it == entries.end() || it->second.expires_at > now) return it;
    Erase(it);
    return entries.end();
  }

  // Makes room for one new entry under `capacity`.
  Result<void> MakeRoom(int64_t now, size_t capacity, FullPolicy policy) {
    if (entries.size() < capacity) return {};
    Sweep(now, std::numeric_limits<size_t>::max());
    if (entries.size() < capacity) return {};
    if (policy == FullPolicy::kReject) {
      return Fail(ErrorCode::kLimitExceeded, "memory session store: full");
    }
    Erase(entries.find(by_expiry.begin()->second));
    return {};
  }

  Result<void> Put(const SessionKey& key, const SessionRecord& record, int64_t expires_at,
                   int64_t now, size_t capacity, FullPolicy policy) {
    auto it = FindLive(key, now);
    if (it != entries.end()) Erase(it);
    if (expires_at <= now) return {};  // already past its absolute expiry: nothing to keep
    if (auto room = MakeRoom(now, capacity, policy); !room) return room;
    entries.emplace(key, Entry{.record = record,
                               .expires_at = expires_at,
                               .by_expiry = by_expiry.emplace(expires_at, key)});
    by_user[record.user].insert(key);
    return {};
  }
};

Result<std::unique_ptr<MemoryStore>> MemoryStore::Create(const Clock& clock,
                                                         MemoryStoreOptions options) {
  if (options.shards == 0) return Fail(ErrorCode::kInvalidArgument, "memory store: 0 shards");
  if (options.max_sessions < options.shards) {
    return Fail(ErrorCode::kInvalidArgument, "memory store: max_sessions < shards");
  }
  return std::unique_ptr<MemoryStore>(new MemoryStore(clock, options));
}

MemoryStore::MemoryStore(const Clock& clock, MemoryStoreOptions options)
    : clock_(clock),
      options_(options),
      per_shard_capacity_((options.max_sessions + options.shards - 1) / options.shards) {
  shards_.reserve(options.shards);
  for (size_t i = 0; i < options.shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

MemoryStore::~MemoryStore() = default;

MemoryStore::Shard& MemoryStore::ShardFor(const SessionKey& key) const {
  // Bytes 8..15 of the digest: independent of the bytes SessionKeyHash uses for the buckets.
  uint64_t h = 0;
  std::memcpy(&h, key.digest().data() + 8, sizeof h);
  return *shards_[h % shards_.size()];
}

Result<std::optional<SessionRecord>> MemoryStore::Load(const SessionKey& key) {
  Shard& shard = ShardFor(key);
  int64_t now = clock_.NowMillis();
  std::lock_guard lock(shard.mutex);
  shard.Sweep(now, options_.sweep_per_operation);
  auto it = shard.FindLive(key, now);
  if (it == shard.entries.end()) return std::optional<SessionRecord>();
  return std::optional<SessionRecord>(it->second.record);
}

Result<void> MemoryStore::Save(const SessionKey& key, const SessionRecord& record,
                               std::chrono::milliseconds ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return ok;
  if (auto ok = ValidateRecord(record); !ok) return ok;
  Shard& shard = ShardFor(key);
  int64_t now = clock_.NowMillis();
  std::lock_guard lock(shard.mutex);
  shard.Sweep(now, options_.sweep_per_operation);
  return shard.Put(key, record, ExpiryAt(now, ttl, record.absolute_expiry), now,
                   per_shard_capacity_, options_.when_full);
}

Result<bool> MemoryStore::Replace(const SessionKey& key, const SessionRecord& record,
                                  std::chrono::milliseconds ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return std::unexpected(ok.error());
  if (auto ok = ValidateRecord(record); !ok) return std::unexpected(ok.error());
  Shard& shard = ShardFor(key);
  int64_t now = clock_.NowMillis();
  std::lock_guard lock(shard.mutex);
  shard.Sweep(now, options_.sweep_per_operation);
  if (shard.FindLive(key, now) == shard.entries.end()) return false;
  auto put = shard.Put(key, record, ExpiryAt(now, ttl, record.absolute_expiry), now,
                       per_shard_capacity_, options_.when_full);
  if (!put) return std::unexpected(put.error());
  return true;
}

Result<bool> MemoryStore::Touch(const SessionKey& key, std::chrono::milliseconds ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return std::unexpected(ok.error());
  Shard& shard = ShardFor(key);
  int64_t now = clock_.NowMillis();
  std::lock_guard lock(shard.mutex);
  shard.Sweep(now, options_.sweep_per_operation);
  auto it = shard.FindLive(key, now);
  if (it == shard.entries.end()) return false;
  shard.SetExpiry(it, ExpiryAt(now, ttl, it->second.record.absolute_expiry));
  return true;
}

Result<std::optional<SessionRecord>> MemoryStore::LoadAndTouch(const SessionKey& key,
                                                               std::chrono::milliseconds ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return std::unexpected(ok.error());
  Shard& shard = ShardFor(key);
  int64_t now = clock_.NowMillis();
  std::lock_guard lock(shard.mutex);
  shard.Sweep(now, options_.sweep_per_operation);
  auto it = shard.FindLive(key, now);
  if (it == shard.entries.end()) return std::optional<SessionRecord>();
  std::optional<SessionRecord> record(it->second.record);
  shard.SetExpiry(it, ExpiryAt(now, ttl, it->second.record.absolute_expiry));
  return record;
}

Result<void> MemoryStore::Destroy(const SessionKey& key) {
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.entries.find(key);
  if (it != shard.entries.end()) shard.Erase(it);
  return {};
}

Result<size_t> MemoryStore::DestroyAllForUser(std::string_view user) {
  int64_t now = clock_.NowMillis();
  size_t live = 0;
  std::string name(user);
  for (auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    auto index = shard->by_user.find(name);
    if (index == shard->by_user.end()) continue;
    KeySet keys = std::move(index->second);
    shard->by_user.erase(index);
    for (const auto& key : keys) {
      auto it = shard->entries.find(key);
      if (it == shard->entries.end()) continue;
      if (it->second.expires_at > now) ++live;
      shard->Erase(it);
    }
  }
  return live;
}

size_t MemoryStore::SizeForTesting() const {
  size_t n = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    n += shard->entries.size();
  }
  return n;
}

}  // namespace knox::session
