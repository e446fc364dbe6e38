// Internal to core/session: a Redis Cluster client small enough to read in one sitting — hiredis
// has none. Used by RedisStore for `redis-cluster://` stores.
//
// Keys map to one of 16384 slots (redis_cluster_protocol.h, which also reads what the nodes
// answer: CLUSTER SLOTS replies and MOVED/ASK redirections). knox uses no hash tags, so its keys
// spread over every slot and every master.
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

#include "core/session/redis_cluster_protocol.h"
#include "core/session/redis_connection.h"

namespace knox::session::redis {

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
