#include "core/session/redis_store.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/base/test_paths.h"
#include "core/seal/keyset.h"
#include "core/session/redis_connection.h"
#include "core/session/redis_test_server.h"
#include "core/session/revocation_store_contract.h"
#include "core/session/session_manager.h"
#include "core/session/session_store_contract.h"

namespace knox::session::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// True when redis-server can be used; otherwise the test is skipped locally and fails in CI.
bool RedisInstalledOrReport() {
  if (RedisTestServer::Installed()) return true;
  if (knox::test_support::InCi()) ADD_FAILURE() << RedisServerPath() << " is required in CI";
  return false;
}

// One redis-server for the contract tests, started on first use and killed at exit. Each harness
// uses its own key prefix, so tests never see each other's keys.
RedisTestServer* SharedServer() {
  static RedisTestServer server;
  static bool started = [] {
    auto ok = server.Start();
    if (!ok) ADD_FAILURE() << "cannot start redis-server: " << ok.error().message;
    return ok.has_value();
  }();
  return started ? &server : nullptr;
}

RedisOptions OptionsFor(uint16_t port, std::string prefix = "knox:") {
  return RedisOptions{.endpoint = {.host = "127.0.0.1", .port = port},
                      .pool_size = 4,
                      .connect_timeout = milliseconds(300),
                      .command_timeout = milliseconds(300),
                      .key_prefix = std::move(prefix)};
}

class RedisHarness {
 public:
  static bool Available() { return RedisInstalledOrReport() && SharedServer() != nullptr; }
  RedisHarness() {
    static std::atomic<int> next{0};
    RedisTestServer* server = RedisTestServer::Installed() ? SharedServer() : nullptr;
    auto store = RedisStore::Create(OptionsFor(server != nullptr ? server->port() : 1,
                                               "knox-test-" + std::to_string(next++) + ":"));
    if (store) store_ = std::move(*store);
  }
  SessionStore& store() { return *store_; }
  int64_t NowMillis() { return SystemClock::Instance().NowMillis(); }
  void Advance(milliseconds d) { std::this_thread::sleep_for(d); }
  milliseconds Tick() { return milliseconds(200); }  // real time: keep the suite short

 private:
  std::unique_ptr<RedisStore> store_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Redis, SessionStoreContract, RedisHarness);

class RedisRevocationHarness {
 public:
  static bool Available() { return RedisHarness::Available(); }
  RedisRevocationHarness() {
    static std::atomic<int> next{0};
    RedisTestServer* server = RedisTestServer::Installed() ? SharedServer() : nullptr;
    auto store = RedisStore::Create(OptionsFor(server != nullptr ? server->port() : 1,
                                               "knox-revoke-" + std::to_string(next++) + ":"));
    if (store) store_ = std::move(*store);
  }
  RevocationStore& store() { return *store_; }
  int64_t NowMillis() { return SystemClock::Instance().NowMillis(); }

 private:
  std::unique_ptr<RedisStore> store_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Redis, RevocationStoreContract, RedisRevocationHarness);

// A socket bound to a port and connected to that same port is connected to itself (TCP
// simultaneous open); Pool::Connect refuses such a connection instead of reading its own
// commands back as replies (seen with a dead cluster master's port in the ephemeral range).
TEST(RedisConnection, SelfConnectionIsDetected) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_TRUE(redis::ConnectedToItself(fd));
  close(fd);
  if (!RedisHarness::Available()) GTEST_SKIP() << "redis-server not available";
  int client = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  server.sin_port = htons(SharedServer()->port());
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&server), sizeof server), 0);
  EXPECT_FALSE(redis::ConnectedToItself(client));
  close(client);
}

// Two servers on one Redis: a logout (revocation) on one is seen by the other at once.
TEST(RedisRevocations, SharedByEveryStoreOnTheSameRedis) {
  if (!RedisHarness::Available()) GTEST_SKIP() << "redis-server not available";
  auto a = *RedisStore::Create(OptionsFor(SharedServer()->port(), "knox-shared:"));
  auto b = *RedisStore::Create(OptionsFor(SharedServer()->port(), "knox-shared:"));
  const int64_t now = SystemClock::Instance().NowMillis();
  EXPECT_FALSE(b->IsRevoked("token-a", "alice", now).value());
  ASSERT_TRUE(a->Revoke("token-a", now + 60'000));
  EXPECT_TRUE(b->IsRevoked("token-a", "alice", now).value());
  ASSERT_TRUE(b->RevokeUser("alice", now, now + 60'000));
  EXPECT_TRUE(a->IsRevoked("token-b", "alice", now).value());
  EXPECT_FALSE(a->IsRevoked("token-b", "alice", now + 1).value());
}

// Sealed mode on Redis: a token revoked by one manager is refused by another (same keys, same
// Redis); with Redis down both Resolve and Logout fail closed instead of answering.
TEST(RedisRevocations, SealedManagersShareLogoutAndFailClosed) {
  if (!RedisInstalledOrReport()) GTEST_SKIP() << "redis-server not installed";
  RedisTestServer server;
  ASSERT_TRUE(server.Start());
  auto store_a = *RedisStore::Create(OptionsFor(server.port()));
  auto store_b = *RedisStore::Create(OptionsFor(server.port()));
  auto keyset = *seal::Keyset::Generate();
  auto a = *SessionManager::CreateSealed({}, keyset, *store_a);
  auto b = *SessionManager::CreateSealed({}, keyset, *store_b);
  auto issued = a.Login("alice", {"user"});
  ASSERT_TRUE(issued) << issued.error().message;
  ASSERT_TRUE(b.Resolve(issued->cookie_value).value().has_value());
  ASSERT_TRUE(a.Logout(issued->cookie_value));
  auto after = b.Resolve(issued->cookie_value);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_FALSE(after->has_value()) << "logged out on a: refused on b";

  auto live = b.Login("bob", {"user"});
  ASSERT_TRUE(live);
  server.Kill();
  auto resolved = a.Resolve(live->cookie_value);
  ASSERT_FALSE(resolved) << "fail closed: an unreachable revocation store is not 'not revoked'";
  EXPECT_EQ(resolved.error().code, ErrorCode::kUnavailable);
  auto logout = a.Logout(live->cookie_value);
  ASSERT_FALSE(logout) << "a logout that could not be recorded is not acknowledged";
  EXPECT_EQ(logout.error().code, ErrorCode::kUnavailable);
  ASSERT_TRUE(server.Restart());
  EXPECT_TRUE(a.Resolve(live->cookie_value).value().has_value());
}

struct UrlCase {
  const char* name;
  const char* url;
  bool ok;
  const char* host = "";
  uint16_t port = 0;
};

class ParseRedisUrlTest : public ::testing::TestWithParam<UrlCase> {};

TEST_P(ParseRedisUrlTest, Parses) {
  const UrlCase& c = GetParam();
  auto endpoint = ParseRedisUrl(c.url);
  ASSERT_EQ(endpoint.has_value(), c.ok) << (endpoint ? "" : endpoint.error().message);
  if (!c.ok) {
    EXPECT_EQ(endpoint.error().code, ErrorCode::kInvalidArgument);
    return;
  }
  EXPECT_EQ(endpoint->host, c.host);
  EXPECT_EQ(endpoint->port, c.port);
}

INSTANTIATE_TEST_SUITE_P(
    Urls, ParseRedisUrlTest,
    ::testing::Values(UrlCase{"HostPort", "redis://127.0.0.1:6380", true, "127.0.0.1", 6380},
                      UrlCase{"DefaultPort", "redis://cache.internal", true, "cache.internal",
                              6379},
                      UrlCase{"TrailingSlash", "redis://localhost:7000/", true, "localhost", 7000},
                      UrlCase{"Ipv6", "redis://[::1]:6390", true, "::1", 6390},
                      UrlCase{"Ipv6DefaultPort", "redis://[::1]", true, "::1", 6379},
                      UrlCase{"NoScheme", "127.0.0.1:6379", false},
                      UrlCase{"OtherScheme", "http://127.0.0.1:6379", false},
                      UrlCase{"Tls", "rediss://127.0.0.1:6379", false},
                      UrlCase{"Password", "redis://:secret@127.0.0.1:6379", false},
                      UrlCase{"Database", "redis://127.0.0.1:6379/2", false},
                      UrlCase{"Query", "redis://127.0.0.1:6379?x=1", false},
                      UrlCase{"EmptyHost", "redis://:6379", false},
                      UrlCase{"EmptyPort", "redis://host:", false},
                      UrlCase{"PortZero", "redis://host:0", false},
                      UrlCase{"PortTooBig", "redis://host:65536", false},
                      UrlCase{"PortNotNumber", "redis://host:http", false},
                      UrlCase{"UnbracketedIpv6", "redis://::1:6379", false},
                      UrlCase{"UnclosedBracket", "redis://[::1:6379", false},
                      UrlCase{"BadHostChar", "redis://ho st:6379", false}),
    [](const auto& test_case) { return test_case.param.name; });

TEST(RedisStoreTest, CreateValidatesOptions) {
  EXPECT_FALSE(RedisStore::Create(OptionsFor(0)));
  RedisOptions no_pool = OptionsFor(6379);
  no_pool.pool_size = 0;
  EXPECT_FALSE(RedisStore::Create(no_pool));
  RedisOptions no_timeout = OptionsFor(6379);
  no_timeout.command_timeout = milliseconds(0);
  EXPECT_FALSE(RedisStore::Create(no_timeout));
}

// Every operation of `store` fails with kUnavailable, each within `limit`.
void ExpectAllUnavailable(RedisStore& store, milliseconds limit) {
  SessionKey key = NewKey();
  int64_t now = SystemClock::Instance().NowMillis();
  SessionRecord record{.user = "alice", .absolute_expiry = now + 60'000};
  auto timed = [&](const char* what, auto op) {
    auto start = steady_clock::now();
    auto result = op();
    auto elapsed = steady_clock::now() - start;
    ASSERT_FALSE(result) << what;
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable)
        << what << ": " << result.error().message;
    EXPECT_LT(elapsed, limit) << what;
  };
  timed("Ping", [&] { return store.Ping(); });
  timed("Load", [&] { return store.Load(key); });
  timed("LoadAndTouch", [&] { return store.LoadAndTouch(key, milliseconds(1000)); });
  timed("Save", [&] { return store.Save(key, record, milliseconds(1000)); });
  timed("Replace", [&] { return store.Replace(key, record, milliseconds(1000)); });
  timed("Touch", [&] { return store.Touch(key, milliseconds(1000)); });
  timed("Destroy", [&] { return store.Destroy(key); });
  timed("DestroyAllForUser", [&] { return store.DestroyAllForUser("alice"); });
  timed("Revoke", [&] { return store.Revoke("t", now + 60'000); });
  timed("RevokeUser", [&] { return store.RevokeUser("alice", now, now + 60'000); });
  timed("IsRevoked", [&] { return store.IsRevoked("t", "alice", now); });
}

TEST(RedisStoreTest, NothingListeningIsUnavailableQuickly) {
  auto port = RedisTestServer::FreePort();
  ASSERT_TRUE(port);
  auto store = *RedisStore::Create(OptionsFor(*port));
  ExpectAllUnavailable(*store, milliseconds(1000));
}

// A peer that completes the TCP handshake (the kernel does, from the listen backlog) but never
// answers: the command timeout must end every call.
TEST(RedisStoreTest, SilentServerHitsTheCommandTimeout) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 64), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  RedisOptions options = OptionsFor(ntohs(addr.sin_port));
  options.command_timeout = milliseconds(200);
  auto store = *RedisStore::Create(options);
  ExpectAllUnavailable(*store, milliseconds(1500));
  close(fd);
}

// Kill redis-server under a live store: calls fail promptly with kUnavailable and the manager
// fails closed; restart it on the same port: the same store object works again.
TEST(RedisStoreTest, SurvivesRedisRestart) {
  if (!RedisInstalledOrReport()) GTEST_SKIP() << "redis-server not installed";
  RedisTestServer server;
  ASSERT_TRUE(server.Start());
  auto store = *RedisStore::Create(OptionsFor(server.port()));
  auto manager = *SessionManager::CreateWithStore({}, *store);
  auto issued = manager.Login("alice", {"user"});
  ASSERT_TRUE(issued) << issued.error().message;
  ASSERT_TRUE(*manager.Resolve(issued->cookie_value));

  server.Kill();
  ExpectAllUnavailable(*store, milliseconds(1000));
  auto resolved = manager.Resolve(issued->cookie_value);
  ASSERT_FALSE(resolved) << "fail closed: an unreachable store is an error, not anonymous";
  EXPECT_EQ(resolved.error().code, ErrorCode::kUnavailable);
  EXPECT_FALSE(manager.Login("alice", {}));

  ASSERT_TRUE(server.Restart());
  EXPECT_TRUE(store->Ping());
  auto again = manager.Login("alice", {"user"});
  ASSERT_TRUE(again) << again.error().message;
  auto s = manager.Resolve(again->cookie_value);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_TRUE(s->has_value());
  // The old session was in memory only (no persistence): it is gone, and that is "no session".
  auto old = manager.Resolve(issued->cookie_value);
  ASSERT_TRUE(old);
  EXPECT_FALSE(old->has_value());
}

// Restarting Redis while every pooled connection is open: the first call on each stale
// connection is retried once on a fresh one, so no request fails after Redis is back.
TEST(RedisStoreTest, StalePooledConnectionsAreReplacedTransparently) {
  if (!RedisInstalledOrReport()) GTEST_SKIP() << "redis-server not installed";
  RedisTestServer server;
  ASSERT_TRUE(server.Start());
  auto store = *RedisStore::Create(OptionsFor(server.port()));
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(store->Ping());
  server.Kill();
  ASSERT_TRUE(server.Restart());
  for (int i = 0; i < 8; ++i) EXPECT_TRUE(store->Ping()) << i;
}

TEST(RedisStoreTest, MoreThreadsThanConnections) {
  if (!RedisHarness::Available()) GTEST_SKIP() << "redis-server not available";
  RedisOptions options = OptionsFor(SharedServer()->port(), "knox-pool:");
  options.pool_size = 1;
  options.command_timeout = milliseconds(2000);
  auto store = *RedisStore::Create(options);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (!store->Ping()) failures.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(RedisStoreTest, SessionManagerOverRedis) {
  if (!RedisHarness::Available()) GTEST_SKIP() << "redis-server not available";
  auto store = *RedisStore::Create(OptionsFor(SharedServer()->port(), "knox-manager:"));
  auto m = *SessionManager::CreateWithStore({}, *store);
  auto first = *m.Login("alice", {"user"});
  auto second = *m.Login("alice", {"user"});
  auto bob = *m.Login("bob", {"user"});
  auto s = m.Resolve(first.cookie_value);
  ASSERT_TRUE(s && s->has_value());
  EXPECT_EQ((*s)->user, "alice");
  auto rotated = *m.ChangePrivilege(first.cookie_value, {"admin"});
  ASSERT_TRUE(rotated);
  EXPECT_FALSE(m.Resolve(first.cookie_value)->has_value());
  ASSERT_TRUE(m.Logout(second.cookie_value));
  EXPECT_FALSE(m.Resolve(second.cookie_value)->has_value());
  ASSERT_TRUE(m.LogoutEverywhere("alice"));
  EXPECT_FALSE(m.Resolve(rotated->cookie_value)->has_value());
  EXPECT_TRUE(m.Resolve(bob.cookie_value)->has_value());
}

}  // namespace
}  // namespace knox::session::testing
