// The request Cookie header as a server reads it.
#include "core/cookie/cookie_header.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace knox::cookie {
namespace {

struct HeaderCase {
  std::string label;
  std::string header;
  std::vector<CookiePair> expected;
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const HeaderCase& c, std::ostream* os) { *os << c.label; }

class CookieHeaderTest : public ::testing::TestWithParam<HeaderCase> {};

TEST_P(CookieHeaderTest, Splits) {
  EXPECT_EQ(ParseCookieHeader(GetParam().header), GetParam().expected);
}

// FindCookie answers what a search of ParseCookieHeader's list answers: the first pair's value.
TEST_P(CookieHeaderTest, FindCookieFindsTheFirstPairOfAName) {
  const auto& pairs = GetParam().expected;
  for (const CookiePair& pair : pairs) {
    auto first = std::find_if(pairs.begin(), pairs.end(),
                              [&](const CookiePair& p) { return p.name == pair.name; });
    EXPECT_EQ(FindCookie(GetParam().header, pair.name), first->value) << pair.name;
  }
  EXPECT_EQ(FindCookie(GetParam().header, "absent"), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(
    Section4_2, CookieHeaderTest,
    ::testing::Values(
        HeaderCase{"Empty", "", {}}, HeaderCase{"One", "sid=abc", {{"sid", "abc"}}},
        HeaderCase{"BrowserForm", "a=1; b=2", {{"a", "1"}, {"b", "2"}}},
        HeaderCase{"NoSpaceAfterSemicolon", "a=1;b=2", {{"a", "1"}, {"b", "2"}}},
        HeaderCase{"TrimsWhitespace", " a = 1 ;\tb=2\t", {{"a", "1"}, {"b", "2"}}},
        HeaderCase{"DuplicatesKeptInOrder", "sid=new; sid=old", {{"sid", "new"}, {"sid", "old"}}},
        HeaderCase{"NamelessKept", "a=1; lonely; b=2", {{"a", "1"}, {"", "lonely"}, {"b", "2"}}},
        HeaderCase{"EqualsInValue", "t=a=b==", {{"t", "a=b=="}}},
        HeaderCase{"EmptyValue", "e=", {{"e", ""}}},
        HeaderCase{"EmptyItemsSkipped", ";; a=1 ;; ", {{"a", "1"}}},
        HeaderCase{"QuotesKept", "q=\"x y\"", {{"q", "\"x y\""}}}),
    [](const auto& test) { return test.param.label; });

}  // namespace
}  // namespace knox::cookie
