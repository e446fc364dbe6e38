// Rules, options, limits and strict mode of the Python token formats (the byte-exactness against
// the real libraries is python_vectors_test.cc).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/base/base64.h"
#include "core/base/zlib.h"
#include "core/token/codecs.h"
#include "core/token/python_payload.h"
#include "core/token/registry.h"
#include "core/token/zlib_shrink_rule.h"

namespace knox::token {
namespace {

constexpr int64_t kNow = 1700000000;

struct Fixture {
  FakeClock clock = FakeClock::AtSeconds(kNow);
  Options options;
  Fixture() {
    options.secrets.emplace_back("s3cr3t-key");
    options.clock = &clock;
    options.timestamp = kNow;
  }
};

std::unique_ptr<Signer> MakeSigner(std::string_view format, const Options& options) {
  auto codec = FindCodec(format);
  EXPECT_TRUE(codec.has_value()) << format;
  auto signer = (*codec)->NewSigner(options);
  EXPECT_TRUE(signer.has_value()) << format << ": " << signer.error().message;
  return std::move(*signer);
}

bool IsSerializer(std::string_view f) {
  return f != "itsdangerous-signer" && f != "itsdangerous-timestamp" && f != "django-signer";
}

constexpr std::string_view kPythonFormats[] = {"itsdangerous-signer", "itsdangerous-timestamp",
                                               "itsdangerous",        "itsdangerous-timed",
                                               "itsdangerous-json",   "flask",
                                               "starlette",           "django",
                                               "django-signer"};

class PythonFormatTest : public ::testing::TestWithParam<std::string_view> {};

TEST_P(PythonFormatTest, RoundTripDecodeAndDetect) {
  Fixture f;
  auto signer = MakeSigner(GetParam(), f.options);
  // Keys already sorted: Flask sorts them.
  std::string value = IsSerializer(GetParam()) ? R"({"role":"admin","user_id":"123"})" : "alice";
  auto token = signer->Sign(value);
  ASSERT_TRUE(token.has_value()) << token.error().message;
  auto verified = signer->Verify(token->token);
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(verified->value, value);
  EXPECT_EQ(verified->is_json, IsSerializer(GetParam()));
  auto decoded = (*FindCodec(GetParam()))->Decode(token->token, Limits{});
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_FALSE(decoded->signature.empty());
}

TEST_P(PythonFormatTest, RejectsWithoutTheKeyAndTamperedTokens) {
  Fixture f;
  auto token = MakeSigner(GetParam(), f.options)->Sign(IsSerializer(GetParam()) ? "{}" : "v");
  ASSERT_TRUE(token.has_value());
  Options other = f.options;
  other.secrets = {crypto::SecretBytes("another-key")};
  auto wrong = MakeSigner(GetParam(), other)->Verify(token->token);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code, ErrorCode::kBadSignature);
  std::string flipped = token->token;
  flipped[flipped.size() - 2] = flipped[flipped.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(MakeSigner(GetParam(), f.options)->Verify(flipped).has_value());
}

TEST_P(PythonFormatTest, TokenLengthLimit) {
  Fixture f;
  f.options.limits.max_token_bytes = 16;
  auto got = MakeSigner(GetParam(), f.options)->Verify(std::string(17, 'a'));
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code, ErrorCode::kLimitExceeded);
  auto decoded = (*FindCodec(GetParam()))->Decode(std::string(17, 'a'), f.options.limits);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, ErrorCode::kLimitExceeded);
}

TEST_P(PythonFormatTest, RotationSignsWithNewestAndVerifiesAll) {
  Fixture f;
  Options old_only = f.options;
  old_only.secrets = {crypto::SecretBytes("old")};
  Options both = f.options;
  both.secrets = {crypto::SecretBytes("old"), crypto::SecretBytes("new")};
  std::string value = IsSerializer(GetParam()) ? R"({"k":[1]})" : "x";
  auto old_token = MakeSigner(GetParam(), old_only)->Sign(value);
  auto both_signer = MakeSigner(GetParam(), both);
  auto new_token = both_signer->Sign(value);
  ASSERT_TRUE(old_token && new_token);
  EXPECT_NE(old_token->token, new_token->token);
  auto v_old = both_signer->Verify(old_token->token);
  auto v_new = both_signer->Verify(new_token->token);
  ASSERT_TRUE(v_old && v_new);
  EXPECT_EQ(v_old->key_index, 0u);
  EXPECT_EQ(v_new->key_index, 1u);
}

TEST_P(PythonFormatTest, NoSecretIsAnOptionsError) {
  Options none;
  auto signer = (*FindCodec(GetParam()))->NewSigner(none);
  ASSERT_FALSE(signer.has_value());
  EXPECT_EQ(signer.error().code, ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Python, PythonFormatTest, ::testing::ValuesIn(kPythonFormats),
                         [](const auto& param_info) {
                           std::string n(param_info.param);
                           for (char& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

struct MaxAgeCase {
  const char* name;
  const char* format;
  int64_t now_ms;
  std::optional<int64_t> max_age;
  std::optional<ErrorCode> error;
};

class MaxAgeTest : public ::testing::TestWithParam<MaxAgeCase> {};

TEST_P(MaxAgeTest, LibraryAgeRule) {
  const MaxAgeCase& c = GetParam();
  Fixture f;
  f.options.timestamped = true;  // django-signer: TimestampSigner
  auto token = MakeSigner(c.format, f.options)->Sign(IsSerializer(c.format) ? "{}" : "v");
  ASSERT_TRUE(token.has_value());
  f.clock.SetMillis(c.now_ms);
  f.options.max_age_seconds = c.max_age;
  auto got = MakeSigner(c.format, f.options)->Verify(token->token);
  if (c.error) {
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().code, *c.error);
  } else {
    ASSERT_TRUE(got.has_value()) << got.error().message;
    EXPECT_EQ(got->timestamp, kNow);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Python, MaxAgeTest,
    ::testing::Values(
        MaxAgeCase{"ItsAgeEqualsMaxAge", "itsdangerous-timed", (kNow + 60) * 1000, 60, {}},
        MaxAgeCase{"ItsAgeOverMaxAge", "itsdangerous-timed", (kNow + 61) * 1000, 60,
                   ErrorCode::kExpired},
        // int(time.time()): 999 ms past the limit is still the same second.
        MaxAgeCase{"ItsSubSecondIgnored", "flask", (kNow + 60) * 1000 + 999, 60, {}},
        MaxAgeCase{"ItsFutureIsExpired", "starlette", (kNow - 1) * 1000, 60, ErrorCode::kExpired},
        MaxAgeCase{"ItsFutureWithoutMaxAge",
                   "itsdangerous-timestamp",
                   (kNow - 99) * 1000,
                   std::nullopt,
                   {}},
        MaxAgeCase{"ItsOldWithoutMaxAge",
                   "itsdangerous-timed",
                   (kNow + 99999999) * 1000,
                   std::nullopt,
                   {}},
        MaxAgeCase{"DjangoAgeEqualsMaxAge", "django", (kNow + 60) * 1000, 60, {}},
        // time.time() is a float: one millisecond too late is expired.
        MaxAgeCase{"DjangoOneMsLate", "django", (kNow + 60) * 1000 + 1, 60, ErrorCode::kExpired},
        MaxAgeCase{"DjangoFutureIsFine", "django-signer", (kNow - 999) * 1000, 60, {}}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(PythonFormats, StrictRejectsNonCanonicalSignatureTheLibraryAccepts) {
  Fixture f;
  auto token = MakeSigner("itsdangerous-timed", f.options)->Sign("{}");
  ASSERT_TRUE(token.has_value());
  std::string padded = token->token + "=";  // itsdangerous's base64_decode ignores the padding
  EXPECT_TRUE(MakeSigner("itsdangerous-timed", f.options)->Verify(padded).has_value());
  f.options.strict = true;
  auto strict = MakeSigner("itsdangerous-timed", f.options)->Verify(padded);
  ASSERT_FALSE(strict.has_value());
  EXPECT_EQ(strict.error().code, ErrorCode::kBadSignature);
}

TEST(PythonFormats, DjangoStrictRefusesTheSha1Downgrade) {
  Fixture f;
  Options sha1 = f.options;
  sha1.digest = crypto::Digest::kSha1;
  auto token = MakeSigner("django", sha1)->Sign("{}");
  ASSERT_TRUE(token.has_value());
  EXPECT_TRUE(MakeSigner("django", f.options)->Verify(token->token).has_value());
  f.options.strict = true;
  EXPECT_FALSE(MakeSigner("django", f.options)->Verify(token->token).has_value());
}

TEST(PythonFormats, SeparatorsTheLibrariesRefuse) {
  struct Case {
    const char* format;
    const char* sep;
  };
  for (Case c :
       {Case{"itsdangerous-signer", ""}, Case{"itsdangerous-signer", "a"},
        Case{"itsdangerous-timed", "="}, Case{"itsdangerous-signer", "-_"}, Case{"django", ""},
        Case{"django", "_"}, Case{"django-signer", "["}, Case{"django-signer", "ab"}}) {
    Fixture f;
    f.options.separator = c.sep;
    auto signer = (*FindCodec(c.format))->NewSigner(f.options);
    ASSERT_FALSE(signer.has_value()) << c.format << " '" << c.sep << "'";
    EXPECT_EQ(signer.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(PythonFormats, DjangoOnlyDerivesKeysItsOwnWay) {
  Fixture f;
  f.options.key_derivation = KeyDerivation::kHmac;
  EXPECT_FALSE((*FindCodec("django"))->NewSigner(f.options).has_value());
}

TEST(PythonFormats, ItsdangerousCannotEncodeNegativeTime) {
  Fixture f;
  f.options.timestamp = -1;
  auto got = MakeSigner("itsdangerous-timed", f.options)->Sign("{}");
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code, ErrorCode::kInvalidArgument);
}

TEST(PythonFormats, ZlibBombHitsTheDecompressionLimit) {
  Fixture f;
  f.options.salt = "itsdangerous";  // the serializers' default salt
  f.options.limits.max_decompressed_bytes = 1 << 20;
  // A correctly signed payload that inflates to 4 MiB.
  std::string big = "\"" + std::string(4 << 20, 'a') + "\"";
  std::string payload =
      "." + Base64Encode(ZlibCompress(big), Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  auto raw = MakeSigner("itsdangerous-timestamp", f.options)->Sign(payload);
  ASSERT_TRUE(raw.has_value());
  auto got = MakeSigner("itsdangerous-timed", f.options)->Verify(raw->token);
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code, ErrorCode::kLimitExceeded);
}

TEST(PythonFormats, JsonDepthLimit) {
  Fixture f;
  std::string deep = std::string(100, '[') + std::string(100, ']');
  auto sign = MakeSigner("flask", f.options)->Sign(deep);
  ASSERT_FALSE(sign.has_value());
  EXPECT_EQ(sign.error().code, ErrorCode::kLimitExceeded);
  std::string payload = Base64Encode(deep, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  f.options.salt = "itsdangerous";
  auto raw = MakeSigner("itsdangerous-signer", f.options)->Sign(payload);
  ASSERT_TRUE(raw.has_value());
  auto got = MakeSigner("itsdangerous", f.options)->Verify(raw->token);
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code, ErrorCode::kLimitExceeded);
}

TEST(PythonFormats, SerializerValueMustBeJson) {
  Fixture f;
  for (std::string_view format : {"itsdangerous", "flask", "starlette", "django"}) {
    auto got = MakeSigner(format, f.options)->Sign("{not json");
    ASSERT_FALSE(got.has_value()) << format;
    EXPECT_EQ(got.error().code, ErrorCode::kMalformed);
  }
}

struct DetectCase {
  const char* format;
  const char* value;
  const char* expected;  // what DetectAndDecode should call it
};

TEST(PythonFormats, DetectionNamesTheFramework) {
  for (DetectCase c : {DetectCase{"flask", R"({"user":"alice"})", "flask"},
                       DetectCase{"starlette", R"({"user": "alice"})", "starlette"},
                       DetectCase{"django", R"({"user":"alice"})", "django"},
                       DetectCase{"django-signer", "alice", "django-signer"},
                       DetectCase{"itsdangerous-timed", "[1,2]", "itsdangerous-timed"},
                       DetectCase{"itsdangerous", "[1,2]", "itsdangerous"},
                       DetectCase{"itsdangerous-timestamp", "alice", "itsdangerous-timestamp"},
                       DetectCase{"itsdangerous-signer", "alice", "itsdangerous-signer"}}) {
    Fixture f;
    auto token = MakeSigner(c.format, f.options)->Sign(c.value);
    ASSERT_TRUE(token.has_value());
    auto decoded = DetectAndDecode(token->token);
    ASSERT_TRUE(decoded.has_value()) << c.format;
    EXPECT_EQ(decoded->format, c.expected) << token->token;
  }
}

TEST(ZlibShrinkRule, LowerBoundNeverExceedsRealZlib) {
  std::mt19937 rng(12345);
  const std::string alphabets[] = {"ab", "abcdefgh", R"({}":,0123456789abcdefuserid_role)",
                                   std::string("\x00\xff\x10", 3)};
  for (int i = 0; i < 3000; ++i) {
    const std::string& alpha = alphabets[static_cast<size_t>(i) % 4];
    size_t n = rng() % 600;
    std::string data;
    for (size_t j = 0; j < n; ++j) data.push_back(alpha[rng() % alpha.size()]);
    size_t real = ZlibCompress(data).size();
    ASSERT_LE(ZlibCompressedSizeLowerBound(data), real) << i;
    auto chosen = CompressIfShorter(data);
    EXPECT_EQ(chosen.has_value(), n >= 2 && real < n - 1) << i;
  }
}

TEST(ZlibShrinkRule, SkipsDeflateForTheBenchmarkCookie) {
  std::string_view cookie = R"({"user_id":"123","role":"admin"})";
  EXPECT_GE(ZlibCompressedSizeLowerBound(cookie), cookie.size() - 1);
}

}  // namespace
}  // namespace knox::token

namespace knox::token {
namespace {

// Flask's open_session runs SecureCookieSession(data), i.e. dict(data or ()): tokens made by
// Flask 2.2's own serializer (secret "k") and what Flask's session then holds (json.dumps of it),
// or an error where Flask raises (nullptr).
TEST(Flask, VerifiedValueIsWhatFlasksSessionHolds) {
  const std::pair<const char*, const char*> cases[] = {
      {"WzEsMl0.axEdiw.SZjgs6DZKv4I45eoNkAhSdgbizo", nullptr},  // [1,2]
      {"InN0ciI.axEdiw.sFKhv402-h64Yt1PeRezESxQlRQ", nullptr},  // "str"
      {"W1siYSIsMV0sWyJiIixbMl1dLFsiYSIsM11d.axEdiw.5V9IPpw70fFoJlQqh4f7Fq16hT4",
       R"({"a":3,"b":[2]})"},
      {"WyJhYiIsImNkIl0.axEdiw.yG5kpqeeXEjJcaPRsDpXJSohp1Y", R"({"a":"b","c":"d"})"},
      {"IiI.axEdiw.u8_FHYz2w_GG_mBTm25WMKmm0nY", "{}"},  // ""
      {"W10.axEdiw.Coa1paIxlZzm0P93Y-aSd-QkLMI", "{}"},  // []
      {"W1sxLCJ4Il0sW3RydWUsInkiXSxbbnVsbCwieiJdXQ.axEdiw.0Pg2VlXLsPCFIczxjGpnHeIjFOI",
       R"({"1":"y","null":"z"})"},                                          // True == 1
      {"WyJoXHUwMGU5bGxvIl0.axEdiw.Ua5NDNId0iVZJP3F0BpC9KUSSAw", nullptr},  // ["héllo"]
      {"W1sieCJdXQ.axEdiw.B31YaHe9AiB7WGnSGzfKEfaXWaE", nullptr},           // [["x"]]
      {"MA.axEdiw.4Fp8Mb9Wdfbv_X05HULUB69SDQQ", "{}"},                      // 0
      {"bnVsbA.axEdiw.JDKEkMPaja1rPnjXKDfMFcYhR4E", "{}"},                  // null
      {"Nw.axEdjA.kxd4LaU-xAg4HdioGzaFtAi1O78", nullptr},                   // 7
      {"W1sxLjUsImYiXSxbMi4wLCJnIl1d.axEdjA.HmGuR_rszqJ4NVO0EjmcQwlKJCU",
       R"({"1.5":"f","2.0":"g"})"},
      {"W1tbMV0sIngiXV0.axEdjA.x69OEEGky4CAr7uexZRILyFb9uQ", nullptr},  // [[[1],"x"]]: unhashable
  };
  Options o;
  o.secrets.emplace_back("k");
  auto flask = FlaskCodec().NewSigner(o).value();
  for (const auto& [token, expected] : cases) {
    auto got = flask->Verify(token);
    if (expected == nullptr) {
      ASSERT_FALSE(got.has_value()) << token << " -> " << got->value;
      EXPECT_EQ(got.error().code, ErrorCode::kMalformed) << token;
    } else {
      ASSERT_TRUE(got.has_value()) << token << ": " << got.error().message;
      EXPECT_EQ(got->value, expected) << token;
    }
  }
}

// Number keys beyond int64 (a float 1e20, 2**64 - 1, -1e300) are keys like any other: Python's
// dict takes them (in order), and knox names them as json.dumps prints them, without an int64
// conversion they have no value in (found by token_verify_fuzzer under UBSan; knox signs them).
TEST(Flask, SessionFromPairsWithKeysBeyondInt64) {
  Options o;
  o.secrets.emplace_back("k");
  auto flask = FlaskCodec().NewSigner(o).value();
  auto token = flask->Sign(R"([[1e20,"a"],[18446744073709551615,"b"],[-1e300,"c"],[2.0,"d"]])");
  ASSERT_TRUE(token.has_value()) << token.error().message;
  auto got = flask->Verify(token->token);
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_EQ(got->value, R"({"1e+20":"a","18446744073709551615":"b","-1e+300":"c","2.0":"d"})");
}

}  // namespace
}  // namespace knox::token

namespace knox::token {
namespace {

// Python's json.loads reads NaN, Infinity and -Infinity (json.dumps writes them); a token
// itsdangerous 2.1 made of {"a": nan, "b": [inf, -inf], "c": "NaN"} with secret "k".
TEST(PythonJson, NanAndInfinityLiteralsAsPythonReadsThem) {
  Options o;
  o.secrets.emplace_back("k");
  auto signer = ItsdangerousUrlSafeCodec().NewSigner(o).value();
  auto got = signer->Verify(
      "eyJhIjpOYU4sImIiOltJbmZpbml0eSwtSW5maW5pdHldLCJjIjoiTmFOIn0.CPTEE4Vum0WNaI2A33gO6m7ORaY");
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_EQ(got->value, R"({"a":NaN,"b":[Infinity,-Infinity],"c":"NaN"})");
  // Only as values, and only those spellings: Python refuses nan, -NaN and a NaN key.
  for (const char* bad : {"[nan]", "[-NaN]", "{NaN:1}", "[NaNa]", "[Infinity1]"}) {
    EXPECT_FALSE(ParsePyJson(bad, PyTextDecoding::kUtf8, Limits{}).has_value()) << bad;
  }
  auto doc = ParsePyJson(R"(["NaN", NaN, {"Infinity": -Infinity}])", PyTextDecoding::kUtf8, {});
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(PyJsonDumps(*doc, PyJsonStyle{.compact = true}),
            R"(["NaN",NaN,{"Infinity":-Infinity}])");
}

}  // namespace
}  // namespace knox::token
