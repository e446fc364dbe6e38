// Internal to core/session (included only by its redis_*.cc files): the hiredis layer under
// RedisStore — owned replies, a bounded connection pool for one Redis node, and the Executor
// interface through which RedisStore runs its commands on one node (Pool) or a Redis Cluster
// (ClusterRouter, redis_cluster.h).
//
// Pool: `pool_size` hiredis connections to one endpoint, created lazily. A call borrows one
// (waiting at most command_timeout for a free one), connects it with connect_timeout if needed,
// and runs its commands as one pipeline with command_timeout. A connection that fails is dropped
// and re-created on its next use; a failure on a connection that was already open is retried once
// on a fresh one (every knox command is idempotent), so a Redis restart costs no request. Any such
// failure is kUnavailable, surfacing within about connect_timeout + command_timeout.
// Thread-safety: Run may be called concurrently; at most pool_size pipelines are in flight.
#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/session/redis_store.h"

namespace knox::session::redis {

using Command = std::vector<std::string>;

struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyFree>;

// True when the connected socket `fd` is connected to itself (TCP simultaneous open: a connect
// to a local port nothing listens on that the kernel also picked as the source port). Pool refuses
// such connections; every command would come back as its own "reply".
bool ConnectedToItself(int fd);

// The text of an error reply (at most 200 bytes), or "" for any other reply.
std::string ErrorText(const redisReply& reply);
// The error code for an error reply's text: kUnavailable for the replies of a server that will
// answer again shortly — LOADING (a restarted Redis reading its data), BUSY (a script running),
// MASTERDOWN, TRYAGAIN, CLUSTERDOWN, READONLY (a replica, e.g. a master demoted by a failover) —
// so that the reference server answers 503 and the client retries; kInternal for the rest.
ErrorCode ReplyErrorCode(std::string_view error_text);
// The first error reply, if any, as ReplyErrorCode says; otherwise the replies unchanged.
Result<std::vector<ReplyPtr>> CheckErrors(std::vector<ReplyPtr> replies);

// Runs a batch of commands and returns one reply per command, in order. Error replies are
// returned as replies (callers decide); a batch that could not be run at all is an error.
class Executor {
 public:
  virtual ~Executor() = default;
  virtual Result<std::vector<ReplyPtr>> Run(const std::vector<Command>& commands) = 0;
};

struct PoolOptions {
  RedisEndpoint endpoint;
  size_t pool_size = 4;
  std::chrono::milliseconds connect_timeout{500};
  std::chrono::milliseconds command_timeout{500};
};

class Pool final : public Executor {
 public:
  explicit Pool(PoolOptions options);
  ~Pool() override;
  Result<std::vector<ReplyPtr>> Run(const std::vector<Command>& commands) override;
  const RedisEndpoint& endpoint() const { return options_.endpoint; }

 private:
  struct ContextFree {
    void operator()(redisContext* c) const { redisFree(c); }
  };
  using ContextPtr = std::unique_ptr<redisContext, ContextFree>;

  Result<ContextPtr> Acquire();
  void Release(ContextPtr slot);
  Result<ContextPtr> Connect() const;
  static Result<std::vector<ReplyPtr>> Pipeline(redisContext* c,
                                                const std::vector<Command>& commands);

  PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<ContextPtr> idle_slots_;  // a null slot is not connected yet
};

}  // namespace knox::session::redis
