#include "conformance/analysis/hashcat_rules.h"

#include <gtest/gtest.h>

#include <string>

namespace knox::analysis {
namespace {

std::string Apply(std::string_view rule_text, std::string_view word) {
  auto rule = ParseRule(rule_text);
  EXPECT_TRUE(rule) << rule_text;
  if (!rule) return "";
  char buf[kRuleBufferSize];
  std::copy(word.begin(), word.end(), buf);
  std::string memory;
  return std::string(buf, ApplyRule(*rule, buf, word.size(), memory));
}

// The outputs hashcat 6.2.6 printed for "pass" (hashcat --stdout -r); the full comparison with
// hashcat is hashcat_vectors_test.cc.
TEST(HashcatRules, Functions) {
  struct Case {
    const char* rule;
    const char* out;
  };
  for (auto [rule, out] : {Case{"k", "apss"},
                           Case{"*01", "apss"},
                           Case{"L0",
                                "\xe0"
                                "ass"},
                           Case{"R0", "8ass"},
                           Case{".0", "aass"},
                           Case{",1", "ppss"},
                           Case{"+0", "qass"},
                           Case{"-0", "oass"},
                           Case{"y2", "papass"},
                           Case{"Y2", "passss"},
                           Case{"e-", "Pass"},
                           Case{"ea", "PaSs"},
                           Case{"O12", "ps"},
                           Case{"x12", "as"},
                           Case{"i1X", "pXass"},
                           Case{"o1X", "pXss"},
                           Case{"'2", "pa"},
                           Case{"z2", "pppass"},
                           Case{"Z2", "passss"},
                           Case{"q", "ppaassss"},
                           Case{"p2", "passpasspass"},
                           Case{"T9", "pass"},
                           Case{"DZ", "pass"},
                           Case{"  u  ", "PASS"},
                           Case{"f", "passssap"},
                           Case{"{", "assp"},
                           Case{"}", "spas"},
                           Case{"ssS $1 ^!", "!paSS1"}}) {
    EXPECT_EQ(Apply(rule, "pass"), out) << rule;
  }
}

// hashcat refuses M 4 6 X in rule files on a device (-j/-k only); knox applies them as its host
// engine documents them.
TEST(HashcatRules, MemoryFunctions) {
  EXPECT_EQ(Apply("uMl4", "p@ssW0rd"), "p@ssw0rdP@SSW0RD");
  EXPECT_EQ(Apply("M$1$2$36", "pass"), "passpass123");
  EXPECT_EQ(Apply("Mr X022", "abcd"), "dcabba");
  EXPECT_EQ(Apply("4", "pass"), "pass");  // empty memory
}

TEST(HashcatRules, LengthLimit) {
  const std::string w255(255, 'a');
  EXPECT_EQ(Apply("$x", w255).size(), 255u);  // would reach 256: unchanged
  EXPECT_EQ(Apply("^x", w255).size(), 255u);
  EXPECT_EQ(Apply("$x", std::string(254, 'a')).size(), 255u);
  EXPECT_EQ(Apply("d", std::string(127, 'a')).size(), 254u);
  EXPECT_EQ(Apply("d", std::string(128, 'a')).size(), 128u);
}

TEST(HashcatRules, ParseErrorsNameFileLineAndFunction) {
  auto rules = ParseRuleFile("# comment\n\r\n:\nu\n$1 Q\n", "my.rule");
  ASSERT_FALSE(rules);
  EXPECT_EQ(rules.error().message, "my.rule:5: function 'Q' is not supported");
  EXPECT_EQ(ParseRuleFile("$", "r").error().message, "r:1: function '$' needs 1 argument(s)");
  EXPECT_EQ(ParseRuleFile(":\nTa\n", "r").error().message,
            "r:2: function 'T': position 'a' is not 0-9 or A-Z");
  EXPECT_EQ(ParseRuleFile("# only comments\n", "r").error().message, "r: no rules");
  for (const char* unsupported :
       {"<5", ">5", "!a", "/a", "(a", ")a", "=1a", "%1a", "Q", "_5", "31a"}) {
    EXPECT_FALSE(ParseRule(unsupported)) << unsupported;
  }
  auto ok = ParseRuleFile(":\r\nu\n\n$1", "r");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 3u);
}

// -r a -r b: the first file's rule varies fastest, applied before the second's.
TEST(HashcatRules, ChainIsTheProductFirstFileFastest) {
  RuleChain chain(
      {ParseRuleFile("u\n$1\n", "a").value(), ParseRuleFile(":\n^X\nr\n", "b").value()});
  ASSERT_EQ(chain.size(), 6u);
  std::vector<std::string> got;
  for (uint64_t i = 0; i < chain.size(); ++i) {
    char buf[kRuleBufferSize];
    size_t len = 0;
    ASSERT_TRUE(chain.Apply(i, "ab", buf, len));
    got.emplace_back(buf, len);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"AB", "ab1", "XAB", "Xab1", "BA", "1ba"}));
  char buf[kRuleBufferSize];
  size_t len = 0;
  EXPECT_FALSE(chain.Apply(0, std::string(257, 'a'), buf, len));  // hashcat drops such words
}

}  // namespace
}  // namespace knox::analysis
