// RedisTestServer: a real redis-server for tests, on a free 127.0.0.1 port, without persistence
// (`--save "" --appendonly no`). Start() waits until PING answers (through RedisStore::Ping, so
// the tests need no second Redis client); Kill() sends SIGKILL and reaps it; Restart() starts a
// new one on the same port. The destructor kills a running server. For tests only; not
// thread-safe.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/base/result.h"

namespace knox::session::testing {

// /usr/bin/redis-server, or $KNOX_REDIS_SERVER (e.g. valkey-server, to run the suites on Valkey).
std::string RedisServerPath();

class RedisTestServer {
 public:
  RedisTestServer() = default;
  RedisTestServer(const RedisTestServer&) = delete;
  RedisTestServer& operator=(const RedisTestServer&) = delete;
  ~RedisTestServer();

  static bool Installed();
  // A port that was free on 127.0.0.1 a moment ago (bind to port 0, read it, close).
  static Result<uint16_t> FreePort();

  // Starts redis-server on a free port (or `port` when non-zero), with `extra_args` after knox's
  // own, and waits up to 5 s for PING.
  Result<void> Start(uint16_t port = 0, std::vector<std::string> extra_args = {});
  Result<void> Restart() { return Start(port_, extra_args_); }
  void Kill();

  uint16_t port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

 private:
  Result<void> WaitForPing();
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::vector<std::string> extra_args_;
};

}  // namespace knox::session::testing
