#include "core/server/user_store.h"

#include <gtest/gtest.h>

namespace knox::server {
namespace {

UserStore Store() {
  auto store = UserStore::Create({.iterations = UserStoreOptions::kMinIterations});
  EXPECT_TRUE(store.has_value());
  return std::move(*store);
}

TEST(UserStore, VerifiesOnlyTheRightPassword) {
  UserStore users = Store();
  ASSERT_TRUE(users.Add("alice", "wonderland").has_value());
  auto ok = users.Verify("alice", "wonderland");
  ASSERT_TRUE(ok.has_value());
  ASSERT_TRUE(ok->has_value());
  EXPECT_EQ(**ok, (Principal{"alice", {"user"}}));
  for (auto [name, password] :
       {std::pair{"alice", "Wonderland"}, std::pair{"alice", ""}, std::pair{"alice", "wonderland "},
        std::pair{"bob", "wonderland"}, std::pair{"", "wonderland"}}) {
    auto no = users.Verify(name, password);
    ASSERT_TRUE(no.has_value());
    EXPECT_FALSE(no->has_value()) << name << ":" << password;
  }
}

TEST(UserStore, OverlongPasswordNeverMatches) {
  UserStore users = Store();
  std::string longest(UserStoreOptions::kMaxPasswordBytes, 'p');
  ASSERT_TRUE(users.Add("alice", longest).has_value());
  EXPECT_TRUE(users.Verify("alice", longest)->has_value());
  EXPECT_FALSE(users.Verify("alice", longest + "x")->has_value());  // same prefix, never a match
}

TEST(UserStore, RejectsBadAccounts) {
  UserStore users = Store();
  ASSERT_TRUE(users.Add("alice", "wonderland").has_value());
  EXPECT_EQ(users.Add("alice", "other").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(users.Add("", "x").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(users.Add("carol", "").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(users.size(), 1u);
  EXPECT_EQ(UserStore::Create({.iterations = 10}).error().code, ErrorCode::kInvalidArgument);
}

TEST(UserStore, SameNameSamePasswordGetsDifferentSalts) {
  // Two stores hashing one password must not produce interchangeable verifiers; observable
  // through behaviour only: both verify their own password.
  UserStore a = Store(), b = Store();
  ASSERT_TRUE(a.Add("alice", "pw").has_value());
  ASSERT_TRUE(b.Add("alice", "pw").has_value());
  EXPECT_TRUE(a.Verify("alice", "pw")->has_value());
  EXPECT_TRUE(b.Verify("alice", "pw")->has_value());
}

TEST(ParseUserSpec, SplitsAtTheFirstColon) {
  auto spec = ParseUserSpec("bob:pa:ss");
  ASSERT_TRUE(spec.has_value());
  EXPECT_EQ(spec->first, "bob");
  EXPECT_EQ(spec->second, "pa:ss");
  for (const char* bad : {"bob", ":pw", "bob:", ""}) {
    EXPECT_FALSE(ParseUserSpec(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace knox::server
