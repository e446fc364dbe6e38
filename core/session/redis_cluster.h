// Internal to core/session: a Redis Cluster client small enough to read in one sitting — hiredis
// has none. Used by RedisStore for `redis-cluster://` stores.
//
// Keys map to one of 16384 slots: CRC16/XMODEM of the key, or of its hash tag (the text between
// the first '{' and the next '}', when that is not empty), modulo 16384 (Redis Cluster
// specification, "Key distribution model"). knox uses no hash tags, so its keys spread over every
// slot and every master.
//
// ClusterRouter runs a batch of single-key commands: it groups them by the master that serves
// each command's key (the command's second word; a keyless command such as PING goes to any
// master), pipelines each group on that node's connection pool, and puts the replies back in
// order. The slot map comes from CLUSTER SLOTS, asked of the known nodes and then the seeds, and
// is refreshed when a node answers MOVED (the slot moved for good: the map is updated and the
// command re-sent where it now lives) and when a node cannot be reached (a failover may have
// promoted a replica). ASK (a slot being migrated) sends that one command, preceded by ASKING, to
// the named node without changing the map. At most kMaxRedirections redirections per command;
// CLUSTERDOWN, TRYAGAIN, a slot no master serves and an unreachable node after a refresh are
// kUnavailable (the server answers 503; never a guess). Every call is bounded by the pools'
// connect and command timeouts.
//
// Thread-safety: Run may be called concurrently (the map behind a shared mutex, one refresh at a
// time, at most one refresh per kMinRefreshInterval).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/session/redis_connection.h"

namespace knox::session::redis {

inline constexpr uint16_t kSlotCount = 16384;

uint16_t Crc16(std::string_view bytes);  // CRC16/XMODEM (poly 0x1021, init 0), as Redis's crc16.c
uint16_t KeySlot(std::string_view key);

struct SlotRange {
  uint16_t first = 0;
  uint16_t last = 0;
  RedisEndpoint master;
};
// The ranges of a CLUSTER SLOTS reply (each: first, last, then the master's [host, port, ...] and
// its replicas'). A reply of another shape is kInternal.
Result<std::vector<SlotRange>> ParseClusterSlots(const redisReply& reply);

struct Redirection {
  bool ask = false;  // ASK (one command, after ASKING) rather than MOVED (the slot moved)
  uint16_t slot = 0;
  RedisEndpoint to;
};
// "MOVED 3999 127.0.0.1:6381" / "ASK 3999 [::1]:6381"; nullopt for any other error text.
std::optional<Redirection> ParseRedirection(std::string_view error);

class ClusterRouter final : public Executor {
 public:
  static constexpr int kMaxRedirections = 5;
  static constexpr std::chrono::milliseconds kMinRefreshInterval{100};

  // `node` holds the pool size and timeouts used for every node (its endpoint is ignored).
  ClusterRouter(std::vector<RedisEndpoint> seeds, PoolOptions node);
  ~ClusterRouter() override;

  Result<std::vector<ReplyPtr>> Run(const std::vector<Command>& commands) override;

  // Reloads the slot map now (start-up checks, tests).
  Result<void> Refresh();

 private:
  struct Route;
  Result<void> RefreshIfStale(std::chrono::steady_clock::time_point seen);
  Result<void> EnsureMap();
  std::optional<RedisEndpoint> MasterFor(const Command& command) const;
  Pool& PoolFor(const RedisEndpoint& endpoint);
  Result<std::vector<ReplyPtr>> RunOn(const RedisEndpoint& node, const std::vector<Command>& batch);
  void Remember(uint16_t slot, const RedisEndpoint& master);

  std::vector<RedisEndpoint> seeds_;
  PoolOptions node_options_;

  mutable std::shared_mutex map_mutex_;
  std::vector<RedisEndpoint> masters_;               // index = node number in slots_
  std::array<int16_t, kSlotCount> slots_;            // -1: no master known
  std::chrono::steady_clock::time_point refreshed_;  // when the map was last loaded

  std::mutex refresh_mutex_;  // one refresh at a time
  std::mutex pools_mutex_;
  std::map<std::pair<std::string, uint16_t>, std::unique_ptr<Pool>> pools_;
};

}  // namespace knox::session::redis
