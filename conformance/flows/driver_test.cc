#include "conformance/flows/driver.h"

#include <gtest/gtest.h>

namespace knox::flows {
namespace {

TEST(FindInputValue, ReadsHiddenCsrfInputs) {
  const std::string html = R"(<form><INPUT type="hidden" value="t&amp;1" name="csrf_token">
      <input name='other' value='x'><input name=plain value=abc></form>)";
  EXPECT_EQ(FindInputValue(html, "csrf_token"), "t&1");
  EXPECT_EQ(FindInputValue(html, "other"), "x");
  EXPECT_EQ(FindInputValue(html, "plain"), "abc");
  EXPECT_EQ(FindInputValue(html, "missing"), std::nullopt);
  EXPECT_EQ(FindInputValue("<input name=\"a\" value=\"unterminated", "a"), std::nullopt);
  // "data-name" is not "name".
  EXPECT_EQ(FindInputValue(R"(<input data-name="t" value="no">)", "t"), std::nullopt);
}

TEST(FormEncode, EncodesReservedCharacters) {
  EXPECT_EQ(FormEncode("a b&c=d+é"), "a+b%26c%3Dd%2B%C3%A9");
  EXPECT_EQ(FormEncode("Az09-._~"), "Az09-._~");
}

TEST(CookieHeader, JoinsPairs) {
  EXPECT_EQ(CookieHeader({{"a", "1"}, {"", "nameless"}, {"b", "2"}}), "a=1; nameless; b=2");
}

}  // namespace
}  // namespace knox::flows
