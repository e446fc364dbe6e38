// The RevocationStore contract (revocation_store.h) as a typed gtest suite every implementation
// must pass. A harness type H provides:
//   static bool Available();        // false => the harness already reported skip/fail
//   RevocationStore& store();       // fresh and empty for each test
//   int64_t NowMillis();            // the clock the store reads
// and the implementation instantiates:
//   INSTANTIATE_TYPED_TEST_SUITE_P(Memory, RevocationStoreContract, MemoryRevocationHarness);
// Expiry itself is tested per implementation: an implementation may keep an entry longer than
// asked (Redis adds a clock-skew allowance), never shorter.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "core/session/revocation_store.h"

namespace knox::session::testing {

template <class H>
class RevocationStoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!H::Available()) GTEST_SKIP() << "revocation store backend not available";
  }
  bool Revoked(std::string_view id, std::string_view user, int64_t created_at) {
    auto r = h_.store().IsRevoked(id, user, created_at);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r.value_or(false);
  }
  int64_t Hour() { return h_.NowMillis() + 3'600'000; }

  H h_;
};

TYPED_TEST_SUITE_P(RevocationStoreContract);

TYPED_TEST_P(RevocationStoreContract, RevokedTokenOnly) {
  const int64_t now = this->h_.NowMillis();
  ASSERT_TRUE(this->h_.store().Revoke("t1", this->Hour()));
  EXPECT_TRUE(this->Revoked("t1", "alice", now));
  EXPECT_TRUE(this->Revoked("t1", "someone-else", now)) << "a token id is revoked for any user";
  EXPECT_FALSE(this->Revoked("t2", "alice", now));
  // Revoking again (e.g. a second logout with a refreshed copy) is fine.
  ASSERT_TRUE(this->h_.store().Revoke("t1", this->Hour() + 1000));
  EXPECT_TRUE(this->Revoked("t1", "alice", now));
}

TYPED_TEST_P(RevocationStoreContract, PastExpiryIsNotStoredAndNotAnError) {
  const int64_t now = this->h_.NowMillis();
  ASSERT_TRUE(this->h_.store().Revoke("old", now - 1));
  ASSERT_TRUE(this->h_.store().RevokeUser("bob", now, now - 1));
  EXPECT_FALSE(this->Revoked("old", "alice", now));
  EXPECT_FALSE(this->Revoked("any", "bob", now - 10));
}

TYPED_TEST_P(RevocationStoreContract, UserCutoffCoversOlderTokensAndTheLargestWins) {
  const int64_t now = this->h_.NowMillis();
  ASSERT_TRUE(this->h_.store().RevokeUser("alice", now, this->Hour()));
  EXPECT_TRUE(this->Revoked("any", "alice", now - 5));
  EXPECT_TRUE(this->Revoked("any", "alice", now));
  EXPECT_FALSE(this->Revoked("any", "alice", now + 1)) << "a login after the cut-off lives";
  EXPECT_FALSE(this->Revoked("any", "bob", now - 5)) << "other users are untouched";
  ASSERT_TRUE(this->h_.store().RevokeUser("alice", now - 100, this->Hour()));
  EXPECT_TRUE(this->Revoked("any", "alice", now)) << "an older cut-off never lowers a newer one";
  ASSERT_TRUE(this->h_.store().RevokeUser("alice", now + 50, this->Hour()));
  EXPECT_TRUE(this->Revoked("any", "alice", now + 50));
  EXPECT_FALSE(this->Revoked("any", "alice", now + 51));
}

TYPED_TEST_P(RevocationStoreContract, IdsAndUsersAreOpaqueBytes) {
  const int64_t now = this->h_.NowMillis();
  const std::string id("\x00\xff\x80:*\r\n", 7);
  const std::string user("\xc3\x28 \x00 r:t:", 9);
  ASSERT_TRUE(this->h_.store().Revoke(id, this->Hour()));
  ASSERT_TRUE(this->h_.store().RevokeUser(user, now, this->Hour()));
  EXPECT_TRUE(this->Revoked(id, "x", now));
  EXPECT_FALSE(this->Revoked(std::string("\x00\xff\x80:*\r", 6), "x", now));
  EXPECT_TRUE(this->Revoked("other", user, now));
  EXPECT_FALSE(this->Revoked("other", std::string("\xc3\x28 \x00 r:t", 8), now));
}

TYPED_TEST_P(RevocationStoreContract, ConcurrentRevocationsAreAllKept) {
  const int64_t now = this->h_.NowMillis();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (!this->h_.store().Revoke("c" + std::to_string(t * 100 + i), now + 3'600'000)) {
          failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  for (int t = 0; t < 4; ++t) {
    for (int i = 0; i < 50; ++i) {
      EXPECT_TRUE(this->Revoked("c" + std::to_string(t * 100 + i), "u", now)) << t << "/" << i;
    }
  }
}

REGISTER_TYPED_TEST_SUITE_P(RevocationStoreContract, RevokedTokenOnly,
                            PastExpiryIsNotStoredAndNotAnError,
                            UserCutoffCoversOlderTokensAndTheLargestWins, IdsAndUsersAreOpaqueBytes,
                            ConcurrentRevocationsAreAllKept);

}  // namespace knox::session::testing
