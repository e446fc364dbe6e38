#include "conformance/analysis/mask.h"

#include <gtest/gtest.h>

#include <string>

namespace knox::analysis {
namespace {

std::string At(const Mask& m, uint64_t i) {
  std::string out(m.length(), '\0');
  m.Candidate(i, out.data());
  return out;
}

TEST(Mask, BuiltInCharsetsAreByteOrderedSets) {
  auto m = Mask::Parse("?l?u?d?h?H?s?a?b").value();
  EXPECT_EQ(m.Charset(0), "abcdefghijklmnopqrstuvwxyz");
  EXPECT_EQ(m.Charset(1), "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  EXPECT_EQ(m.Charset(2), "0123456789");
  EXPECT_EQ(m.Charset(3), "0123456789abcdef");
  EXPECT_EQ(m.Charset(4), "0123456789ABCDEF");
  EXPECT_EQ(m.Charset(5), " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
  EXPECT_EQ(m.Charset(6).size(), 95u);
  EXPECT_EQ(m.Charset(6).front(), ' ');
  EXPECT_EQ(m.Charset(6).back(), '~');
  EXPECT_EQ(m.Charset(7).size(), 256u);
}

TEST(Mask, CustomCharsetsAreSetsAndMayUseEarlierOnes) {
  auto m = Mask::Parse("?1?2", {std::string("zba?d"), std::string("?1-")}).value();
  EXPECT_EQ(m.Charset(0), "0123456789abz");
  EXPECT_EQ(m.Charset(1), "-0123456789abz");
}

TEST(Mask, FirstPositionVariesFastest) {
  auto m = Mask::Parse("?d?l").value();
  EXPECT_EQ(m.size(), 260u);
  EXPECT_EQ(At(m, 0), "0a");
  EXPECT_EQ(At(m, 1), "1a");
  EXPECT_EQ(At(m, 10), "0b");
  EXPECT_EQ(At(m, 259), "9z");
}

TEST(Mask, LiteralsAndEscapedQuestionMark) {
  auto m = Mask::Parse("a??b?d").value();
  EXPECT_EQ(m.length(), 4u);
  EXPECT_EQ(At(m, 7), "a?b7");
}

// hashcat 6.2.6 mp_css_split_cnt: 1 position under 6, 2 at 6, then 3 or 4.
TEST(Mask, BaseWordsAsHashcatCountsThem) {
  struct Case {
    const char* mask;
    uint64_t base_words;
  };
  for (auto [mask, base] :
       {Case{"?d", 1}, Case{"?d?d?d", 100}, Case{"?d?d?d?d?d", 10000}, Case{"?d?d?d?d?d?d", 10000},
        Case{"?d?d?d?d?d?d?d", 10000}, Case{"?1?1?1?d?d?d?d", 1000}}) {
    auto m = Mask::Parse(mask, {std::string("ab")}).value();
    EXPECT_EQ(m.BaseWords(), base) << mask;
    EXPECT_EQ(m.BaseWords() * m.Amplifier(), m.size()) << mask;
  }
}

TEST(Mask, Errors) {
  struct Case {
    const char* mask;
    const char* message;
  };
  for (auto [mask, message] :
       {Case{"", "mask: empty"}, Case{"ab?", "'?' at the end"}, Case{"?x", "unknown charset ?x"},
        Case{"?3", "custom charset 3 is not defined"}}) {
    auto m = Mask::Parse(mask);
    ASSERT_FALSE(m) << mask;
    EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(m.error().message.find(message), std::string::npos) << m.error().message;
  }
  EXPECT_FALSE(Mask::Parse("?1", {std::string("?1")}));  // not yet defined inside its own
  EXPECT_FALSE(Mask::Parse("?1", {std::string("")}));    // empty
  EXPECT_FALSE(Mask::Parse(std::string(257, 'a')));
  auto big = Mask::Parse("?b?b?b?b?b?b?b?b");  // 2^64 candidates: one more than uint64 counts
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kLimitExceeded);
  EXPECT_TRUE(Mask::Parse("?b?b?b?b?b?b?b?a"));
}

}  // namespace
}  // namespace knox::analysis
