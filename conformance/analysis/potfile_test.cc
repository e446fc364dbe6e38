#include "conformance/analysis/potfile.h"

#include <gtest/gtest.h>

namespace knox::analysis {
namespace {

TEST(Potfile, SecretsRoundTripAndHexWhenNeeded) {
  EXPECT_EQ(EncodePotSecret("changeme"), "changeme");
  EXPECT_EQ(EncodePotSecret("has space ok"), "has space ok");
  EXPECT_EQ(EncodePotSecret("a:b"), "$HEX[613a62]");
  EXPECT_EQ(EncodePotSecret(std::string("\x00\xff", 2)), "$HEX[00ff]");
  EXPECT_EQ(EncodePotSecret("$HEX[41]"), "$HEX[244845585b34315d]");  // literal, not a hex field
  EXPECT_EQ(EncodePotSecret(""), "");
  for (std::string s : {std::string("changeme"), std::string("a:b"), std::string("\x00\n\xc3", 3),
                        std::string("$HEX[41]"), std::string("")}) {
    EXPECT_EQ(DecodePotSecret(EncodePotSecret(s)), s) << s;
  }
  EXPECT_FALSE(DecodePotSecret("$HEX[4"));
  EXPECT_FALSE(DecodePotSecret("$HEX[zz]"));
}

TEST(Potfile, FindsTheLastLineOfTheTokenSplitAtTheLastColon) {
  const std::string django = "eyJ1IjoxfQ:1rX:abc";  // tokens may hold ':'
  std::string pot = PotLine("other:token", "nope") + PotLine(django, "first") + "garbage\n" + "\n" +
                    PotLine(django, "a:b") + django + ":$HEX[zz]\r\n";
  EXPECT_EQ(FindInPotfile(pot, django), "a:b");  // the malformed last line is ignored
  EXPECT_EQ(FindInPotfile(pot, "other:token"), "nope");
  EXPECT_FALSE(FindInPotfile(pot, "eyJ1IjoxfQ:1rX"));
  EXPECT_FALSE(FindInPotfile("", django));
  EXPECT_EQ(FindInPotfile("t:s", "t"), "s");  // no final newline
}

}  // namespace
}  // namespace knox::analysis
