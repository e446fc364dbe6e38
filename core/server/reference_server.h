// ReferenceServer: the whole reference app in one object — users, session store, SessionManager
// (or the deliberate --insecure-demo scheme), routes and the Beast transport — started in-process
// on a listen address. `knox serve` runs one until SIGINT/SIGTERM; `knox demo` and the auditor's
// end-to-end tests start one on 127.0.0.1:0 and read port().
//
// Modes: kId (256-bit session id cookie, state in the memory store or Redis), kSealed (knox-sealed
// AES-256-GCM cookie; logout revokes through a revocation store — in memory, or in Redis shared
// by every server on it; keys random per process unless `sealed_keys` are given), kInsecureDemo
// (insecure_demo_scheme.h: the seed app's mistakes, on purpose). Users: `users`, or the demo user
// alice:wonderland when empty; passwords are kept only as PBKDF2-SHA256 hashes.
//
// Failure: Start returns kInvalidArgument for unusable options (bad store URL, a Redis store in
// insecure-demo mode, a key list outside sealed mode, bad keys, bad user spec, bad TLS files, bad
// address), kUnavailable when the port cannot be bound or Redis does not answer PING. Stop is
// idempotent and runs in the destructor. Thread-safety: port()/Stop() from one controlling thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/base/result.h"
#include "core/server/http_server.h"
#include "core/session/session_manager.h"

namespace knox::server {

enum class SessionMode { kId, kSealed, kInsecureDemo };
std::string_view SessionModeName(SessionMode mode);  // "id", "sealed", "insecure-demo"

inline constexpr std::string_view kDemoUser = "alice";
inline constexpr std::string_view kDemoPassword = "wonderland";

struct ReferenceOptions {
  ServerConfig server = {};
  SessionMode mode = SessionMode::kId;
  // "memory", "redis://HOST[:PORT]" or "redis-cluster://HOST:PORT[,HOST:PORT…]": id mode's
  // sessions, sealed mode's revocations; not in insecure-demo mode.
  std::string store = "memory";
  std::vector<std::pair<std::string, std::string>> users = {};  // empty: alice:wonderland
  unsigned pbkdf2_iterations = 600'000;
  std::vector<std::string> sealed_keys = {};  // `k<ID>:<KEY>`, oldest first; empty: random
  session::ManagerOptions manager = {};
};

class ReferenceServer {
 public:
  static Result<std::unique_ptr<ReferenceServer>> Start(ReferenceOptions options);
  ~ReferenceServer();
  ReferenceServer(const ReferenceServer&) = delete;
  ReferenceServer& operator=(const ReferenceServer&) = delete;

  uint16_t port() const;
  bool tls() const;
  std::string_view mode() const;                            // SessionModeName
  const std::string& store() const { return store_name_; }  // "memory", "redis://..", "none"
  void Stop();

 private:
  struct State;
  explicit ReferenceServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
  std::string store_name_;
};

}  // namespace knox::server
