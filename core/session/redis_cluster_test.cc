// Redis Cluster: the slot function and the parsers of CLUSTER SLOTS and redirections (pure), then
// a real six-node cluster on loopback (redis_test_cluster.h): both store contracts, keys spread
// over every master, and a master SIGKILLed under load — every answer during the failover is a
// session or "unavailable" (the server's 503), never "no session" (a 401), and afterwards every
// session is there again. Registered as ONE ctest test (the cluster is started once per run).
#include "core/session/redis_cluster.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "core/base/test_paths.h"
#include "core/seal/keyset.h"
#include "core/session/redis_store.h"
#include "core/session/redis_test_cluster.h"
#include "core/session/revocation_store_contract.h"
#include "core/session/session_manager.h"
#include "core/session/session_store_contract.h"

namespace knox::session::testing {
namespace {

using namespace std::chrono_literals;
using redis::KeySlot;

// ---- Pure parts ----

TEST(RedisClusterSlots, Crc16AndKeySlotAsTheSpecification) {
  EXPECT_EQ(redis::Crc16("123456789"), 0x31C3);  // the specification's check value
  EXPECT_EQ(KeySlot("foo"), 12182);
  EXPECT_EQ(KeySlot("bar"), 5061);
  EXPECT_EQ(KeySlot("{user1000}.following"), KeySlot("{user1000}.followers"));
  EXPECT_EQ(KeySlot("{user1000}.following"), KeySlot("user1000"));
  EXPECT_EQ(KeySlot("foo{}{bar}"), redis::Crc16("foo{}{bar}") & 16383);  // empty tag: whole key
  EXPECT_EQ(KeySlot("foo{{bar}}zap"), KeySlot("{bar"));                  // up to the first '}'
  EXPECT_EQ(KeySlot("foo{bar}{zap}"), KeySlot("bar"));                   // the first tag only
  EXPECT_EQ(KeySlot(""), 0);
}

TEST(RedisClusterRedirections, Parse) {
  auto moved = redis::ParseRedirection("MOVED 3999 127.0.0.1:6381");
  ASSERT_TRUE(moved);
  EXPECT_FALSE(moved->ask);
  EXPECT_EQ(moved->slot, 3999);
  EXPECT_EQ(moved->to, (RedisEndpoint{"127.0.0.1", 6381}));
  auto ask = redis::ParseRedirection("ASK 0 [::1]:7000");
  ASSERT_TRUE(ask);
  EXPECT_TRUE(ask->ask);
  EXPECT_EQ(ask->to, (RedisEndpoint{"::1", 7000}));
  auto v6 = redis::ParseRedirection("MOVED 16383 ::1:7001");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->to, (RedisEndpoint{"::1", 7001}));
  for (const char* bad : {"MOVED", "MOVED 16384 h:1", "MOVED x h:1", "MOVED 1 h", "MOVED 1 h:0",
                          "MOVED 1 h:70000", "MOVED 1 :1", "ERR wrong", "ASK 1 h:1x", ""}) {
    EXPECT_FALSE(redis::ParseRedirection(bad)) << bad;
  }
}

// Hand-built hiredis replies for ParseClusterSlots.
struct FakeReply {
  redisReply reply{};
  std::vector<redisReply*> children;
  std::string text;
  static FakeReply Integer(long long v) {
    FakeReply f;
    f.reply.type = REDIS_REPLY_INTEGER;
    f.reply.integer = v;
    return f;
  }
  static FakeReply String(std::string s) {
    FakeReply f;
    f.text = std::move(s);
    f.reply.type = REDIS_REPLY_STRING;
    return f;
  }
  void Array(std::vector<FakeReply*> items) {
    reply.type = REDIS_REPLY_ARRAY;
    for (FakeReply* item : items) {
      if (item->reply.type == REDIS_REPLY_STRING) {
        item->reply.str = item->text.data();
        item->reply.len = item->text.size();
      }
      children.push_back(&item->reply);
    }
    reply.element = children.data();
    reply.elements = children.size();
  }
};

// A restarted Redis answers LOADING until its data is read back (found by serve_test's restart
// under load: those answers were 500 instead of 503); a demoted master answers READONLY.
TEST(RedisReplyErrors, TransientErrorsAreUnavailable) {
  for (const char* text :
       {"LOADING Redis is loading the dataset in memory", "BUSY Redis is busy running a script",
        "MASTERDOWN Link with MASTER is down", "TRYAGAIN Multiple keys request during rehashing",
        "CLUSTERDOWN The cluster is down",
        "READONLY You can't write against a read only replica."}) {
    EXPECT_EQ(redis::ReplyErrorCode(text), ErrorCode::kUnavailable) << text;
  }
  for (const char* text : {"ERR unknown command 'X'", "WRONGTYPE Operation against a key",
                           "NOAUTH Authentication required.", "LOADINGX not a word", ""}) {
    EXPECT_EQ(redis::ReplyErrorCode(text), ErrorCode::kInternal) << text;
  }
}

TEST(RedisClusterSlots, ParseClusterSlots) {
  FakeReply first = FakeReply::Integer(0), last = FakeReply::Integer(5460);
  FakeReply host = FakeReply::String("127.0.0.1"), port = FakeReply::Integer(7000);
  FakeReply id = FakeReply::String("abc");
  FakeReply master, range, top;
  master.Array({&host, &port, &id});
  range.Array({&first, &last, &master});
  top.Array({&range});
  auto parsed = redis::ParseClusterSlots(top.reply);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].first, 0);
  EXPECT_EQ((*parsed)[0].last, 5460);
  EXPECT_EQ((*parsed)[0].master, (RedisEndpoint{"127.0.0.1", 7000}));

  FakeReply too_far = FakeReply::Integer(16384), bad_range;
  bad_range.Array({&first, &too_far, &master});
  FakeReply bad_top;
  bad_top.Array({&bad_range});
  EXPECT_FALSE(redis::ParseClusterSlots(bad_top.reply));
  FakeReply zero_port = FakeReply::Integer(0), bad_master, range2, top2;
  bad_master.Array({&host, &zero_port});
  range2.Array({&first, &last, &bad_master});
  top2.Array({&range2});
  EXPECT_FALSE(redis::ParseClusterSlots(top2.reply));
  EXPECT_FALSE(redis::ParseClusterSlots(host.reply));  // not an array
}

TEST(RedisClusterUrl, Parse) {
  auto seeds = ParseRedisClusterUrl("redis-cluster://127.0.0.1:7000,[::1]:7001,localhost");
  ASSERT_TRUE(seeds) << seeds.error().message;
  ASSERT_EQ(seeds->size(), 3u);
  EXPECT_EQ((*seeds)[1], (RedisEndpoint{"::1", 7001}));
  EXPECT_EQ((*seeds)[2], (RedisEndpoint{"localhost", 6379}));
  for (const char* bad :
       {"redis://h:1", "redis-cluster://", "redis-cluster://h:1,", "redis-cluster://a@h:1",
        "redis-cluster://h:1/0", "redis-cluster://h:0"}) {
    EXPECT_FALSE(ParseRedisClusterUrl(bad)) << bad;
  }
}

// ---- A real cluster ----

bool ClusterInstalledOrReport() {
  if (RedisTestCluster::Installed()) return true;
  if (knox::test_support::InCi()) ADD_FAILURE() << "redis-server and redis-cli are required in CI";
  return false;
}

RedisTestCluster* SharedCluster() {
  static RedisTestCluster cluster;
  static bool started = [] {
    auto ok = cluster.Start();
    if (!ok) ADD_FAILURE() << "cannot start the test cluster: " << ok.error().message;
    return ok.has_value();
  }();
  return started ? &cluster : nullptr;
}

RedisOptions ClusterOptions(std::string prefix) {
  return RedisOptions{.cluster_seeds = SharedCluster()->seeds(),
                      .pool_size = 4,
                      .connect_timeout = 300ms,
                      .command_timeout = 1000ms,
                      .key_prefix = std::move(prefix)};
}

class ClusterHarness {
 public:
  static bool Available() { return ClusterInstalledOrReport() && SharedCluster() != nullptr; }
  ClusterHarness() {
    static std::atomic<int> next{0};
    if (SharedCluster() == nullptr) return;
    auto store = RedisStore::Create(ClusterOptions("knox-c" + std::to_string(next++) + ":"));
    if (store) store_ = std::move(*store);
  }
  SessionStore& store() { return *store_; }
  int64_t NowMillis() { return SystemClock::Instance().NowMillis(); }
  void Advance(std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }
  std::chrono::milliseconds Tick() { return 200ms; }

 private:
  std::unique_ptr<RedisStore> store_;
};

class ClusterRevocationHarness {
 public:
  static bool Available() { return ClusterHarness::Available(); }
  ClusterRevocationHarness() {
    static std::atomic<int> next{0};
    if (SharedCluster() == nullptr) return;
    auto store = RedisStore::Create(ClusterOptions("knox-cr" + std::to_string(next++) + ":"));
    if (store) store_ = std::move(*store);
  }
  RevocationStore& store() { return *store_; }
  int64_t NowMillis() { return SystemClock::Instance().NowMillis(); }

 private:
  std::unique_ptr<RedisStore> store_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Cluster, SessionStoreContract, ClusterHarness);
INSTANTIATE_TYPED_TEST_SUITE_P(Cluster, RevocationStoreContract, ClusterRevocationHarness);

// Keys carry no hash tag: 300 sessions land on every master.
TEST(RedisClusterStore, KeysSpreadOverEveryMaster) {
  if (!ClusterHarness::Available()) GTEST_SKIP() << "no test cluster";
  auto store = *RedisStore::Create(ClusterOptions("knox-spread:"));
  auto manager = *SessionManager::CreateWithStore({}, *store);
  std::set<uint16_t> slots;
  for (int i = 0; i < 300; ++i) {
    auto issued = manager.Login("user" + std::to_string(i), {"user"});
    ASSERT_TRUE(issued) << issued.error().message;
  }
  std::set<uint16_t> ports;
  for (uint16_t slot : {uint16_t{0}, uint16_t{8000}, uint16_t{16383}}) {
    ports.insert(SharedCluster()->MasterOf(slot).value().port);
  }
  ASSERT_EQ(ports.size(), 3u) << "the test cluster should have three masters";
  for (uint16_t port : ports) {
    redis::Pool pool({.endpoint = {"127.0.0.1", port}, .pool_size = 1});
    auto size = pool.Run({{"DBSIZE"}});
    ASSERT_TRUE(size);
    EXPECT_GT(size->front()->integer, 50) << "master " << port << " holds too few keys";
  }
}

// Two servers on one cluster: a logout on one is seen by the other, in id mode (the record is
// destroyed) and in sealed mode (the revocation lives in the cluster).
TEST(RedisClusterStore, LogoutOnOneInstanceIsSeenByAnother) {
  if (!ClusterHarness::Available()) GTEST_SKIP() << "no test cluster";
  auto store_a = *RedisStore::Create(ClusterOptions("knox-shared-c:"));
  auto store_b = *RedisStore::Create(ClusterOptions("knox-shared-c:"));
  auto id_a = *SessionManager::CreateWithStore({}, *store_a);
  auto id_b = *SessionManager::CreateWithStore({}, *store_b);
  auto keyset = *seal::Keyset::Generate();
  auto sealed_a = *SessionManager::CreateSealed({}, keyset, *store_a);
  auto sealed_b = *SessionManager::CreateSealed({}, keyset, *store_b);
  for (auto* pair : {&id_a, &sealed_a}) {
    SessionManager& a = *pair;
    SessionManager& b = pair == &id_a ? id_b : sealed_b;
    auto issued = a.Login("alice", {"user"});
    ASSERT_TRUE(issued) << issued.error().message;
    ASSERT_TRUE(b.Resolve(issued->cookie_value).value().has_value());
    ASSERT_TRUE(b.Logout(issued->cookie_value));
    auto after = a.Resolve(issued->cookie_value);
    ASSERT_TRUE(after) << after.error().message;
    EXPECT_FALSE(after->has_value()) << (pair == &id_a ? "id" : "sealed") << " mode";
  }
}

// The failover: 200 sessions, replicated; threads resolve them while the master of one of their
// slots is SIGKILLed and its replica takes over.
TEST(RedisClusterStore, MasterFailoverUnderLoadLosesNothingAndNeverSaysNoSession) {
  if (!ClusterHarness::Available()) GTEST_SKIP() << "no test cluster";
  auto store = *RedisStore::Create(ClusterOptions("knox-failover:"));
  auto manager = *SessionManager::CreateWithStore({}, *store);
  std::vector<std::string> cookies;
  for (int i = 0; i < 200; ++i) {
    auto issued = manager.Login("user" + std::to_string(i), {"user"});
    ASSERT_TRUE(issued) << issued.error().message;
    cookies.push_back(issued->cookie_value);
  }
  ASSERT_TRUE(SharedCluster()->WaitForReplication());

  std::atomic<bool> stop{false};
  std::atomic<int> found{0}, unavailable{0}, no_session{0}, other_errors{0};
  std::mutex first_error_mutex;
  std::string first_error;
  std::vector<std::thread> load;
  for (int t = 0; t < 4; ++t) {
    load.emplace_back([&, t] {
      for (size_t i = static_cast<size_t>(t); !stop.load(); i = (i + 4) % cookies.size()) {
        auto resolved = manager.Resolve(cookies[i]);
        if (!resolved) {
          if (resolved.error().code == ErrorCode::kUnavailable) {
            unavailable++;
          } else {
            other_errors++;
            std::lock_guard lock(first_error_mutex);
            if (first_error.empty()) first_error = resolved.error().message;
          }
        } else if (resolved->has_value()) {
          found++;
        } else {
          no_session++;
        }
      }
    });
  }
  std::this_thread::sleep_for(300ms);
  const uint16_t slot = KeySlot("knox-failover:s:");  // any slot; its master is the victim
  auto victim = SharedCluster()->KillMasterOf(slot);
  ASSERT_TRUE(victim) << victim.error().message;
  auto promoted = SharedCluster()->WaitForNewMaster(slot, *victim, 30s);
  std::this_thread::sleep_for(500ms);  // load goes on against the new master
  stop = true;
  for (auto& thread : load) thread.join();
  ASSERT_TRUE(promoted) << promoted.error().message;

  EXPECT_EQ(no_session.load(), 0) << "a live session was answered 'no session' (a 401)";
  EXPECT_EQ(other_errors.load(), 0) << "first: " << first_error;
  EXPECT_GT(found.load(), 0);
  EXPECT_GT(unavailable.load(), 0) << "the failover window should have been observed as 503s";
  for (const auto& cookie : cookies) {
    auto resolved = manager.Resolve(cookie);
    ASSERT_TRUE(resolved) << resolved.error().message;
    EXPECT_TRUE(resolved->has_value()) << "a session was lost in the failover";
  }
  std::cout << "[ failover ] resolved " << found.load() << ", unavailable " << unavailable.load()
            << ", promoted 127.0.0.1:" << promoted->port << " for 127.0.0.1:" << victim->port
            << "\n";
}

}  // namespace
}  // namespace knox::session::testing
