// The SessionStore contract (session_store.h) as a typed gtest suite that every store must pass.
//
// A store joins by providing a harness type H with:
//   static bool Available();               // false => the harness already reported skip/fail
//   SessionStore& store();
//   int64_t NowMillis();                    // the clock the store reads
//   void Advance(std::chrono::milliseconds); // FakeClock: move it; real clock: sleep
//   std::chrono::milliseconds Tick();       // a TTL that is short for this store but long
//                                           // enough to outlast one round trip (Redis: real time)
// and instantiating:  INSTANTIATE_TYPED_TEST_SUITE_P(Memory, SessionStoreContract, MemoryHarness);
// Each test gets a fresh harness (and so an empty store or a fresh key namespace).
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/session/session_id.h"
#include "core/session/session_key.h"
#include "core/session/session_store.h"

namespace knox::session::testing {

inline SessionKey NewKey() { return SessionKey::ForId(*SessionId::Generate()); }

template <class H>
class SessionStoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!H::Available()) GTEST_SKIP() << "store backend not available";
  }

  SessionRecord Record(std::string user, int64_t lifetime_ms = 3'600'000) {
    int64_t now = h_.NowMillis();
    return SessionRecord{.user = std::move(user),
                         .roles = {"user", "reader"},
                         .created_at = now,
                         .last_seen = now,
                         .absolute_expiry = now + lifetime_ms,
                         .data = {{"csrf", "abc"}, {"theme", "dark"}}};
  }
  std::optional<SessionRecord> MustLoad(const SessionKey& key) {
    auto r = h_.store().Load(key);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r ? *r : std::nullopt;
  }
  SessionStore& store() { return h_.store(); }

  H h_;
};

TYPED_TEST_SUITE_P(SessionStoreContract);

TYPED_TEST_P(SessionStoreContract, SaveLoadRoundTrip) {
  SessionKey key = NewKey();
  SessionRecord record = this->Record("alice");
  record.data["unicode"] = "h\xC3\xA9llo \xE2\x9C\x93";
  ASSERT_TRUE(this->store().Save(key, record, std::chrono::minutes(5)));
  EXPECT_EQ(this->MustLoad(key), record);
}

TYPED_TEST_P(SessionStoreContract, MissingKeyIsNone) {
  SessionKey key = NewKey();
  EXPECT_EQ(this->MustLoad(key), std::nullopt);
  auto touched = this->store().Touch(key, std::chrono::minutes(5));
  ASSERT_TRUE(touched);
  EXPECT_FALSE(*touched);
  auto loaded = this->store().LoadAndTouch(key, std::chrono::minutes(5));
  ASSERT_TRUE(loaded);
  EXPECT_EQ(*loaded, std::nullopt);
  EXPECT_TRUE(this->store().Destroy(key));  // destroying nothing is not an error
}

TYPED_TEST_P(SessionStoreContract, TtlExpiry) {
  SessionKey key = NewKey();
  auto tick = this->h_.Tick();
  ASSERT_TRUE(this->store().Save(key, this->Record("alice"), tick));
  EXPECT_NE(this->MustLoad(key), std::nullopt);
  this->h_.Advance(tick + tick / 2);
  EXPECT_EQ(this->MustLoad(key), std::nullopt);
  auto touched = this->store().Touch(key, std::chrono::minutes(5));
  ASSERT_TRUE(touched);
  EXPECT_FALSE(*touched) << "an expired record must not be revived by Touch";
}

TYPED_TEST_P(SessionStoreContract, ExpiryNeverPassesAbsoluteExpiry) {
  SessionKey key = NewKey();
  auto tick = this->h_.Tick();
  ASSERT_TRUE(this->store().Save(key, this->Record("alice", tick.count()), std::chrono::hours(1)));
  EXPECT_NE(this->MustLoad(key), std::nullopt);
  this->h_.Advance(tick + tick / 2);
  EXPECT_EQ(this->MustLoad(key), std::nullopt);
}

TYPED_TEST_P(SessionStoreContract, TouchExtends) {
  SessionKey key = NewKey();
  auto tick = this->h_.Tick();
  ASSERT_TRUE(this->store().Save(key, this->Record("alice"), tick * 2));
  this->h_.Advance(tick);
  auto touched = this->store().Touch(key, tick * 4);
  ASSERT_TRUE(touched);
  EXPECT_TRUE(*touched);
  this->h_.Advance(tick * 2);  // 3 ticks after the save: past the first TTL, inside the new one
  EXPECT_NE(this->MustLoad(key), std::nullopt);
  this->h_.Advance(tick * 3);  // 6 ticks: past the touched TTL too
  EXPECT_EQ(this->MustLoad(key), std::nullopt);
}

TYPED_TEST_P(SessionStoreContract, LoadAndTouchReturnsRecordAndExtends) {
  SessionKey key = NewKey();
  auto tick = this->h_.Tick();
  SessionRecord record = this->Record("alice");
  ASSERT_TRUE(this->store().Save(key, record, tick * 2));
  this->h_.Advance(tick);
  auto loaded = this->store().LoadAndTouch(key, tick * 4);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(*loaded, record);
  this->h_.Advance(tick * 2);
  EXPECT_NE(this->MustLoad(key), std::nullopt);
}

TYPED_TEST_P(SessionStoreContract, ReplaceOnlyWhenPresent) {
  SessionKey key = NewKey();
  SessionRecord record = this->Record("alice");
  auto replaced = this->store().Replace(key, record, std::chrono::minutes(5));
  ASSERT_TRUE(replaced);
  EXPECT_FALSE(*replaced);
  EXPECT_EQ(this->MustLoad(key), std::nullopt) << "Replace must not create a record";
  ASSERT_TRUE(this->store().Save(key, record, std::chrono::minutes(5)));
  record.roles = {"admin"};
  replaced = this->store().Replace(key, record, std::chrono::minutes(5));
  ASSERT_TRUE(replaced);
  EXPECT_TRUE(*replaced);
  EXPECT_EQ(this->MustLoad(key), record);
}

TYPED_TEST_P(SessionStoreContract, SaveOverwrites) {
  SessionKey key = NewKey();
  SessionRecord first = this->Record("alice");
  SessionRecord second = this->Record("alice");
  second.data = {{"step", "2"}};
  ASSERT_TRUE(this->store().Save(key, first, std::chrono::minutes(5)));
  ASSERT_TRUE(this->store().Save(key, second, std::chrono::minutes(5)));
  EXPECT_EQ(this->MustLoad(key), second);
}

TYPED_TEST_P(SessionStoreContract, Destroy) {
  SessionKey key = NewKey();
  SessionKey other = NewKey();
  ASSERT_TRUE(this->store().Save(key, this->Record("alice"), std::chrono::minutes(5)));
  ASSERT_TRUE(this->store().Save(other, this->Record("alice"), std::chrono::minutes(5)));
  ASSERT_TRUE(this->store().Destroy(key));
  EXPECT_EQ(this->MustLoad(key), std::nullopt);
  EXPECT_NE(this->MustLoad(other), std::nullopt);
}

TYPED_TEST_P(SessionStoreContract, DestroyAllForUser) {
  std::vector<SessionKey> alice = {NewKey(), NewKey(), NewKey()};
  SessionKey bob = NewKey();
  SessionKey moved = NewKey();  // saved for alice, then re-saved for carol
  for (const auto& key : alice) {
    ASSERT_TRUE(this->store().Save(key, this->Record("alice"), std::chrono::minutes(5)));
  }
  ASSERT_TRUE(this->store().Save(bob, this->Record("bob"), std::chrono::minutes(5)));
  ASSERT_TRUE(this->store().Save(moved, this->Record("alice"), std::chrono::minutes(5)));
  ASSERT_TRUE(this->store().Save(moved, this->Record("carol"), std::chrono::minutes(5)));
  auto n = this->store().DestroyAllForUser("alice");
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 3u);
  for (const auto& key : alice) EXPECT_EQ(this->MustLoad(key), std::nullopt);
  EXPECT_NE(this->MustLoad(bob), std::nullopt);
  EXPECT_NE(this->MustLoad(moved), std::nullopt);
  n = this->store().DestroyAllForUser("nobody");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0u);
}

TYPED_TEST_P(SessionStoreContract, LargeValues) {
  SessionKey key = NewKey();
  SessionRecord record = this->Record("alice");
  record.data["blob"] = std::string(512 * 1024, 'x');
  record.roles.assign(1000, "role");
  ASSERT_TRUE(this->store().Save(key, record, std::chrono::minutes(5)));
  EXPECT_EQ(this->MustLoad(key), record);
  record.data["blob"] = std::string(kMaxRecordBytes, 'x');
  auto too_big = this->store().Save(NewKey(), record, std::chrono::minutes(5));
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code, ErrorCode::kLimitExceeded);
}

TYPED_TEST_P(SessionStoreContract, RejectsInvalidInput) {
  SessionKey key = NewKey();
  auto zero_ttl = this->store().Save(key, this->Record("alice"), std::chrono::milliseconds(0));
  ASSERT_FALSE(zero_ttl);
  EXPECT_EQ(zero_ttl.error().code, ErrorCode::kInvalidArgument);
  auto no_user = this->store().Save(key, this->Record(""), std::chrono::minutes(5));
  ASSERT_FALSE(no_user);
  EXPECT_EQ(no_user.error().code, ErrorCode::kInvalidArgument);
  SessionRecord bad_utf8 = this->Record("alice");
  bad_utf8.data["x"] = "\xC0\xAF";  // overlong '/'
  auto not_utf8 = this->store().Save(key, bad_utf8, std::chrono::minutes(5));
  ASSERT_FALSE(not_utf8);
  EXPECT_EQ(not_utf8.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(this->MustLoad(key), std::nullopt);
}

// Several threads save, load, touch and destroy their own keys while all of them read one shared
// key; every thread checks what it reads.
TYPED_TEST_P(SessionStoreContract, ConcurrentAccess) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 50;
  SessionKey shared = NewKey();
  SessionRecord shared_record = this->Record("shared");
  ASSERT_TRUE(this->store().Save(shared, shared_record, std::chrono::minutes(5)));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string user = "user" + std::to_string(t);
      for (int i = 0; i < kRounds; ++i) {
        SessionKey key = NewKey();
        SessionRecord record = this->Record(user);
        record.data["i"] = std::to_string(i);
        bool ok = this->store().Save(key, record, std::chrono::minutes(5)).has_value();
        auto loaded = this->store().Load(key);
        ok = ok && loaded && *loaded == record;
        auto touched = this->store().Touch(key, std::chrono::minutes(6));
        ok = ok && touched && *touched;
        auto seen = this->store().Load(shared);
        ok = ok && seen && *seen == shared_record;
        if (i % 2 == 0) ok = ok && this->store().Destroy(key).has_value();
        if (!ok) failures.fetch_add(1);
      }
      auto n = this->store().DestroyAllForUser(user);
      if (!n || *n != kRounds / 2) failures.fetch_add(1);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(this->MustLoad(shared), shared_record);
}

REGISTER_TYPED_TEST_SUITE_P(SessionStoreContract, SaveLoadRoundTrip, MissingKeyIsNone, TtlExpiry,
                            ExpiryNeverPassesAbsoluteExpiry, TouchExtends,
                            LoadAndTouchReturnsRecordAndExtends, ReplaceOnlyWhenPresent,
                            SaveOverwrites, Destroy, DestroyAllForUser, LargeValues,
                            RejectsInvalidInput, ConcurrentAccess);

}  // namespace knox::session::testing
