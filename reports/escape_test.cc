#include "reports/escape.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "reports/utf8.h"

namespace knox::reports {
namespace {

const std::string kFffd = "\xef\xbf\xbd";

struct Case {
  const char* name;
  std::string in;
  std::string want;
};

class ValidUtf8Test : public ::testing::TestWithParam<Case> {};

TEST_P(ValidUtf8Test, ReplacesEachInvalidByte) {
  EXPECT_EQ(ValidUtf8(GetParam().in), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Rfc3629, ValidUtf8Test,
    ::testing::Values(Case{"Ascii", "sid=abc", "sid=abc"},
                      Case{"TwoThreeFourBytes", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
                           "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"},
                      Case{"LoneFF",
                           "a\xff"
                           "b",
                           "a" + kFffd + "b"},
                      Case{"LoneContinuation", "\x80", kFffd},
                      Case{"OverlongSlash", "\xc0\xaf", kFffd + kFffd},
                      Case{"Surrogate", "\xed\xa0\x80", kFffd + kFffd + kFffd},
                      Case{"AboveMax", "\xf4\x90\x80\x80", kFffd + kFffd + kFffd + kFffd},
                      Case{"TruncatedAtEnd", "x\xe2\x82", "x" + kFffd + kFffd},
                      Case{"NulKept", std::string("a\0b", 3), std::string("a\0b", 3)}),
    [](const auto& p) { return std::string(p.param.name); });

class TerminalSafeTest : public ::testing::TestWithParam<Case> {};

TEST_P(TerminalSafeTest, EscapesControls) {
  EXPECT_EQ(TerminalSafe(GetParam().in), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Controls, TerminalSafeTest,
    ::testing::Values(Case{"Plain", "session_id", "session_id"},
                      Case{"AnsiColour", "\x1b[31mred", "\\x1b[31mred"},
                      Case{"OscTitle", "\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"},
                      Case{"NewlineTabCr", "a\nb\tc\r", "a\\x0ab\\x09c\\x0d"},
                      Case{"Nul", std::string("a\0b", 3), "a\\x00b"}, Case{"Del", "\x7f", "\\x7f"},
                      Case{"C1Csi",
                           "\xc2\x9b"
                           "31m",
                           "\\u{009b}31m"},
                      Case{"BidiOverride",
                           "\xe2\x80\xae"
                           "gpj.exe",
                           "\\u{202e}gpj.exe"},
                      Case{"BidiIsolate", "\xe2\x81\xa6", "\\u{2066}"},
                      Case{"BackslashDoubled", "a\\x1b", "a\\\\x1b"},
                      Case{"InvalidUtf8", "\xff", kFffd},
                      Case{"PrintableUnicodeKept", "caf\xc3\xa9", "caf\xc3\xa9"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(MarkupEscape, EscapesTheFiveMarkupCharacters) {
  EXPECT_EQ(MarkupEscape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
}

TEST(MarkupEscape, CdataTerminatorLosesItsMeaning) { EXPECT_EQ(MarkupEscape("]]>"), "]]&gt;"); }

TEST(MarkupEscape, CharactersIllegalInXml10BecomeReplacement) {
  EXPECT_EQ(MarkupEscape(std::string("a\0b", 3)), "a" + kFffd + "b");
  EXPECT_EQ(MarkupEscape("\x08\x0b\x0c\x1b"), kFffd + kFffd + kFffd + kFffd);
  EXPECT_EQ(MarkupEscape("\xef\xbf\xbe\xef\xbf\xbf"), kFffd + kFffd);  // U+FFFE, U+FFFF
  EXPECT_EQ(MarkupEscape("\xff"), kFffd);
}

TEST(MarkupEscape, PresentationControlsBecomeReplacement) {
  EXPECT_EQ(MarkupEscape("\x7f\xc2\x9b\xe2\x80\xae\xe2\x81\xa6"), kFffd + kFffd + kFffd + kFffd);
  EXPECT_EQ(MarkupEscape("\xc2\xa0\xe2\x80\xa9"), "\xc2\xa0\xe2\x80\xa9");  // NBSP, U+2029 kept
}

TEST(MarkupEscape, WhitespaceIsReferencedOnlyInAttributes) {
  EXPECT_EQ(MarkupEscape("a\tb\nc\rd"), "a\tb\nc\rd");
  EXPECT_EQ(MarkupEscape("a\tb\nc\rd", /*for_attribute=*/true), "a&#9;b&#10;c&#13;d");
}

TEST(UriEscape, KeepsAValidUri) {
  EXPECT_EQ(UriEscape("https://a.example:8443/p/q?x=1&y=%41#frag"),
            "https://a.example:8443/p/q?x=1&y=%41#frag");
}

TEST(UriEscape, EncodesWhatAUriCannotHold) {
  EXPECT_EQ(UriEscape("/<script> \"x\""), "/%3Cscript%3E%20%22x%22");
  EXPECT_EQ(UriEscape("%zz%4"), "%25zz%254");
  EXPECT_EQ(UriEscape("\xff\x1b"), "%FF%1B");
  EXPECT_EQ(UriEscape(std::string("\0", 1)), "%00");
  // Brackets only around an IPv6 literal in the authority (the sarif_schema test found them in a
  // query, where a URI cannot hold them).
  EXPECT_EQ(UriEscape("http://[::1]:8080/a[1]?q=[x]#[f]"),
            "http://[::1]:8080/a%5B1%5D?q=%5Bx%5D#%5Bf%5D");
  EXPECT_EQ(UriEscape("/p[0]"), "/p%5B0%5D");
}

// Properties over random byte strings (fixed seed, so failures reproduce).
TEST(EscapeProperties, HoldForRandomBytes) {
  std::mt19937 rng(20261126);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 40);
  for (int i = 0; i < 2000; ++i) {
    std::string in(static_cast<size_t>(length(rng)), '\0');
    for (char& c : in) c = static_cast<char>(byte(rng));
    const std::string valid = ValidUtf8(in);
    EXPECT_EQ(ValidUtf8(valid), valid);
    const std::string terminal = TerminalSafe(in);
    EXPECT_EQ(ValidUtf8(terminal), terminal);
    EXPECT_EQ(terminal.find_first_of(std::string("\x1b\x07\n\r\0", 5)), std::string::npos);
    const std::string markup = MarkupEscape(in, /*for_attribute=*/true);
    EXPECT_EQ(ValidUtf8(markup), markup);
    EXPECT_EQ(markup.find_first_of("<>\"'\n\t\r"), std::string::npos);
    const std::string uri = UriEscape(in);
    EXPECT_EQ(uri.find_first_of(std::string("<>\" \\^`{|}\x7f\0", 12)), std::string::npos);
  }
}

TEST(Utf8, AppendRoundTripsEveryLength) {
  for (char32_t cp : {U'A', U'\u00e9', U'\u20ac', U'\U0001F600', U'\U0010FFFF'}) {
    std::string bytes;
    AppendUtf8(cp, bytes);
    size_t pos = 0;
    const CodePoint decoded = NextCodePoint(bytes, pos);
    EXPECT_TRUE(decoded.valid);
    EXPECT_EQ(decoded.value, cp);
    EXPECT_EQ(pos, bytes.size());
  }
}

}  // namespace
}  // namespace knox::reports
