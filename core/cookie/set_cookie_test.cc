// §5.6 Set-Cookie parsing and §4.1 serialisation, one group per subsection, traps as named cases.
#include "core/cookie/set_cookie.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace knox::cookie {
namespace {

using P = Problem;

struct ParseCase {
  std::string label;
  std::string header;
  SetCookie expected;
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const ParseCase& c, std::ostream* os) { *os << c.label; }

class ParseSetCookieTest : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseSetCookieTest, MatchesTheDraft) {
  auto parsed = ParseSetCookie(GetParam().header);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(*parsed, GetParam().expected);
}

// §5.6 steps 1-6: the name-value pair.
INSTANTIATE_TEST_SUITE_P(
    Section5_6_NameValue, ParseSetCookieTest,
    ::testing::Values(
        ParseCase{"Simple", "sid=abc", {.name = "sid", .value = "abc"}},
        ParseCase{"TrimsWhitespace", " \tsid \t= abc\t ", {.name = "sid", .value = "abc"}},
        ParseCase{"InnerSpacesKept", "a b=c d", {.name = "a b", .value = "c d"}},
        ParseCase{"EqualsInValue", "t=a=b==", {.name = "t", .value = "a=b=="}},
        ParseCase{"EmptyValue", "sid=", {.name = "sid", .value = ""}},
        ParseCase{"QuotesArePartOfTheValue", "q=\"abc\"", {.name = "q", .value = "\"abc\""}},
        ParseCase{"HtabAllowedInValue", "a=b\tc", {.name = "a", .value = "b\tc"}},
        ParseCase{"NamelessWithoutEquals",
                  "foo",
                  {.name = "", .value = "foo", .problems = {P::kNameless}}},
        ParseCase{"NamelessWithLeadingEquals",
                  "=foo=bar",
                  {.name = "", .value = "foo=bar", .problems = {P::kNameless}}},
        ParseCase{"EmptyNameAndValueStillParses",
                  "=",
                  {.name = "", .value = "", .problems = {P::kNameless}}},
        ParseCase{"NonAsciiBytesKept", "a=\xe6\x97\xa5", {.name = "a", .value = "\xe6\x97\xa5"}}),
    [](const auto& test) { return test.param.label; });

// §5.6 step 8 and §5.6.1-§5.6.8: attributes.
INSTANTIATE_TEST_SUITE_P(
    Section5_6_Attributes, ParseSetCookieTest,
    ::testing::Values(
        ParseCase{
            "CaseInsensitiveFlags",
            "sid=a; sEcUrE; HTTPONLY; pArTiTiOnEd",
            {.name = "sid", .value = "a", .secure = true, .http_only = true, .partitioned = true}},
        ParseCase{"NameContainsSecure",
                  "secure_x=1; httponly_y=2",
                  {.name = "secure_x", .value = "1", .problems = {P::kUnknownAttribute}}},
        ParseCase{"SecureWithValueStillSecure",
                  "a=b; Secure=no",
                  {.name = "a", .value = "b", .secure = true}},
        ParseCase{"UnknownAttributeIgnored",
                  "a=b; version=1; comment=x",
                  {.name = "a", .value = "b", .problems = {P::kUnknownAttribute}}},
        ParseCase{"TrailingSemicolons", "a=b;;  ; ", {.name = "a", .value = "b"}},
        ParseCase{"AttributeWhitespaceTrimmed",
                  "a=b;  Path =  /x  ",
                  {.name = "a", .value = "b", .path = "/x"}},
        ParseCase{
            "LastPathWins",
            "a=b; Path=/one; Path=/two",
            {.name = "a", .value = "b", .path = "/two", .problems = {P::kDuplicateAttribute}}},
        ParseCase{"PathWithoutLeadingSlash",
                  "a=b; Path=foo",
                  {.name = "a", .value = "b", .path = "", .problems = {P::kPathNotAbsolute}}},
        ParseCase{"InvalidPathOverridesEarlierPath",
                  "a=b; Path=/x; Path=",
                  {.name = "a",
                   .value = "b",
                   .path = "",
                   .problems = {P::kPathNotAbsolute, P::kDuplicateAttribute}}},
        ParseCase{"DomainLowercasedLeadingDotRemoved",
                  "a=b; Domain=.Example.COM",
                  {.name = "a",
                   .value = "b",
                   .domain = "example.com",
                   .problems = {P::kDomainLeadingDot}}},
        ParseCase{"DomainTwoLeadingDotsKeepsOne",
                  "a=b; Domain=..example.com",
                  {.name = "a",
                   .value = "b",
                   .domain = ".example.com",
                   .problems = {P::kDomainLeadingDot}}},
        ParseCase{"EmptyDomainIgnored",
                  "a=b; Domain=example.com; Domain=",
                  {.name = "a",
                   .value = "b",
                   .domain = "example.com",
                   .problems = {P::kEmptyDomain, P::kDuplicateAttribute}}},
        ParseCase{"DomainDotOnlyIsEmptyString",
                  "a=b; Domain=.",
                  {.name = "a", .value = "b", .domain = "", .problems = {P::kDomainLeadingDot}}},
        ParseCase{"AttributeValueOver1024Ignored",
                  "a=b; Path=/" + std::string(1024, 'p'),
                  {.name = "a", .value = "b", .problems = {P::kAttributeTooLong}}},
        ParseCase{"AttributeValueOf1024Kept",
                  "a=b; Path=/" + std::string(1023, 'p'),
                  {.name = "a", .value = "b", .path = "/" + std::string(1023, 'p')}}),
    [](const auto& test) { return test.param.label; });

INSTANTIATE_TEST_SUITE_P(
    Section5_6_1_Expires, ParseSetCookieTest,
    ::testing::Values(ParseCase{"Valid",
                                "a=b; Expires=Wed, 01 Jan 2025 00:00:00 GMT",
                                {.name = "a", .value = "b", .expires = 1735689600}},
                      ParseCase{"InPastStillParsed",
                                "a=b; expires=Thu, 01 Jan 1970 00:00:00 GMT",
                                {.name = "a", .value = "b", .expires = 0}},
                      ParseCase{"InvalidExpiresIgnored",
                                "a=b; Expires=tomorrow",
                                {.name = "a", .value = "b", .problems = {P::kInvalidExpires}}},
                      ParseCase{"InvalidLaterExpiresKeepsEarlier",
                                "a=b; Expires=Wed, 01 Jan 2025 00:00:00 GMT; Expires=never",
                                {.name = "a",
                                 .value = "b",
                                 .expires = 1735689600,
                                 .problems = {P::kInvalidExpires, P::kDuplicateAttribute}}}),
    [](const auto& test) { return test.param.label; });

INSTANTIATE_TEST_SUITE_P(
    Section5_6_2_MaxAge, ParseSetCookieTest,
    ::testing::Values(
        ParseCase{"Positive", "a=b; Max-Age=3600", {.name = "a", .value = "b", .max_age = 3600}},
        ParseCase{"ZeroDeletes", "a=b; max-age=0", {.name = "a", .value = "b", .max_age = 0}},
        ParseCase{"Negative", "a=b; Max-Age=-5", {.name = "a", .value = "b", .max_age = -5}},
        ParseCase{"LeadingPlusIgnored",
                  "a=b; Max-Age=+5",
                  {.name = "a", .value = "b", .problems = {P::kInvalidMaxAge}}},
        ParseCase{"NotNumericIgnored",
                  "a=b; Max-Age=soon",
                  {.name = "a", .value = "b", .problems = {P::kInvalidMaxAge}}},
        ParseCase{"DecimalIgnored",
                  "a=b; Max-Age=2.5",
                  {.name = "a", .value = "b", .problems = {P::kInvalidMaxAge}}},
        ParseCase{"LoneMinusIgnored",
                  "a=b; Max-Age=-",
                  {.name = "a", .value = "b", .problems = {P::kInvalidMaxAge}}},
        ParseCase{"EmptyIgnored",
                  "a=b; Max-Age=",
                  {.name = "a", .value = "b", .problems = {P::kInvalidMaxAge}}},
        ParseCase{
            "HugeSaturates",
            "a=b; Max-Age=99999999999999999999999",
            {.name = "a", .value = "b", .max_age = INT64_MAX, .problems = {P::kLifetimeOverCap}}},
        ParseCase{
            "Over400DaysFlagged",
            "a=b; Max-Age=34560001",
            {.name = "a", .value = "b", .max_age = 34560001, .problems = {P::kLifetimeOverCap}}},
        ParseCase{"MaxAgeBeatsExpires",
                  "a=b; Max-Age=60; Expires=Wed, 01 Jan 2025 00:00:00 GMT",
                  {.name = "a",
                   .value = "b",
                   .expires = 1735689600,
                   .max_age = 60,
                   .problems = {P::kMaxAgeOverridesExpires}}}),
    [](const auto& test) { return test.param.label; });

INSTANTIATE_TEST_SUITE_P(
    Section5_6_7_SameSite, ParseSetCookieTest,
    ::testing::Values(
        ParseCase{"Strict",
                  "a=b; SameSite=strict",
                  {.name = "a", .value = "b", .same_site = SameSite::kStrict}},
        ParseCase{
            "Lax", "a=b; samesite=LAX", {.name = "a", .value = "b", .same_site = SameSite::kLax}},
        ParseCase{"NoneWithSecure",
                  "a=b; SameSite=None; Secure",
                  {.name = "a", .value = "b", .secure = true, .same_site = SameSite::kNone}},
        ParseCase{"NoneWithoutSecure",
                  "a=b; SameSite=None",
                  {.name = "a",
                   .value = "b",
                   .same_site = SameSite::kNone,
                   .problems = {P::kSameSiteNoneWithoutSecure}}},
        ParseCase{"UnknownValueIsDefault",
                  "a=b; SameSite=Strict; SameSite=yes",
                  {.name = "a",
                   .value = "b",
                   .same_site = SameSite::kDefault,
                   .problems = {P::kUnknownSameSite, P::kDuplicateAttribute}}},
        ParseCase{"EmptyValueIsDefault",
                  "a=b; SameSite",
                  {.name = "a",
                   .value = "b",
                   .same_site = SameSite::kDefault,
                   .problems = {P::kUnknownSameSite}}}),
    [](const auto& test) { return test.param.label; });

// §4.1.3 prefixes as far as the parser can tell without the request URL.
INSTANTIATE_TEST_SUITE_P(
    Section4_1_3_Prefixes, ParseSetCookieTest,
    ::testing::Values(ParseCase{"SecurePrefixOk",
                                "__Secure-a=b; Secure",
                                {.name = "__Secure-a", .value = "b", .secure = true}},
                      ParseCase{"SecurePrefixCaseInsensitive",
                                "__SECURE-a=b",
                                {.name = "__SECURE-a",
                                 .value = "b",
                                 .problems = {P::kSecurePrefixWithoutSecure}}},
                      ParseCase{"HostPrefixOk",
                                "__Host-a=b; Secure; Path=/",
                                {.name = "__Host-a", .value = "b", .path = "/", .secure = true}},
                      ParseCase{"HostPrefixWithDomain",
                                "__host-a=b; Secure; Path=/; Domain=example.com",
                                {.name = "__host-a",
                                 .value = "b",
                                 .domain = "example.com",
                                 .path = "/",
                                 .secure = true,
                                 .problems = {P::kHostPrefixViolation}}},
                      ParseCase{"HostPrefixWithoutPath",
                                "__Host-a=b; Secure",
                                {.name = "__Host-a",
                                 .value = "b",
                                 .secure = true,
                                 .problems = {P::kHostPrefixViolation}}},
                      ParseCase{"NamelessValueWithPrefix",
                                "__Host-a; Secure; Path=/",
                                {.name = "",
                                 .value = "__Host-a",
                                 .path = "/",
                                 .secure = true,
                                 .problems = {P::kNameless, P::kNamelessPrefix}}},
                      ParseCase{"PartitionedWithoutSecure",
                                "a=b; Partitioned",
                                {.name = "a",
                                 .value = "b",
                                 .partitioned = true,
                                 .problems = {P::kPartitionedWithoutSecure}}}),
    [](const auto& test) { return test.param.label; });

struct RejectCase {
  std::string label;
  std::string header;
  ErrorCode code;
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const RejectCase& c, std::ostream* os) { *os << c.label; }

class ParseSetCookieRejectTest : public ::testing::TestWithParam<RejectCase> {};

TEST_P(ParseSetCookieRejectTest, IgnoresTheLine) {
  auto parsed = ParseSetCookie(GetParam().header);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, GetParam().code);
}

INSTANTIATE_TEST_SUITE_P(
    Section5_6_Ignored, ParseSetCookieRejectTest,
    ::testing::Values(RejectCase{"NulInValue", std::string("a=b\0c", 5), ErrorCode::kMalformed},
                      RejectCase{"CrInValue", "a=b\rc", ErrorCode::kMalformed},
                      RejectCase{"LfInAttribute", "a=b; Path=/\n", ErrorCode::kMalformed},
                      RejectCase{"DelInName", "a\x7f=b", ErrorCode::kMalformed},
                      RejectCase{"NameValueOver4096", "n=" + std::string(4096, 'v'),
                                 ErrorCode::kLimitExceeded}),
    [](const auto& test) { return test.param.label; });

TEST(ParseSetCookie, NameValueOf4096Accepted) {
  EXPECT_TRUE(ParseSetCookie("n=" + std::string(4095, 'v')).has_value());
  EXPECT_TRUE(ParseSetCookie("n=" + std::string(40, 'v') + "; Path=/" + std::string(5000, 'x'))
                  .has_value());
}

TEST(ParseSetCookie, LimitsAreConfigurable) {
  CookieLimits tight{.max_name_value_bytes = 8, .max_attribute_value_bytes = 2};
  EXPECT_FALSE(ParseSetCookie("name=value", tight).has_value());
  auto parsed = ParseSetCookie("n=v; Path=/abc", tight);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_FALSE(parsed->path.has_value());
}

// §4.1 server side.
struct SerializeCase {
  std::string label;
  SetCookie cookie;
  std::string wire;  // "" = must be refused
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const SerializeCase& c, std::ostream* os) { *os << c.label; }

class SerializeSetCookieTest : public ::testing::TestWithParam<SerializeCase> {};

TEST_P(SerializeSetCookieTest, EmitsCanonicalFormOrRefuses) {
  const SerializeCase& c = GetParam();
  auto wire = SerializeSetCookie(c.cookie);
  if (c.wire.empty()) {
    EXPECT_FALSE(wire.has_value()) << *wire;
    return;
  }
  ASSERT_TRUE(wire.has_value()) << wire.error().message;
  EXPECT_EQ(*wire, c.wire);
  auto back = ParseSetCookie(*wire);
  ASSERT_TRUE(back.has_value());
  back->problems.clear();
  SetCookie expected = c.cookie;
  expected.problems.clear();
  EXPECT_EQ(*back, expected);
}

INSTANTIATE_TEST_SUITE_P(
    Section4_1, SerializeSetCookieTest,
    ::testing::Values(
        SerializeCase{"Minimal", {.name = "sid", .value = "abc"}, "sid=abc"},
        SerializeCase{
            "AllAttributesInCanonicalOrder",
            {.name = "__Host-sid",
             .value = "abc",
             .expires = 1735689600,
             .max_age = 3600,
             .path = "/",
             .secure = true,
             .http_only = true,
             .partitioned = true,
             .same_site = SameSite::kLax},
            "__Host-sid=abc; Expires=Wed, 01 Jan 2025 00:00:00 GMT; Max-Age=3600; Path=/; "
            "Secure; HttpOnly; SameSite=Lax; Partitioned"},
        SerializeCase{"DomainAndDeletion",
                      {.name = "a", .value = "", .max_age = 0, .domain = "example.com"},
                      "a=; Max-Age=0; Domain=example.com"},
        SerializeCase{"QuotedValue", {.name = "q", .value = "\"abc\""}, "q=\"abc\""},
        SerializeCase{"NamelessRefused", {.name = "", .value = "abc"}, ""},
        SerializeCase{"NameWithSpaceRefused", {.name = "a b", .value = "c"}, ""},
        SerializeCase{"NameWithSeparatorRefused", {.name = "a:b", .value = "c"}, ""},
        SerializeCase{"ValueWithSemicolonRefused", {.name = "a", .value = "b;c"}, ""},
        SerializeCase{"ValueWithCommaRefused", {.name = "a", .value = "b,c"}, ""},
        SerializeCase{"ValueWithSpaceRefused", {.name = "a", .value = "b c"}, ""},
        SerializeCase{"ValueWithInnerQuoteRefused", {.name = "a", .value = "b\"c"}, ""},
        SerializeCase{"ValueNonAsciiRefused", {.name = "a", .value = "\xc3\xa9"}, ""},
        SerializeCase{"PathWithoutSlashRefused", {.name = "a", .value = "b", .path = "x"}, ""},
        SerializeCase{"PathWithSemicolonRefused", {.name = "a", .value = "b", .path = "/a;b"}, ""},
        SerializeCase{
            "DomainWithLeadingDotRefused", {.name = "a", .value = "b", .domain = ".x.com"}, ""},
        SerializeCase{
            "DomainWithSpaceRefused", {.name = "a", .value = "b", .domain = "x .com"}, ""},
        SerializeCase{"SameSiteNoneWithoutSecureRefused",
                      {.name = "a", .value = "b", .same_site = SameSite::kNone},
                      ""},
        SerializeCase{"SecurePrefixWithoutSecureRefused", {.name = "__Secure-a", .value = "b"}, ""},
        SerializeCase{
            "HostPrefixWithDomainRefused",
            {.name = "__Host-a", .value = "b", .domain = "x.com", .path = "/", .secure = true},
            ""},
        SerializeCase{
            "ExpiresOutOfRangeRefused", {.name = "a", .value = "b", .expires = INT64_MAX}, ""},
        SerializeCase{"TooLongRefused", {.name = "a", .value = std::string(4096, 'v')}, ""}),
    [](const auto& test) { return test.param.label; });

}  // namespace
}  // namespace knox::cookie
