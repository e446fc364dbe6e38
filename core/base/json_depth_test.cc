#include "core/base/json_depth.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace knox {
namespace {

struct DepthCase {
  const char* label;
  std::string text;
  int max_depth;
  bool within;
};

void PrintTo(const DepthCase& c, std::ostream* os) { *os << c.label; }

class JsonDepth : public testing::TestWithParam<DepthCase> {};

TEST_P(JsonDepth, Within) {
  EXPECT_EQ(JsonDepthWithin(GetParam().text, GetParam().max_depth), GetParam().within);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JsonDepth,
    testing::Values(DepthCase{"ScalarIsDepthZero", "\"x\"", 0, true},
                    DepthCase{"EmptyArrayIsDepthOne", "[]", 1, true},
                    DepthCase{"EmptyArrayOverZero", "[]", 0, false},
                    DepthCase{"NestedAtLimit", R"({"a":[{"b":1}]})", 3, true},
                    DepthCase{"NestedOverLimit", R"({"a":[{"b":[1]}]})", 3, false},
                    DepthCase{"SiblingsDoNotAdd", "[[],[],[],[]]", 2, true},
                    DepthCase{"BracketsInStringsDoNotCount", R"(["[[[[{{{{"])", 1, true},
                    DepthCase{"EscapedQuoteStaysInString", R"(["\"[[[["])", 1, true},
                    DepthCase{"EscapedBackslashEndsEscape", R"(["\\",[[]]])", 3, true},
                    DepthCase{"EscapedBackslashThenDeep", R"(["\\",[[]]])", 2, false},
                    DepthCase{"UnclosedStringHidesRest", R"(["[[[[)", 1, true},
                    DepthCase{"StrayClosersDoNotBuyDepth", "]]]][[[[", 2, false},
                    DepthCase{"StrayClosersThenWithin", "]]]][[[[", 4, true},
                    DepthCase{"HostileOpeners", std::string(100000, '['), 64, false},
                    DepthCase{"NegativeLimitRefusesAll", "1", -1, false}),
    [](const auto& test) { return test.param.label; });

}  // namespace
}  // namespace knox
