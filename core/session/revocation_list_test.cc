#include "core/session/revocation_list.h"

#include <gtest/gtest.h>

#include "core/session/revocation_store_contract.h"

namespace knox::session {
namespace {

constexpr int64_t kStart = 1'700'000'000'000;

class MemoryRevocationHarness {
 public:
  static bool Available() { return true; }
  RevocationStore& store() { return list_; }
  int64_t NowMillis() { return clock_.NowMillis(); }

 private:
  FakeClock clock_{kStart};
  RevocationList list_{clock_};
};

}  // namespace
namespace testing {
INSTANTIATE_TYPED_TEST_SUITE_P(Memory, RevocationStoreContract, MemoryRevocationHarness);
}  // namespace testing
namespace {

TEST(RevocationListTest, RevokedUntilExpiry) {
  FakeClock clock(kStart);
  RevocationList list(clock);
  ASSERT_TRUE(list.Revoke("t1", kStart + 1000));
  EXPECT_TRUE(list.IsRevoked("t1", "alice", kStart).value());
  EXPECT_FALSE(list.IsRevoked("t2", "alice", kStart).value());
  clock.AdvanceMillis(1000);
  EXPECT_FALSE(list.IsRevoked("t1", "alice", kStart).value())
      << "the token itself has expired by now";
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
  EXPECT_TRUE(list.IsRevoked("t1", "alice", kStart).value());
}

TEST(RevocationListTest, UserCutoffCoversOlderTokensOnly) {
  FakeClock clock(kStart);
  RevocationList list(clock);
  ASSERT_TRUE(list.RevokeUser("alice", kStart, kStart + 60'000));
  EXPECT_TRUE(list.IsRevoked("any", "alice", kStart - 5).value());
  EXPECT_TRUE(list.IsRevoked("any", "alice", kStart).value());
  EXPECT_FALSE(list.IsRevoked("any", "alice", kStart + 1).value());
  EXPECT_FALSE(list.IsRevoked("any", "bob", kStart - 5).value());
}

TEST(RevocationListTest, FullListRefusesInsteadOfForgetting) {
  FakeClock clock(kStart);
  RevocationList list(clock, /*max_entries=*/2);
  ASSERT_TRUE(list.Revoke("t1", kStart + 1000));
  ASSERT_TRUE(list.Revoke("t2", kStart + 5000));
  auto full = list.Revoke("t3", kStart + 5000);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::kLimitExceeded);
  EXPECT_TRUE(list.IsRevoked("t1", "u", kStart).value());
  EXPECT_TRUE(list.IsRevoked("t2", "u", kStart).value());
  clock.AdvanceMillis(1000);  // t1 expired: its slot can be reused
  EXPECT_TRUE(list.Revoke("t3", kStart + 5000));
  EXPECT_TRUE(list.IsRevoked("t3", "u", kStart).value());
  EXPECT_TRUE(list.IsRevoked("t2", "u", kStart).value());
}

}  // namespace
}  // namespace knox::session
