// core/session throughput: MemoryStore save/load/touch (1 and 2 threads) and SessionManager
// login + resolve in both modes. RedisStore benchmarks run only when KNOX_BENCH_REDIS=HOST:PORT
// names a running Redis (its keys use the prefix "knox-bench:"). Build with the release preset.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/session/memory_store.h"
#include "core/session/redis_store.h"
#include "core/session/revocation_list.h"
#include "core/session/session_id.h"
#include "core/session/session_manager.h"

namespace {

using knox::session::SessionKey;
using knox::session::SessionRecord;
using knox::session::SessionStore;
using std::chrono::minutes;

constexpr size_t kKeysPerThread = 4096;

std::vector<SessionKey> MakeKeys(size_t n) {
  std::vector<SessionKey> keys;
  keys.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    keys.push_back(SessionKey::ForId(*knox::session::SessionId::Generate()));
  }
  return keys;
}

SessionRecord TypicalRecord() {
  int64_t now = knox::SystemClock::Instance().NowMillis();
  return SessionRecord{.user = "alice@example.com",
                       .roles = {"user", "editor"},
                       .created_at = now,
                       .last_seen = now,
                       .absolute_expiry = now + 8 * 3'600'000,
                       .data = {{"csrf", "k3Jx9vQ2mB7pL0sT4wY8zA"}, {"locale", "en-GB"}}};
}

SessionStore& SharedMemoryStore() {
  static auto store = *knox::session::MemoryStore::Create(
      knox::SystemClock::Instance(), {.shards = 16, .max_sessions = 1'000'000});
  return *store;
}

enum class Op { kSave, kLoad, kTouch };

void RunStoreOp(benchmark::State& state, SessionStore& store, Op op) {
  std::vector<SessionKey> keys = MakeKeys(kKeysPerThread);
  SessionRecord record = TypicalRecord();
  for (const auto& key : keys) (void)store.Save(key, record, minutes(30));
  size_t i = 0;
  for (auto _ : state) {
    const SessionKey& key = keys[i++ % keys.size()];
    bool ok = false;
    switch (op) {
      case Op::kSave:
        ok = store.Save(key, record, minutes(30)).has_value();
        break;
      case Op::kLoad:
        ok = store.Load(key).has_value();
        break;
      case Op::kTouch:
        ok = store.Touch(key, minutes(30)).has_value();
        break;
    }
    if (!ok) {
      state.SkipWithError("store operation failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_MemoryStore(benchmark::State& state, Op op) { RunStoreOp(state, SharedMemoryStore(), op); }
BENCHMARK_CAPTURE(BM_MemoryStore, save, Op::kSave)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK_CAPTURE(BM_MemoryStore, load, Op::kLoad)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK_CAPTURE(BM_MemoryStore, touch, Op::kTouch)->Threads(1)->Threads(2)->UseRealTime();

// ---- SessionManager ----

knox::session::RevocationList& SharedRevocations() {
  static knox::session::RevocationList list;
  return list;
}

knox::session::SessionManager MakeManager(knox::session::Mode mode, SessionStore& store) {
  if (mode == knox::session::Mode::kId) {
    return *knox::session::SessionManager::CreateWithStore({}, store);
  }
  return *knox::session::SessionManager::CreateSealed({}, *knox::seal::Keyset::Generate(1),
                                                      SharedRevocations());
}

// One login followed by one resolve of the new cookie: the cost of a login request plus the
// first authenticated request.
void RunLoginResolve(benchmark::State& state, knox::session::SessionManager& m) {
  for (auto _ : state) {
    auto issued = m.Login("alice@example.com", {"user"});
    if (!issued) {
      state.SkipWithError("login failed");
      break;
    }
    auto session = m.Resolve(issued->cookie_value);
    if (!session || !session->has_value()) {
      state.SkipWithError("resolve failed");
      break;
    }
    benchmark::DoNotOptimize(session);
  }
  state.SetItemsProcessed(state.iterations());
}

// Resolve of one existing session: the per-request cost.
void RunResolve(benchmark::State& state, knox::session::SessionManager& m) {
  std::string cookie = m.Login("alice@example.com", {"user"})->cookie_value;
  for (auto _ : state) {
    auto session = m.Resolve(cookie);
    if (!session || !session->has_value()) {
      state.SkipWithError("resolve failed");
      break;
    }
    benchmark::DoNotOptimize(session);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ManagerLoginResolve(benchmark::State& state, knox::session::Mode mode) {
  auto store = *knox::session::MemoryStore::Create();
  auto m = MakeManager(mode, *store);
  RunLoginResolve(state, m);
}
BENCHMARK_CAPTURE(BM_ManagerLoginResolve, id_memory, knox::session::Mode::kId);
BENCHMARK_CAPTURE(BM_ManagerLoginResolve, sealed, knox::session::Mode::kSealed);

void BM_ManagerResolve(benchmark::State& state, knox::session::Mode mode) {
  auto store = *knox::session::MemoryStore::Create();
  auto m = MakeManager(mode, *store);
  RunResolve(state, m);
}
BENCHMARK_CAPTURE(BM_ManagerResolve, id_memory, knox::session::Mode::kId);
BENCHMARK_CAPTURE(BM_ManagerResolve, sealed, knox::session::Mode::kSealed);

// ---- RedisStore (only with KNOX_BENCH_REDIS) ----

SessionStore* SharedRedisStore() {
  static std::unique_ptr<knox::session::RedisStore> store = []() {
    std::unique_ptr<knox::session::RedisStore> s;
    const char* target = std::getenv("KNOX_BENCH_REDIS");
    auto endpoint = knox::session::ParseRedisUrl(std::string("redis://") + target);
    if (!endpoint) return s;
    auto created = knox::session::RedisStore::Create(
        {.endpoint = *endpoint, .pool_size = 4, .key_prefix = "knox-bench:"});
    if (created) s = std::move(*created);
    return s;
  }();
  return store.get();
}

void BM_RedisStore(benchmark::State& state, Op op) {
  SessionStore* store = SharedRedisStore();
  if (store == nullptr) {
    state.SkipWithError("KNOX_BENCH_REDIS is not HOST:PORT");
    return;
  }
  RunStoreOp(state, *store, op);
}

void BM_RedisManagerLoginResolve(benchmark::State& state) {
  SessionStore* store = SharedRedisStore();
  if (store == nullptr) {
    state.SkipWithError("KNOX_BENCH_REDIS is not HOST:PORT");
    return;
  }
  auto m = MakeManager(knox::session::Mode::kId, *store);
  RunLoginResolve(state, m);
}

// Registered before main() runs, and only when a Redis is named.
[[maybe_unused]] const bool kRedisRegistered = [] {
  if (std::getenv("KNOX_BENCH_REDIS") == nullptr) return false;
  for (auto [name, op] :
       {std::pair{"BM_RedisStore/save", Op::kSave}, std::pair{"BM_RedisStore/load", Op::kLoad},
        std::pair{"BM_RedisStore/touch", Op::kTouch}}) {
    benchmark::RegisterBenchmark(name, BM_RedisStore, op)->Threads(1)->Threads(2)->UseRealTime();
  }
  benchmark::RegisterBenchmark("BM_RedisManagerLoginResolve/id_redis", BM_RedisManagerLoginResolve);
  return true;
}();

}  // namespace
