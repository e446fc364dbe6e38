#include "core/session/revocation_list.h"

#include <gtest/gtest.h>

namespace knox::session {
namespace {

constexpr int64_t kStart = 1'700'000'000'000;

TEST(RevocationListTest, RevokedUntilExpiry) {
  FakeClock clock(kStart);
  RevocationList list(clock);
  ASSERT_TRUE(list.Revoke("t1", kStart + 1000));
  EXPECT_TRUE(list.IsRevoked("t1", "alice", kStart));
  EXPECT_FALSE(list.IsRevoked("t2", "alice", kStart));
  clock.AdvanceMillis(1000);
  EXPECT_FALSE(list.IsRevoked("t1", "alice", kStart)) << "the token itself has expired by now";
}

TEST(RevocationListTest, AlreadyExpiredEntriesAreNotStored) {
  FakeClock clock(kStart);
  RevocationList list(clock);
  ASSERT_TRUE(list.Revoke("t1", kStart));
  EXPECT_EQ(list.SizeForTesting(), 0u);
}

TEST(RevocationListTest, LaterExpiryWins) {
  FakeClock clock(kStart);
  RevocationList list(clock);
  ASSERT_TRUE(list.Revoke("t1", kStart + 5000));
  ASSERT_TRUE(list.Revoke("t1", kStart + 1000));
  clock.AdvanceMillis(2000);
  EXPECT_TRUE(list.IsRevoked("t1", "alice", kStart));
}

TEST(RevocationListTest, UserCutoffCoversOlderTokensOnly) {
  FakeClock clock(kStart);
  RevocationList list(clock);
  ASSERT_TRUE(list.RevokeUser("alice", kStart, kStart + 60'000));
  EXPECT_TRUE(list.IsRevoked("any", "alice", kStart - 5));
  EXPECT_TRUE(list.IsRevoked("any", "alice", kStart));
  EXPECT_FALSE(list.IsRevoked("any", "alice", kStart + 1));
  EXPECT_FALSE(list.IsRevoked("any", "bob", kStart - 5));
}

TEST(RevocationListTest, FullListRefusesInsteadOfForgetting) {
  FakeClock clock(kStart);
  RevocationList list(clock, /*max_entries=*/2);
  ASSERT_TRUE(list.Revoke("t1", kStart + 1000));
  ASSERT_TRUE(list.Revoke("t2", kStart + 5000));
  auto full = list.Revoke("t3", kStart + 5000);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::kLimitExceeded);
  EXPECT_TRUE(list.IsRevoked("t1", "u", kStart));
  EXPECT_TRUE(list.IsRevoked("t2", "u", kStart));
  clock.AdvanceMillis(1000);  // t1 expired: its slot can be reused
  EXPECT_TRUE(list.Revoke("t3", kStart + 5000));
  EXPECT_TRUE(list.IsRevoked("t3", "u", kStart));
  EXPECT_TRUE(list.IsRevoked("t2", "u", kStart));
}

}  // namespace
}  // namespace knox::session
