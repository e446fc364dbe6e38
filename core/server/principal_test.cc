#include "core/server/principal.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace knox::server {
namespace {

// What GET /me wrote before PrincipalToJson had its own writer: nlohmann's dump.
std::string NlohmannDump(const Principal& p) {
  return nlohmann::ordered_json{{"user", p.user}, {"roles", p.roles}}.dump(
      -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

TEST(PrincipalToJson, WritesWhatNlohmannWrites) {
  std::string every_ascii_byte;
  for (int c = 0; c < 0x80; ++c) every_ascii_byte.push_back(static_cast<char>(c));
  const std::vector<Principal> cases = {
      {"alice", {"user"}},
      {"bob", {}},
      {"a\"b\\c/d", {"x\ny", "tab\there", "\x7f"}},
      {every_ascii_byte, {every_ascii_byte, ""}},
      {"zoë", {"rôle"}},              // UTF-8: nlohmann's path
      {"bad\xff\xfe", {"also\xc3"}},  // invalid UTF-8: replaced with U+FFFD, as before
      {std::string("nul\0inside", 10), {std::string(1, '\0')}},
  };
  for (const Principal& p : cases) {
    EXPECT_EQ(PrincipalToJson(p), NlohmannDump(p)) << p.user;
  }
  EXPECT_EQ(PrincipalToJson({"alice", {"user"}}), R"({"user":"alice","roles":["user"]})");
}

TEST(PrincipalToJson, RoundTripsThroughPrincipalFromJson) {
  const Principal p{"a\"\\\x01z", {"admin", "\t"}};
  auto back = PrincipalFromJson(PrincipalToJson(p));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, p);
}

}  // namespace
}  // namespace knox::server
