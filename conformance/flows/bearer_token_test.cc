#include "conformance/flows/bearer_token.h"

#include <gtest/gtest.h>

namespace knox::flows {
namespace {

constexpr std::string_view kJwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";

TEST(BearerToken, OAuthTokenResponse) {
  auto found = FindBearerToken(R"({"access_token":"abcdefgh1234","token_type":"bearer"})");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->token, "abcdefgh1234");
  EXPECT_EQ(found->source, "/access_token");
}

TEST(BearerToken, CommonNamesInOrderAndNested) {
  // access_token wins over token at the same depth; a shallower token wins over a deeper one.
  auto found = FindBearerToken(R"({"token":"tttttttt1","access_token":"aaaaaaaa1"})");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->source, "/access_token");
  found = FindBearerToken(R"({"data":{"auth":{"jwt":")" + std::string(kJwt) + R"("}}})");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->token, kJwt);
  EXPECT_EQ(found->source, "/data/auth/jwt");
  // Four levels down is beyond the search.
  EXPECT_FALSE(FindBearerToken(R"({"a":{"b":{"c":{"d":{"token":"tttttttt1"}}}}})"));
}

TEST(BearerToken, KeysWithSlashesAreEscapedInTheSource) {
  auto found = FindBearerToken(R"({"a/b~":{"token":"tttttttt1"}})");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->source, "/a~1b~0/token");
  // ... and the escaped pointer reads it back.
  auto again = FindBearerToken(R"({"a/b~":{"token":"tttttttt1"}})", found->source);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->token, "tttttttt1");
}

TEST(BearerToken, PointerFromTheProfile) {
  const std::string body = R"({"result":[{"session":"s3cr3t-session"}],"token":"other-token"})";
  auto found = FindBearerToken(body, "/result/0/session");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->token, "s3cr3t-session");
  EXPECT_EQ(found->source, "/result/0/session");
  EXPECT_FALSE(FindBearerToken(body, "/result/1/session"));   // out of range
  EXPECT_FALSE(FindBearerToken(body, "/result/00/session"));  // leading zero
  EXPECT_FALSE(FindBearerToken(body, "/result/x/session"));   // not an index
  EXPECT_FALSE(FindBearerToken(body, "/missing"));
  // Not a pointer (found by fuzz/bearer_token_fuzzer: "-result/0/session" read as if it began with
  // '/', so the source named a place that is no pointer).
  EXPECT_FALSE(FindBearerToken(body, "-result/0/session"));
  EXPECT_FALSE(FindBearerToken(body, "result/0/session"));
}

TEST(BearerToken, OnlyHeaderSafeStringsOfSaneLength) {
  EXPECT_FALSE(FindBearerToken(R"({"token":"short"})"));              // under 8 characters
  EXPECT_FALSE(FindBearerToken(R"({"token":"has a space in it"})"));  // not header-safe
  EXPECT_FALSE(FindBearerToken(R"({"token":"line\r\nX-Injected: 1"})"));
  EXPECT_FALSE(FindBearerToken(R"({"token":12345678901})"));  // not a string
  EXPECT_FALSE(FindBearerToken(R"({"token":")" + std::string(8193, 'a') + R"("})"));
  EXPECT_TRUE(FindBearerToken(R"({"token":")" + std::string(8192, 'a') + R"("})"));
}

TEST(BearerToken, NotAJsonObject) {
  EXPECT_FALSE(FindBearerToken(""));
  EXPECT_FALSE(FindBearerToken("<html>token</html>"));
  EXPECT_FALSE(FindBearerToken(R"(["access_token","abcdefgh1234"])"));
  EXPECT_FALSE(FindBearerToken(R"({"access_token":"abcdefgh1234")"));  // truncated
}

}  // namespace
}  // namespace knox::flows
