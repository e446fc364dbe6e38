#include "core/base/base64.h"

#include <gtest/gtest.h>

#include <array>
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

// Whole quads are decoded four characters at a time and the rest bit by bit: every length
// round-trips, and a character outside the alphabet is refused wherever it stands.
TEST(Base64DecodeStrict, EveryLengthAndEveryPositionOfAStrayCharacter) {
  std::string bytes;
  for (int length = 0; length <= 40; ++length) {
    const std::string text = Base64Encode(bytes, A::kUrl, P::kUnpadded);
    EXPECT_EQ(Base64DecodeStrict(text, A::kUrl, P::kUnpadded).value(), bytes) << length;
    const std::string padded = Base64Encode(bytes, A::kStandard, P::kPadded);
    EXPECT_EQ(Base64DecodeStrict(padded, A::kStandard, P::kPadded).value(), bytes) << length;
    bytes.push_back(static_cast<char>(length * 37 + 11));
  }
  const std::string id(43, 'A');  // a session id's length: ten quads and three characters
  for (size_t i = 0; i < id.size(); ++i) {
    for (char stray : {'=', '+', ' ', '\xff'}) {
      std::string bad = id;
      bad[i] = stray;
      EXPECT_FALSE(Base64DecodeStrict(bad, A::kUrl, P::kUnpadded)) << i << " " << int(stray);
    }
  }
}

TEST(Base64EncodeTo, SameAsEncodeWithoutAllocating) {
  const std::string bytes = "\x00\xfb\xff\xbf knox \x80";
  for (A alphabet : {A::kStandard, A::kUrl}) {
    for (P padding : {P::kPadded, P::kUnpadded}) {
      for (size_t n = 0; n <= bytes.size(); ++n) {
        std::string_view in = std::string_view(bytes).substr(0, n);
        std::array<char, 64> buf{};
        size_t size = Base64EncodeTo(in, alphabet, padding, buf);
        EXPECT_EQ(size, Base64EncodedSize(n, padding));
        EXPECT_EQ(std::string_view(buf.data(), size), Base64Encode(in, alphabet, padding));
      }
    }
  }
}

TEST(Base64DecodeStrictTo, SameAsDecodeStrictIntoTheBuffer) {
  std::array<unsigned char, 3> buf{};
  EXPECT_EQ(Base64DecodeStrictTo("YWJj", A::kUrl, P::kUnpadded, buf).value(), 3u);
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(buf.data()), 3), "abc");
  EXPECT_EQ(Base64DecodeStrictTo("YQ==", A::kStandard, P::kPadded, buf).value(), 1u);
  EXPECT_EQ(buf[0], 'a');
  EXPECT_EQ(Base64DecodeStrictTo("YR", A::kUrl, P::kUnpadded, buf).error().code,
            ErrorCode::kMalformed);
  EXPECT_EQ(Base64DecodeStrictTo("YWJjZA", A::kUrl, P::kUnpadded, buf).error().code,
            ErrorCode::kLimitExceeded);
  EXPECT_EQ(Base64DecodeStrictTo("", A::kUrl, P::kUnpadded, std::span<unsigned char>()).value(),
            0u);
}

// Outcomes of Node's Buffer.from(text, "base64").toString("latin1").
TEST(Base64DecodeNode, LenientLikeNode) {
  EXPECT_EQ(Base64DecodeNode("YWJj"), "abc");
  EXPECT_EQ(Base64DecodeNode("YW$Jj"), "abc");
  EXPECT_EQ(Base64DecodeNode("YWJj=ZGVm"), "abc");
  EXPECT_EQ(Base64DecodeNode("YWJj-_"), "abc\xfb");
  EXPECT_EQ(Base64DecodeNode("YWJj+/"), "abc\xfb");
  EXPECT_EQ(Base64DecodeNode("Y"), "");
  EXPECT_EQ(Base64DecodeNode("YW=="), "a");
  EXPECT_EQ(Base64DecodeNode(""), "");
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

// Cases checked with PHP 8.2.36 (base64_decode($s) and base64_decode($s, true)); more in
// interop/vectors/laravel.jsonl (op "php-base64"), made by PHP itself.
TEST(Base64DecodePhp, MatchesPhp82) {
  struct PhpCase {
    std::string_view input;
    const char* lenient;
    const char* strict;  // nullptr: false
  };
  const PhpCase cases[] = {
      {"QUJD", "ABC", "ABC"},       {"QUJ", "AB", "AB"},
      {"Q", "", nullptr},           {"QUJD=", "ABC", nullptr},
      {"QU==", "A", "A"},           {"QU=", "A", nullptr},
      {"QU===", "A", nullptr},      {"QU==QUJD", "AD\x14$", nullptr},
      {"Q U\nJ\tD", "ABC", "ABC"},  {"Q\rU", "A", "A"},
      {"QU= =", "A", "A"},          {"QU!JD", "ABC", nullptr},
      {"Q-U_JD", "ABC", nullptr},   {std::string_view("QUJD\0", 5), "ABC", nullptr},
      {"QR==", "A", "A"},           {"=QUJD", "ABC", nullptr},
      {"QU\x0bJD", "ABC", nullptr}, {"", "", ""}};
  for (const auto& c : cases) {
    EXPECT_EQ(Base64DecodePhp(c.input), c.lenient) << c.input;
    auto strict = Base64DecodePhpStrict(c.input);
    EXPECT_EQ(strict.has_value(), c.strict != nullptr) << c.input;
    if (strict && c.strict) {
      EXPECT_EQ(*strict, c.strict) << c.input;
    }
  }
}

}  // namespace
}  // namespace knox
