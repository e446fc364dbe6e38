#include "core/session/memory_store.h"

#include <gtest/gtest.h>

#include "core/base/clock.h"
#include "core/session/session_store_contract.h"

namespace knox::session::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr int64_t kStart = 1'700'000'000'000;  // Unix ms

class MemoryHarness {
 public:
  static bool Available() { return true; }
  MemoryHarness() : clock_(kStart), store_(*MemoryStore::Create(clock_)) {}
  SessionStore& store() { return *store_; }
  int64_t NowMillis() { return clock_.NowMillis(); }
  void Advance(milliseconds d) { clock_.AdvanceMillis(d.count()); }
  milliseconds Tick() { return milliseconds(1000); }

 private:
  FakeClock clock_;
  std::unique_ptr<MemoryStore> store_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Memory, SessionStoreContract, MemoryHarness);

SessionRecord RecordFor(std::string user, int64_t now) {
  return SessionRecord{.user = std::move(user),
                       .created_at = now,
                       .last_seen = now,
                       .absolute_expiry = now + 3'600'000};
}

TEST(MemoryStoreTest, CreateValidatesOptions) {
  FakeClock clock(kStart);
  EXPECT_EQ(MemoryStore::Create(clock, {.shards = 0}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(MemoryStore::Create(clock, {.shards = 8, .max_sessions = 4}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_TRUE(MemoryStore::Create(clock, {.shards = 1, .max_sessions = 1}));
}

TEST(MemoryStoreTest, FullStoreEvictsTheSoonestExpiring) {
  FakeClock clock(kStart);
  auto store = *MemoryStore::Create(clock, {.shards = 1, .max_sessions = 3});
  SessionKey soon = NewKey(), later = NewKey(), latest = NewKey(), extra = NewKey();
  ASSERT_TRUE(store->Save(later, RecordFor("a", kStart), minutes(20)));
  ASSERT_TRUE(store->Save(soon, RecordFor("b", kStart), minutes(10)));
  ASSERT_TRUE(store->Save(latest, RecordFor("c", kStart), minutes(30)));
  ASSERT_TRUE(store->Save(extra, RecordFor("d", kStart), minutes(5)));
  EXPECT_EQ(store->SizeForTesting(), 3u);
  EXPECT_EQ(*store->Load(soon), std::nullopt) << "the earliest expiry is evicted";
  EXPECT_NE(*store->Load(later), std::nullopt);
  EXPECT_NE(*store->Load(latest), std::nullopt);
  EXPECT_NE(*store->Load(extra), std::nullopt);
  // Overwriting an existing key never evicts anything.
  ASSERT_TRUE(store->Save(extra, RecordFor("d", kStart), minutes(40)));
  EXPECT_EQ(store->SizeForTesting(), 3u);
  EXPECT_NE(*store->Load(later), std::nullopt);
}

TEST(MemoryStoreTest, FullStoreWithRejectPolicyRefusesNewKeys) {
  FakeClock clock(kStart);
  auto store = *MemoryStore::Create(
      clock, {.shards = 1, .max_sessions = 2, .when_full = FullPolicy::kReject});
  SessionKey a = NewKey(), b = NewKey(), c = NewKey();
  ASSERT_TRUE(store->Save(a, RecordFor("a", kStart), minutes(10)));
  ASSERT_TRUE(store->Save(b, RecordFor("b", kStart), minutes(20)));
  auto refused = store->Save(c, RecordFor("c", kStart), minutes(5));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(*store->Load(a), std::nullopt);
  // Once a record expired there is room again: the full-store path sweeps first.
  clock.AdvanceMillis(milliseconds(minutes(11)).count());
  EXPECT_TRUE(store->Save(c, RecordFor("c", kStart), minutes(5)));
  EXPECT_EQ(store->SizeForTesting(), 2u);
}

TEST(MemoryStoreTest, OperationsSweepExpiredRecords) {
  FakeClock clock(kStart);
  auto store = *MemoryStore::Create(clock, {.shards = 1, .sweep_per_operation = 2});
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(store->Save(NewKey(), RecordFor("u" + std::to_string(i), kStart), minutes(1)));
  }
  SessionKey live = NewKey();
  ASSERT_TRUE(store->Save(live, RecordFor("live", kStart), minutes(60)));
  EXPECT_EQ(store->SizeForTesting(), 11u);
  clock.AdvanceMillis(milliseconds(minutes(2)).count());
  // Each operation removes at most two expired records; five reads of an unrelated key clear all.
  for (int i = 0; i < 5; ++i) ASSERT_NE(*store->Load(live), std::nullopt);
  EXPECT_EQ(store->SizeForTesting(), 1u);
}

TEST(MemoryStoreTest, DestroyAllForUserSpansShardsAndCountsOnlyLiveRecords) {
  FakeClock clock(kStart);
  auto store = *MemoryStore::Create(clock, {.shards = 8});
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(store->Save(NewKey(), RecordFor("alice", kStart), minutes(i < 5 ? 1 : 60)));
  }
  clock.AdvanceMillis(milliseconds(minutes(2)).count());
  auto n = store->DestroyAllForUser("alice");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 15u);
  EXPECT_EQ(store->SizeForTesting(), 0u);
}

TEST(MemoryStoreTest, TouchIsClampedToAbsoluteExpiry) {
  FakeClock clock(kStart);
  auto store = *MemoryStore::Create(clock);
  SessionKey key = NewKey();
  SessionRecord record = RecordFor("alice", kStart);
  record.absolute_expiry = kStart + milliseconds(minutes(10)).count();
  ASSERT_TRUE(store->Save(key, record, minutes(5)));
  clock.AdvanceMillis(milliseconds(minutes(4)).count());
  ASSERT_TRUE(*store->Touch(key, minutes(30)));
  clock.AdvanceMillis(milliseconds(minutes(6)).count());  // exactly the absolute expiry
  EXPECT_EQ(*store->Load(key), std::nullopt);
}

}  // namespace
}  // namespace knox::session::testing
