#include "core/base/http_token.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace knox {
namespace {

// RFC 9110 §5.6.2, spelled out byte by byte.
TEST(HttpToken, TcharIsExactlyTheRfcSet) {
  const std::string_view specials = "!#$%&'*+-.^_`|~";
  for (int i = 0; i < 256; ++i) {
    const char c = static_cast<char>(i);
    const bool expected = (i >= '0' && i <= '9') || (i >= 'a' && i <= 'z') ||
                          (i >= 'A' && i <= 'Z') || (i != 0 && specials.find(c) != specials.npos);
    EXPECT_EQ(IsTchar(c), expected) << i;
  }
}

TEST(HttpToken, Tokens) {
  EXPECT_TRUE(IsHttpToken("Content-Type"));
  EXPECT_TRUE(IsHttpToken("__Host-session"));
  EXPECT_TRUE(IsHttpToken("!#$%&'*+-.^_`|~09azAZ"));
  EXPECT_FALSE(IsHttpToken(""));
  EXPECT_FALSE(IsHttpToken("a b"));
  EXPECT_FALSE(IsHttpToken("a:b"));
  EXPECT_FALSE(IsHttpToken("a=b"));
  EXPECT_FALSE(IsHttpToken("a\r\nb"));
  EXPECT_FALSE(IsHttpToken(std::string_view("a\0b", 3)));
  EXPECT_FALSE(IsHttpToken("caf\xc3\xa9"));
  EXPECT_FALSE(IsHttpToken("\"quoted\""));
  static_assert(IsHttpToken("GET"));
}

}  // namespace
}  // namespace knox
