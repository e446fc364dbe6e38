#include "core/base/ascii.h"

#include <gtest/gtest.h>

#include <string>

namespace knox {
namespace {

TEST(Ascii, OnlyAsciiLettersChangeCase) {
  for (int i = 0; i < 256; ++i) {
    const char c = static_cast<char>(i);
    const bool upper = i >= 'A' && i <= 'Z';
    const bool lower = i >= 'a' && i <= 'z';
    EXPECT_EQ(AsciiToLower(c), upper ? static_cast<char>(i + 32) : c) << i;
    EXPECT_EQ(AsciiToUpper(c), lower ? static_cast<char>(i - 32) : c) << i;
  }
}

TEST(Ascii, StringsKeepNonAsciiBytes) {
  EXPECT_EQ(AsciiStrToLower("Content-TYPE: \xc3\x89t\xc3\xa9"), "content-type: \xc3\x89t\xc3\xa9");
  EXPECT_EQ(AsciiStrToUpper("__host-x\xe9"), "__HOST-X\xe9");
  EXPECT_EQ(AsciiStrToLower(""), "");
}

TEST(Ascii, EqualsIgnoreCase) {
  EXPECT_TRUE(EqualsIgnoreCase("Set-Cookie", "set-cookie"));
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
  EXPECT_FALSE(EqualsIgnoreCase("Set-Cookie", "set-cookie2"));
  EXPECT_FALSE(EqualsIgnoreCase("set-cookie2", "Set-Cookie"));
  // '@' and '`' sit next to the letters; a case fold by bit 0x20 alone would match them.
  EXPECT_FALSE(EqualsIgnoreCase("@", "`"));
  EXPECT_FALSE(EqualsIgnoreCase("[", "{"));
  // Not Unicode case folding: the Kelvin sign is not 'k', and 'É' is not 'é'.
  EXPECT_FALSE(EqualsIgnoreCase("\xe2\x84\xaa", "k"));
  EXPECT_FALSE(EqualsIgnoreCase("\xc3\x89", "\xc3\xa9"));
}

TEST(Ascii, StartsWithIgnoreCase) {
  EXPECT_TRUE(StartsWithIgnoreCase("__Secure-id", "__secure-"));
  EXPECT_TRUE(StartsWithIgnoreCase("abc", ""));
  EXPECT_FALSE(StartsWithIgnoreCase("__Secure", "__secure-"));
  EXPECT_FALSE(StartsWithIgnoreCase("x__secure-", "__secure-"));
}

TEST(Ascii, FindIgnoreCase) {
  const std::string_view head = "GET / HTTP/1.1\r\nCONTENT-Length: 3\r\n";
  EXPECT_EQ(FindIgnoreCase(head, "\r\ncontent-length:"), 14u);
  EXPECT_EQ(FindIgnoreCase(head, "content-length", 20), std::string_view::npos);
  EXPECT_EQ(FindIgnoreCase("aAa", "A", 1), 1u);
  EXPECT_EQ(FindIgnoreCase("abc", ""), 0u);
  EXPECT_EQ(FindIgnoreCase("abc", "", 3), 3u);
  EXPECT_EQ(FindIgnoreCase("abc", "", 4), std::string_view::npos);
  EXPECT_EQ(FindIgnoreCase("ab", "abc"), std::string_view::npos);
}

}  // namespace
}  // namespace knox
