// knox's email.utils.parsedate_tz / werkzeug parse_date against Python itself: every text of
// interop/vectors/parsedate.jsonl (interop/python/gen_vectors_parsedate.py) must give the fields
// and the verdict Python gave, and Flask's session cookies with {" d": TEXT} must open as the real
// Flask opened them. Named cases below pin the traps.
#include "core/token/python_parsedate.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "core/base/test_paths.h"
#include "core/token/flask_tagged_json.h"
#include "core/token/registry.h"
#include "core/token/vector_file_test_util.h"

namespace knox::token {
namespace {

constexpr std::string_view kFlaskSecret = "parsedate vectors secret";  // the generator's

const std::vector<Json>& Vectors() {
  static const std::vector<Json> v = testing::LoadAllVectors("parsedate.jsonl");
  return v;
}

std::string_view VerdictName(WerkzeugDate d) {
  switch (d) {
    case WerkzeugDate::kNone:
      return "none";
    case WerkzeugDate::kDatetime:
      return "datetime";
    case WerkzeugDate::kRaises:
      return "raises";
  }
  return "?";
}

// The tuple as the generator records it: ints, "big" beyond int64, null for a None offset.
Json Recorded(const std::optional<PyDateTuple>& t) {
  if (!t) return nullptr;
  auto value = [](const std::optional<int64_t>& v) -> Json {
    if (!v) return "big";
    return *v;
  };
  Json offset = nullptr;
  if (t->has_offset) offset = value(t->offset_sec);
  return Json::array({value(t->year), t->month, value(t->day), value(t->hour), value(t->minute),
                      value(t->second), offset});
}

TEST(PythonParsedate, AgreesWithPythonOnEveryVector) {
  size_t checked = 0;
  for (const auto& v : Vectors()) {
    if (v.contains("flask_token")) continue;
    const std::string text = v.at("text").get<std::string>();
    const std::string shown = text.size() > 80 ? text.substr(0, 80) + "..." : text;
    EXPECT_EQ(Recorded(PythonParsedateTz(text)), v.at("parsedate_tz")) << "text: " << shown;
    EXPECT_EQ(VerdictName(WerkzeugParseDate(text)), v.at("werkzeug").get<std::string>())
        << "text: " << shown;
    ++checked;
  }
  EXPECT_GT(checked, 4000u);  // the generator writes about 5000
}

TEST(PythonParsedate, FlaskOpensTaggedDatetimeSessionsAsFlaskDid) {
  Options options;
  options.secrets.emplace_back(std::string(kFlaskSecret));
  auto signer = FindCodec("flask").value()->NewSigner(options).value();
  size_t checked = 0;
  for (const auto& v : Vectors()) {
    if (!v.contains("flask_token")) continue;
    auto verified = signer->Verify(v.at("flask_token").get<std::string>());
    const std::string expect = v.at("expect").get<std::string>();
    if (expect == "empty") {
      ASSERT_TRUE(verified) << v.at("text") << ": " << verified.error().message;
      EXPECT_EQ(verified->value, "{}") << v.at("text");
    } else {
      ASSERT_EQ(expect, "error");
      ASSERT_FALSE(verified) << v.at("text");
      EXPECT_EQ(verified.error().code, ErrorCode::kMalformed) << v.at("text");
    }
    ++checked;
  }
  EXPECT_GE(checked, 10u);
}

struct Case {
  const char* name;
  const char* text;
  WerkzeugDate expect;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class Traps : public ::testing::TestWithParam<Case> {};

TEST_P(Traps, Verdict) { EXPECT_EQ(WerkzeugParseDate(GetParam().text), GetParam().expect); }

using W = WerkzeugDate;
INSTANTIATE_TEST_SUITE_P(
    PythonParsedate, Traps,
    ::testing::Values(
        Case{"Rfc2822", "Thu, 03 Dec 2026 10:00:00 GMT", W::kDatetime},
        Case{"DayNameWithoutComma", "Thu 03 Dec 2026 10:00:00 GMT", W::kDatetime},
        Case{"LongDayNameIsNoDayName", "Thursday 03 Dec 2026 10:00:00 GMT", W::kNone},
        Case{"Asctime", "Thu Dec  3 10:00:00 2026", W::kDatetime},
        Case{"Rfc850", "Thursday, 03-Dec-26 10:00:00 GMT", W::kDatetime},
        Case{"DigitsButNoMonth", "2026-12-03 10:00:00", W::kNone},
        Case{"NoTime", "3 Dec 2026", W::kNone}, Case{"February30", "30 Feb 2024 10:00", W::kNone},
        Case{"LeapDay", "29 Feb 2024 10:00", W::kDatetime},
        Case{"Hour24", "3 Dec 2026 24:00", W::kNone},
        Case{"TwoDigitYear69Is1969", "3 Dec 69 10:00", W::kDatetime},
        Case{"Year10000", "3 Dec 10000 10:00", W::kNone},
        Case{"OffsetOf24Hours", "3 Dec 2026 10:00 +2400", W::kNone},
        Case{"OffsetBeyondTimedelta", "3 Dec 2026 10:00 +2400000000000", W::kRaises},
        Case{"YearBeyondCInt", "3 Dec 2147483648 10:00", W::kRaises},
        Case{"YearBeyondInt64", "3 Dec 99999999999999999999 10:00", W::kRaises},
        Case{"IntOver4300Digits", "3 Dec 2026 10:00:0000000000000000000000000000000000000000",
             W::kDatetime},
        Case{"LongSUpperIsS", "3 Dec 2026 10:00 e\u017ft", W::kDatetime},
        Case{"ArabicIndicDigits", "\u0663 Dec \u0662\u0660\u0662\u0666 10:00", W::kDatetime},
        Case{"SuperscriptYearIsDigitButNoInt", "3 Dec \u00b22026 10:00", W::kNone},
        Case{"IdeographicSpace", "3\u3000Dec\u30002026\u300010:00", W::kDatetime},
        Case{"UnderscoreInYear", "3 Dec 2_026 10:00", W::kDatetime},
        Case{"DoubleUnderscore", "3 Dec 2__026 10:00", W::kNone},
        Case{"MinusZeroIsNoZone", "3 Dec 2026 10:00 -0000", W::kDatetime}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
      return std::string(param_info.param.name);
    });

TEST(PythonParsedate, Over4300DigitsIsValueError) {
  // int() refuses more than 4300 digits (leading zeros count, underscores do not).
  EXPECT_EQ(WerkzeugParseDate("3 Dec 2026 1:1:" + std::string(4300, '0') + "1"), W::kNone);
  EXPECT_EQ(WerkzeugParseDate("3 Dec 2026 1:1:" + std::string(4299, '0') + "1"), W::kDatetime);
}

TEST(FlaskTaggedDatetime, NestedOverflowRaisesAndFalsyIsNone) {
  const auto doc = [](const char* text) { return Json::parse(text); };
  EXPECT_FALSE(FlaskCheckUntag(doc(R"({"a":{" d":"3 Dec 2026 10:00 +2400000000000"}})")));
  EXPECT_TRUE(FlaskCheckUntag(doc(R"({"a":{" d":"3 Dec 2026 10:00"}})")));
  EXPECT_TRUE(FlaskUntagsToNone(doc(R"({" d":"31 Feb 2026 10:00"})")));
  EXPECT_FALSE(FlaskUntagsToNone(doc(R"({" d":"3 Feb 2026 10:00"})")));
  EXPECT_TRUE(FlaskUntagsToNone(doc(R"({" d":0})")));
  EXPECT_TRUE(FlaskUntagsToNone(doc(R"({" d":[]})")));
  EXPECT_TRUE(FlaskUntagsToNone(doc(R"({" d":{" b":"YWJj"}})")));
  EXPECT_FALSE(FlaskCheckUntag(doc(R"({" d":1})")));  // int has no split(): AttributeError
}

}  // namespace
}  // namespace knox::token
