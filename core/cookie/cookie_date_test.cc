// §5.1.1 cookie-date parsing and the IMF-fixdate formatter, one case per rule of the algorithm.
#include "core/cookie/cookie_date.h"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

namespace knox::cookie {
namespace {

struct DateCase {
  std::string label;
  std::string text;
  std::optional<std::string> expected;  // IMF-fixdate of the result; nullopt: must fail
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const DateCase& c, std::ostream* os) { *os << c.label; }

class CookieDateTest : public ::testing::TestWithParam<DateCase> {};

TEST_P(CookieDateTest, ParsesAsTheDraftSays) {
  const DateCase& c = GetParam();
  auto parsed = ParseCookieDate(c.text);
  if (!c.expected) {
    EXPECT_FALSE(parsed.has_value()) << "parsed to " << *parsed;
    if (!parsed) {
      EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
    }
    return;
  }
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(FormatCookieDate(*parsed).value(), *c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Section5_1_1, CookieDateTest,
    ::testing::Values(
        DateCase{"ImfFixdate", "Sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT"},
        DateCase{"Rfc850", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT"},
        DateCase{"Asctime", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 08:49:37 GMT"},
        DateCase{"TokensInAnyOrder", "1994 08:49:37 Nov 6", "Sun, 06 Nov 1994 08:49:37 GMT"},
        DateCase{"MonthCaseInsensitiveAndLong", "6 NOVEMBER 1994 8:9:7",
                 "Sun, 06 Nov 1994 08:09:07 GMT"},
        DateCase{"OddDelimiters", "06/Nov\\1994;08:49:37", "Sun, 06 Nov 1994 08:49:37 GMT"},
        DateCase{"TrailingJunkAfterNumbers", "06th Nov 1994xx 08:49:37zz",
                 "Sun, 06 Nov 1994 08:49:37 GMT"},
        DateCase{"TwoDigitYear70Is1970", "01 Jan 70 00:00:00", "Thu, 01 Jan 1970 00:00:00 GMT"},
        DateCase{"TwoDigitYear99Is1999", "31 Dec 99 23:59:59", "Fri, 31 Dec 1999 23:59:59 GMT"},
        DateCase{"TwoDigitYear69Is2069", "01 Jan 69 00:00:00", "Tue, 01 Jan 2069 00:00:00 GMT"},
        DateCase{"TwoDigitYear00Is2000", "29 Feb 00 00:00:00", "Tue, 29 Feb 2000 00:00:00 GMT"},
        DateCase{"LeapDay2024", "29 Feb 2024 12:00:00", "Thu, 29 Feb 2024 12:00:00 GMT"},
        DateCase{"Year1601Accepted", "01 Jan 1601 00:00:00", "Mon, 01 Jan 1601 00:00:00 GMT"},
        DateCase{"Year9999Accepted", "31 Dec 9999 23:59:59", "Fri, 31 Dec 9999 23:59:59 GMT"},
        DateCase{"FirstTimeWinsSecondIsDay", "08:49:37 07:00:00 Nov 1994",
                 "Mon, 07 Nov 1994 08:49:37 GMT"},
        DateCase{"NoLeapDay2023", "29 Feb 2023 12:00:00", std::nullopt},
        DateCase{"NoLeapDay1900", "29 Feb 1900 12:00:00", std::nullopt},
        DateCase{"April31", "31 Apr 2024 12:00:00", std::nullopt},
        DateCase{"Year1600Rejected", "01 Jan 1600 00:00:00", std::nullopt},
        DateCase{"ThreeDigitYearBelow1601", "01 Jan 999 00:00:00", std::nullopt},
        DateCase{"FiveDigitYearIsNotAYear", "01 Jan 19940 00:00:00", std::nullopt},
        DateCase{"Hour24", "06 Nov 1994 24:00:00", std::nullopt},
        DateCase{"Minute60", "06 Nov 1994 23:60:00", std::nullopt},
        DateCase{"LeapSecondRejected", "31 Dec 2016 23:59:60", std::nullopt},
        DateCase{"Day0", "00 Nov 1994 08:49:37", std::nullopt},
        DateCase{"Day32", "32 Nov 1994 08:49:37", std::nullopt},
        DateCase{"ThreeDigitTimeField", "06 Nov 1994 008:49:37", std::nullopt},
        DateCase{"MissingTime", "06 Nov 1994", std::nullopt},
        DateCase{"MissingMonth", "06 1994 08:49:37", std::nullopt},
        DateCase{"Empty", "", std::nullopt}, DateCase{"Garbage", "next tuesday", std::nullopt}),
    [](const auto& test) { return test.param.label; });

TEST(FormatCookieDate, EpochAndRange) {
  EXPECT_EQ(FormatCookieDate(0).value(), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(FormatCookieDate(-1).value(), "Wed, 31 Dec 1969 23:59:59 GMT");
  EXPECT_EQ(FormatCookieDate(-11644473601).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(FormatCookieDate(253402300800).error().code, ErrorCode::kInvalidArgument);
}

TEST(FormatCookieDate, RoundTripsThroughTheParser) {
  for (int64_t t : {int64_t{-11644473600}, int64_t{-1}, int64_t{0}, int64_t{951782400},
                    int64_t{1735689599}, int64_t{253402300799}}) {
    EXPECT_EQ(ParseCookieDate(FormatCookieDate(t).value()).value(), t) << t;
  }
}

}  // namespace
}  // namespace knox::cookie
