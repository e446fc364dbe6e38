// RedisTestCluster: a real Redis Cluster for tests — six redis-server processes on 127.0.0.1 (three
// masters, three replicas; `--cluster-enabled yes`, node timeout 1 s, no persistence), joined by
// `redis-cli --cluster create`, each in its own scratch directory. Ports are drawn from
// 20000..22765 with port + 10000 (the cluster bus) also free: both below the ephemeral range.
// Start() returns once every node says cluster_state:ok and every master has a replica.
// KillMasterOf(slot) SIGKILLs the master serving `slot`; WaitForNewMaster(slot, old) waits until
// another node serves it and the cluster is ok again. For tests only; not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/session/redis_store.h"
#include "core/session/redis_test_server.h"

namespace knox::session::testing {

// /usr/bin/redis-cli, or $KNOX_REDIS_CLI (e.g. valkey-cli).
std::string RedisCliPath();

class RedisTestCluster {
 public:
  RedisTestCluster() = default;
  RedisTestCluster(const RedisTestCluster&) = delete;
  RedisTestCluster& operator=(const RedisTestCluster&) = delete;
  ~RedisTestCluster();

  static bool Installed();
  Result<void> Start();

  std::vector<RedisEndpoint> seeds() const;  // every node
  std::string url() const;                   // redis-cluster://127.0.0.1:P1,...
  // The master serving `slot`, as a live node reports it.
  Result<RedisEndpoint> MasterOf(uint16_t slot) const;
  Result<RedisEndpoint> KillMasterOf(uint16_t slot);
  Result<RedisEndpoint> WaitForNewMaster(uint16_t slot, const RedisEndpoint& old,
                                         std::chrono::seconds limit);
  // WAIT on every master until its replica has every write so far.
  Result<void> WaitForReplication();

 private:
  Result<void> WaitUntilHealthy(std::chrono::seconds limit);
  std::string dir_;
  std::vector<std::unique_ptr<RedisTestServer>> nodes_;
};

}  // namespace knox::session::testing
