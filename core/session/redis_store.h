// RedisStore: a SessionStore on Redis >= 7 through hiredis (DESIGN §4 "session"); the contract is
// in session_store.h. hiredis types never appear outside core/session's redis_*.cc files and
// their internal headers (redis_connection.h, redis_cluster.h).
//
// One node (`redis://HOST:PORT`) or a Redis Cluster (`redis-cluster://HOST:PORT[,HOST:PORT…]`,
// seed nodes; the rest is discovered with CLUSTER SLOTS; MOVED and ASK followed; the slot map
// refreshed on MOVED and when a node cannot be reached; a pool per node — redis_cluster.h). The
// data model is the same on both: knox's keys carry no hash tag, so on a cluster they spread over
// every slot, and every command touches one key (multi-key work is one command per key).
//
// Data model (key prefix configurable, default "knox:"):
//   knox:s:<hex SHA-256(id)>  = compact JSON of the SessionRecord, with a PX expiry
//   knox:u:<hex SHA-256(user)> = set of the session hex keys of that user (for DestroyAllForUser);
//                                it expires at the latest absolute_expiry of its sessions
// Save pipelines SET .. PX, SADD and two PEXPIREAT (NX, then GT) in one round trip; Replace is the
// same with SET .. XX; LoadAndTouch is one GETEX .. PX; Touch is one PEXPIRE (its reply says
// whether the key existed).
//
// Revocations of sealed mode (RevocationStore, contract in revocation_store.h), shared by every
// server on the same Redis:
//   knox:r:t:<hex token id>     = "1", expiring when the token would have (PX, relative to the
//                                 revoking server's clock, plus kRevocationSkewAllowance)
//   knox:r:u:<hex SHA-256(user)> = sorted set with one member "cutoff" whose score is the largest
//                                 created_at_or_before seen (ZADD GT), expiring like the above
// Revoke is SET NX PX + PEXPIRE GT in one round trip, RevokeUser ZADD GT + PEXPIRE NX + PEXPIRE GT,
// IsRevoked EXISTS + ZSCORE. Redis deletes entries itself when they expire. The expiry is relative
// (PX, not PXAT) so Redis's own clock does not matter; the allowance covers servers whose clocks
// are ahead of each other by up to five minutes.
//
// Connections: a pool of `pool_size` hiredis connections, created lazily. A call borrows one
// (waiting at most command_timeout for a free one), connects it with connect_timeout if it is not
// connected, and runs its commands with command_timeout (redisSetTimeout). A connection that
// fails (I/O error, timeout, protocol error) is dropped and re-created on its next use, so the
// same RedisStore recovers once Redis is back. Any such failure is kUnavailable; it surfaces
// within about connect_timeout + command_timeout, never as a hang. An error reply from Redis is
// kInternal; a value that is not a valid record is kInternal.
//
// Thread-safety: all methods may be called concurrently; at most pool_size commands are in flight.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/session/revocation_store.h"
#include "core/session/session_store.h"

namespace knox::session {

struct RedisEndpoint {
  std::string host;  // name or IP literal (IPv6 without brackets)
  uint16_t port = 6379;
  friend bool operator==(const RedisEndpoint&, const RedisEndpoint&) = default;
};

// Parses `redis://HOST[:PORT]` (PORT defaults to 6379; IPv6 as `redis://[::1]:6379`; an optional
// trailing "/" is accepted). Anything else — another scheme, user info or a password, a database
// path, a query, an empty host, a port outside 1..65535 — is kInvalidArgument with a message that
// names the problem.
Result<RedisEndpoint> ParseRedisUrl(std::string_view url);

// Parses `redis-cluster://HOST[:PORT][,HOST[:PORT]…]` (each as in ParseRedisUrl; at least one;
// no path, query or user info) into the seed nodes.
Result<std::vector<RedisEndpoint>> ParseRedisClusterUrl(std::string_view url);

struct RedisOptions {
  RedisEndpoint endpoint;                    // one node; ignored when cluster_seeds is set
  std::vector<RedisEndpoint> cluster_seeds;  // non-empty: a Redis Cluster
  size_t pool_size = 4;                      // >= 1
  std::chrono::milliseconds connect_timeout{500};
  std::chrono::milliseconds command_timeout{500};
  std::string key_prefix = "knox:";
};

class RedisStore final : public SessionStore, public RevocationStore {
 public:
  // Validates the options (kInvalidArgument) without connecting: a Redis that is down at start-up
  // is reported by the first call (or by Ping), and the store recovers when it comes up.
  static Result<std::unique_ptr<RedisStore>> Create(RedisOptions options,
                                                    const Clock& clock = SystemClock::Instance());
  ~RedisStore() override;

  // PING; kUnavailable when Redis cannot be reached. For start-up checks and health endpoints.
  Result<void> Ping();

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

  static constexpr std::chrono::minutes kRevocationSkewAllowance{5};
  Result<void> Revoke(std::string_view token_id, int64_t expires_at) override;
  Result<void> RevokeUser(std::string_view user, int64_t created_at_or_before,
                          int64_t expires_at) override;
  Result<bool> IsRevoked(std::string_view token_id, std::string_view user,
                         int64_t created_at) const override;

 private:
  struct Impl;
  explicit RedisStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace knox::session
