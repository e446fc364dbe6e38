#include "core/base/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace knox {
namespace {

using A = Base64Alphabet;
using P = Base64Padding;

TEST(Base64Encode, Rfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain, A::kStandard, P::kPadded), encoded);
    std::string unpadded = encoded.substr(0, encoded.find('='));
    EXPECT_EQ(Base64Encode(plain, A::kUrl, P::kUnpadded), unpadded);
    EXPECT_EQ(Base64DecodeStrict(encoded, A::kStandard, P::kPadded).value(), plain);
    EXPECT_EQ(Base64DecodeStrict(unpadded, A::kUrl, P::kUnpadded).value(), plain);
  }
}

TEST(Base64Encode, AlphabetsDiffer) {
  std::string bytes = "\xfb\xff\xbf";
  EXPECT_EQ(Base64Encode(bytes, A::kStandard, P::kPadded), "+/+/");
  EXPECT_EQ(Base64Encode(bytes, A::kUrl, P::kPadded), "-_-_");
}

TEST(Base64DecodeStrict, RejectsNonCanonical) {
  EXPECT_FALSE(Base64DecodeStrict("YR==", A::kStandard, P::kPadded));  // trailing bits set
  EXPECT_FALSE(Base64DecodeStrict("YQ", A::kStandard, P::kPadded));    // missing padding
  EXPECT_FALSE(Base64DecodeStrict("YQ==", A::kUrl, P::kUnpadded));     // padding not allowed
  EXPECT_FALSE(Base64DecodeStrict("+/+/", A::kUrl, P::kUnpadded));     // wrong alphabet
  EXPECT_FALSE(Base64DecodeStrict("Y", A::kUrl, P::kUnpadded));        // impossible length
  EXPECT_FALSE(Base64DecodeStrict("Y Q=", A::kStandard, P::kPadded));  // stray character
  EXPECT_FALSE(Base64DecodeStrict("Y===", A::kStandard, P::kPadded));
}

// Outcomes recorded from CPython 3.11 base64.urlsafe_b64decode on Debian 12.
struct PyCase {
  const char* input;
  bool ok;
  const char* output;
};

TEST(Base64DecodePython, MatchesCPython311) {
  const PyCase cases[] = {{"YQ", false, ""},
                          {"YQ=", false, ""},
                          {"YQ==", true, "a"},
                          {"YQ===", true, "a"},
                          {"Y=Q==", true, "a"},
                          {"YR==", true, "a"},
                          {"Y", false, ""},
                          {"YQ==YQ==", true, "a"},
                          {"!Y!Q!", false, ""},
                          {"YQ=a", false, ""},
                          {"=YQ", false, ""},
                          {"YWJj=", true, "abc"},
                          {"YWJ=j", true, "ab"},
                          {"", true, ""},
                          {"-_-_", true, "\xfb\xff\xbf"},
                          {"+/+/", true, "\xfb\xff\xbf"}};
  for (const auto& c : cases) {
    auto got = Base64DecodePython(c.input, /*url_safe=*/true);
    EXPECT_EQ(got.has_value(), c.ok) << c.input;
    if (got && c.ok) {
      EXPECT_EQ(*got, c.output) << c.input;
    }
  }
}

TEST(Base64DecodePython, StandardModeSkipsUrlCharacters) {
  // Without url_safe, '-' and '_' are outside the alphabet and skipped.
  EXPECT_EQ(Base64DecodePython("Y-Q==", /*url_safe=*/false).value(), "a");
}

TEST(Base64DecodeUrlPadFixed, ItsdangerousPadding) {
  EXPECT_EQ(Base64DecodeUrlPadFixed("YQ", false).value(), "a");
  EXPECT_EQ(Base64DecodeUrlPadFixed("YWI", false).value(), "ab");
  EXPECT_FALSE(Base64DecodeUrlPadFixed("Y", false));
  // Non-ASCII bytes are dropped before the padding is computed when asked to.
  EXPECT_EQ(Base64DecodeUrlPadFixed("Y\xc3\xa9Q", true).value(), "a");
  // Kept, they count towards the length and are then skipped: "Y\xc3\xa9Q" + "" -> quad of 2.
  EXPECT_FALSE(Base64DecodeUrlPadFixed("Y\xc3\xa9Q", false));
}

}  // namespace
}  // namespace knox
