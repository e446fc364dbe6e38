// §5.7 storage model and §5.8.3 retrieval: table-driven response -> jar -> next request cases, one
// group per draft step, the traps as named cases; plus expiry, eviction and ordering tests.
#include "core/cookie/cookie_jar.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace knox::cookie {
namespace {

constexpr int64_t kNow = 1735689600;  // 2025-01-01T00:00:00Z

struct ChainCase {
  std::string label;
  std::string from;                      // the response's URL
  std::vector<std::string> set_cookies;  // its Set-Cookie values, in order
  std::string to;                        // the next request's URL
  std::string expected_header;           // the Cookie header sent
  RequestContext to_context = {};
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const ChainCase& c, std::ostream* os) { *os << c.label; }

class JarChainTest : public ::testing::TestWithParam<ChainCase> {};

TEST_P(JarChainTest, SendsWhatABrowserSends) {
  const ChainCase& c = GetParam();
  FakeClock clock = FakeClock::AtSeconds(kNow);
  CookieJar jar(clock);
  Url from = ParseUrl(c.from).value();
  for (const std::string& line : c.set_cookies) jar.StoreHeader(line, from);
  EXPECT_EQ(jar.CookieHeader(ParseUrl(c.to).value(), c.to_context), c.expected_header);
}

// §5.1.3, §5.7 steps 7-10: Domain and host-only.
INSTANTIATE_TEST_SUITE_P(
    Section5_7_Domain, JarChainTest,
    ::testing::Values(
        ChainCase{"HostOnlyNotSentToSubdomain",
                  "https://example.com/",
                  {"a=1"},
                  "https://www.example.com/",
                  ""},
        ChainCase{"HostOnlySentToSameHost",
                  "https://example.com/",
                  {"a=1"},
                  "https://example.com/x",
                  "a=1"},
        ChainCase{"DomainSentToSubdomain",
                  "https://www.example.com/",
                  {"a=1; Domain=example.com"},
                  "https://api.example.com/",
                  "a=1"},
        ChainCase{"DomainWithLeadingDot",
                  "https://www.example.com/",
                  {"a=1; Domain=.example.com"},
                  "https://example.com/",
                  "a=1"},
        ChainCase{"DomainNotMatchingHostRejected",
                  "https://example.com/",
                  {"a=1; Domain=other.com"},
                  "https://other.com/",
                  ""},
        ChainCase{"DomainOfSubdomainRejected",
                  "https://example.com/",
                  {"a=1; Domain=www.example.com"},
                  "https://www.example.com/",
                  ""},
        ChainCase{"SuffixWithoutDotBoundaryRejected",
                  "https://badexample.com/",
                  {"a=1; Domain=example.com"},
                  "https://example.com/",
                  ""},
        ChainCase{"PublicSuffixRejected",
                  "https://www.example.co.uk/",
                  {"a=1; Domain=co.uk"},
                  "https://other.co.uk/",
                  ""},
        ChainCase{"PrivatePublicSuffixRejected",
                  "https://me.github.io/",
                  {"a=1; Domain=github.io"},
                  "https://you.github.io/",
                  ""},
        ChainCase{"PublicSuffixEqualToHostBecomesHostOnly",
                  "https://github.io/",
                  {"a=1; Domain=github.io"},
                  "https://github.io/",
                  "a=1"},
        ChainCase{"PublicSuffixEqualToHostNotSentToSubdomain",
                  "https://github.io/",
                  {"a=1; Domain=github.io"},
                  "https://me.github.io/",
                  ""},
        ChainCase{"IpHostNotDomainMatchedBySuffix",
                  "http://10.0.0.1/",
                  {"a=1; Domain=0.0.1"},
                  "http://10.0.0.1/",
                  ""},
        ChainCase{"IpHostDomainEqualIsHostOnly",
                  "http://10.0.0.1/",
                  {"a=1; Domain=10.0.0.1"},
                  "http://10.0.0.1/",
                  "a=1"},
        ChainCase{
            "IpHostCookieNotSentToOtherIp", "http://10.0.0.1/", {"a=1"}, "http://110.0.0.1/", ""},
        ChainCase{"Ipv6HostOnly", "http://[::1]:8080/", {"a=1"}, "http://[0::1]:9090/", "a=1"},
        ChainCase{"TrailingDotHostIsADifferentHost",
                  "https://example.com./",
                  {"a=1"},
                  "https://example.com/",
                  ""},
        ChainCase{"TrailingDotDomainRejectedForDotlessHost",
                  "https://www.example.com/",
                  {"a=1; Domain=example.com."},
                  "https://www.example.com/",
                  ""},
        ChainCase{"UppercaseDomainAttribute",
                  "https://www.example.com/",
                  {"a=1; Domain=EXAMPLE.com"},
                  "https://x.example.com/",
                  "a=1"},
        ChainCase{"NonAsciiDomainRejected",
                  "https://example.com/",
                  {"a=1; Domain=b\xc3\xbc.example.com"},
                  "https://example.com/",
                  ""},
        ChainCase{"PortIsNotPartOfTheMatch",
                  "http://example.com:8080/",
                  {"a=1"},
                  "http://example.com:9090/",
                  "a=1"}),
    [](const auto& test) { return test.param.label; });

// §5.1.4, §5.7 step 11: Path.
INSTANTIATE_TEST_SUITE_P(Section5_7_Path, JarChainTest,
                         ::testing::Values(ChainCase{"DefaultPathIsDirectory",
                                                     "https://example.com/app/page",
                                                     {"a=1"},
                                                     "https://example.com/app/x",
                                                     "a=1"},
                                           ChainCase{"DefaultPathNotSentAbove",
                                                     "https://example.com/app/page",
                                                     {"a=1"},
                                                     "https://example.com/",
                                                     ""},
                                           ChainCase{"PathWithoutLeadingSlashUsesDefaultPath",
                                                     "https://example.com/app/page",
                                                     {"a=1; Path=other"},
                                                     "https://example.com/app/z",
                                                     "a=1"},
                                           ChainCase{"PathWithoutLeadingSlashNotAtOther",
                                                     "https://example.com/app/page",
                                                     {"a=1; Path=other"},
                                                     "https://example.com/other",
                                                     ""},
                                           ChainCase{"PathPrefixNeedsSlashBoundary",
                                                     "https://example.com/",
                                                     {"a=1; Path=/foo"},
                                                     "https://example.com/foobar",
                                                     ""},
                                           ChainCase{"PathPrefixWithSlashBoundary",
                                                     "https://example.com/",
                                                     {"a=1; Path=/foo"},
                                                     "https://example.com/foo/bar",
                                                     "a=1"},
                                           ChainCase{"PathIsCaseSensitive",
                                                     "https://example.com/",
                                                     {"a=1; Path=/Foo"},
                                                     "https://example.com/foo",
                                                     ""},
                                           ChainCase{"QueryIgnoredForPath",
                                                     "https://example.com/",
                                                     {"a=1; Path=/p"},
                                                     "https://example.com/p?x=/q",
                                                     "a=1"}),
                         [](const auto& test) { return test.param.label; });

// §5.7 steps 12-16, §5.8.3: Secure.
INSTANTIATE_TEST_SUITE_P(Section5_7_Secure, JarChainTest,
                         ::testing::Values(ChainCase{"SecureFromHttpsSentOverHttps",
                                                     "https://example.com/",
                                                     {"a=1; Secure"},
                                                     "https://example.com/",
                                                     "a=1"},
                                           ChainCase{"SecureNotSentOverHttp",
                                                     "https://example.com/",
                                                     {"a=1; Secure"},
                                                     "http://example.com/",
                                                     ""},
                                           ChainCase{"SecureFromHttpRejected",
                                                     "http://example.com/",
                                                     {"a=1; Secure"},
                                                     "https://example.com/",
                                                     ""},
                                           ChainCase{"SecureFromLocalhostAllowed",
                                                     "http://localhost:3000/",
                                                     {"a=1; Secure"},
                                                     "http://localhost:3000/",
                                                     "a=1"},
                                           ChainCase{"SecureFromLoopbackIpAllowed",
                                                     "http://127.0.0.1/",
                                                     {"a=1; Secure"},
                                                     "http://127.0.0.1/",
                                                     "a=1"},
                                           ChainCase{"CookieNamedSecureXIsNotSecure",
                                                     "https://example.com/",
                                                     {"secure_x=1"},
                                                     "http://example.com/",
                                                     "secure_x=1"},
                                           ChainCase{"WssIsSecure",
                                                     "wss://example.com/ws",
                                                     {"a=1; Secure; Path=/"},
                                                     "https://example.com/",
                                                     "a=1"}),
                         [](const auto& test) { return test.param.label; });

// §5.7 steps 19-21: prefixes.
INSTANTIATE_TEST_SUITE_P(Section5_7_Prefixes, JarChainTest,
                         ::testing::Values(ChainCase{"HostPrefixAccepted",
                                                     "https://example.com/a/b",
                                                     {"__Host-s=1; Secure; Path=/"},
                                                     "https://example.com/",
                                                     "__Host-s=1"},
                                           ChainCase{"HostPrefixWithoutPathRejected",
                                                     "https://example.com/",
                                                     {"__Host-s=1; Secure"},
                                                     "https://example.com/",
                                                     ""},
                                           ChainCase{
                                               "HostPrefixWithDomainRejected",
                                               "https://example.com/",
                                               {"__Host-s=1; Secure; Path=/; Domain=example.com"},
                                               "https://example.com/",
                                               ""},
                                           ChainCase{"HostPrefixLowercaseRejected",
                                                     "https://example.com/",
                                                     {"__host-s=1; Path=/"},
                                                     "https://example.com/",
                                                     ""},
                                           ChainCase{"HostPrefixInvalidPathDefaultsToRoot",
                                                     "https://example.com/",
                                                     {"__Host-s=1; Secure; Path=x"},
                                                     "https://example.com/",
                                                     "__Host-s=1"},
                                           ChainCase{"SecurePrefixAccepted",
                                                     "https://example.com/",
                                                     {"__Secure-s=1; Secure"},
                                                     "https://example.com/",
                                                     "__Secure-s=1"},
                                           ChainCase{"SecurePrefixWithoutSecureRejected",
                                                     "https://example.com/",
                                                     {"__SeCuRe-s=1"},
                                                     "https://example.com/",
                                                     ""},
                                           ChainCase{"NamelessHostPrefixRejected",
                                                     "https://example.com/",
                                                     {"=__Host-s; Secure; Path=/"},
                                                     "https://example.com/",
                                                     ""},
                                           ChainCase{"NamelessSecurePrefixRejected",
                                                     "https://example.com/",
                                                     {"__secure-x; Secure"},
                                                     "https://example.com/",
                                                     ""}),
                         [](const auto& test) { return test.param.label; });

// §5.6.1, §5.6.2, §5.7 steps 6 and 22-24: lifetime and replacement.
INSTANTIATE_TEST_SUITE_P(
    Section5_7_Lifetime, JarChainTest,
    ::testing::Values(ChainCase{"MaxAgeZeroDeletes",
                                "https://example.com/",
                                {"a=1", "a=; Max-Age=0"},
                                "https://example.com/",
                                ""},
                      ChainCase{"NegativeMaxAgeDeletes",
                                "https://example.com/",
                                {"a=1", "a=; Max-Age=-1"},
                                "https://example.com/",
                                ""},
                      ChainCase{"ExpiresInThePastDeletes",
                                "https://example.com/",
                                {"a=1", "a=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT"},
                                "https://example.com/",
                                ""},
                      ChainCase{"MaxAgeBeatsPastExpires",
                                "https://example.com/",
                                {"a=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT"},
                                "https://example.com/",
                                "a=1"},
                      ChainCase{"InvalidExpiresMeansSessionCookie",
                                "https://example.com/",
                                {"a=1; Expires=garbage"},
                                "https://example.com/",
                                "a=1"},
                      ChainCase{"InvalidMaxAgeFallsBackToExpires",
                                "https://example.com/",
                                {"a=1; Max-Age=+60; Expires=Thu, 01 Jan 1970 00:00:00 GMT"},
                                "https://example.com/",
                                ""},
                      ChainCase{"DeletionNeedsSamePath",
                                "https://example.com/",
                                {"a=1; Path=/", "a=; Max-Age=0; Path=/x"},
                                "https://example.com/x",
                                "a=1"},
                      ChainCase{"DeletionNeedsSameHostOnlyFlag",
                                "https://www.example.com/",
                                {"a=1", "a=; Max-Age=0; Domain=www.example.com"},
                                "https://www.example.com/",
                                "a=1"},
                      ChainCase{"DuplicateNamesDifferentPaths",
                                "https://example.com/",
                                {"a=root; Path=/", "a=deep; Path=/x/y"},
                                "https://example.com/x/y/z",
                                "a=deep; a=root"},
                      ChainCase{"DuplicateNamesSameKeyReplaced",
                                "https://example.com/",
                                {"a=1", "a=2"},
                                "https://example.com/",
                                "a=2"},
                      ChainCase{"DuplicateNamesHostAndDomain",
                                "https://example.com/",
                                {"a=host", "a=dom; Domain=example.com"},
                                "https://example.com/",
                                "a=host; a=dom"},
                      ChainCase{"EmptyNameAndValueIgnored",
                                "https://example.com/",
                                {"=", "a=1"},
                                "https://example.com/",
                                "a=1"},
                      ChainCase{"NamelessSentAsValue",
                                "https://example.com/",
                                {"token"},
                                "https://example.com/",
                                "token"},
                      ChainCase{"ControlCharacterIgnoresLine",
                                "https://example.com/",
                                {std::string("a=1\x01")},
                                "https://example.com/",
                                ""}),
    [](const auto& test) { return test.param.label; });

// §5.7 steps 17-18 and §5.8.3: SameSite on the next request.
INSTANTIATE_TEST_SUITE_P(
    Section5_8_3_SameSite, JarChainTest,
    ::testing::Values(
        ChainCase{"StrictNotSentCrossSiteNavigation",
                  "https://example.com/",
                  {"a=1; SameSite=Strict"},
                  "https://example.com/",
                  "",
                  {.top_level = ParseUrl("https://evil.com/").value()}},
        ChainCase{"LaxSentOnCrossSiteTopLevelGet",
                  "https://example.com/",
                  {"a=1; SameSite=Lax"},
                  "https://example.com/",
                  "a=1",
                  {.top_level = ParseUrl("https://evil.com/").value()}},
        ChainCase{"LaxNotSentOnCrossSitePost",
                  "https://example.com/",
                  {"a=1; SameSite=Lax"},
                  "https://example.com/",
                  "",
                  {.top_level = ParseUrl("https://evil.com/").value(), .safe_method = false}},
        ChainCase{
            "LaxNotSentOnCrossSiteSubresource",
            "https://example.com/",
            {"a=1; SameSite=Lax"},
            "https://example.com/",
            "",
            {.top_level = ParseUrl("https://evil.com/").value(), .top_level_navigation = false}},
        ChainCase{
            "UnspecifiedIsLaxByDefault",
            "https://example.com/",
            {"a=1"},
            "https://example.com/",
            "",
            {.top_level = ParseUrl("https://evil.com/").value(), .top_level_navigation = false}},
        ChainCase{
            "UnknownValueIsLaxByDefault",
            "https://example.com/",
            {"a=1; SameSite=Bogus"},
            "https://example.com/",
            "",
            {.top_level = ParseUrl("https://evil.com/").value(), .top_level_navigation = false}},
        ChainCase{
            "NoneSentCrossSite",
            "https://example.com/",
            {"a=1; SameSite=None; Secure"},
            "https://example.com/",
            "a=1",
            {.top_level = ParseUrl("https://evil.com/").value(), .top_level_navigation = false}},
        ChainCase{"NoneWithoutSecureRejected",
                  "https://example.com/",
                  {"a=1; SameSite=None"},
                  "https://example.com/",
                  ""},
        ChainCase{"StrictSentFromSameSiteSubdomain",
                  "https://www.example.com/",
                  {"a=1; SameSite=Strict; Domain=example.com"},
                  "https://api.example.com/",
                  "a=1",
                  {.top_level = ParseUrl("https://www.example.com/").value()}},
        ChainCase{"SchemefulSameSite",
                  "https://example.com/",
                  {"a=1; SameSite=Strict"},
                  "https://example.com/",
                  "",
                  {.top_level = ParseUrl("http://example.com/").value()}}),
    [](const auto& test) { return test.param.label; });

// §5.8.3 step 2: ordering.
INSTANTIATE_TEST_SUITE_P(Section5_8_3_Order, JarChainTest,
                         ::testing::Values(ChainCase{"LongerPathFirst",
                                                     "https://example.com/",
                                                     {"a=1; Path=/", "b=2; Path=/x",
                                                      "c=3; Path=/x/y"},
                                                     "https://example.com/x/y",
                                                     "c=3; b=2; a=1"},
                                           ChainCase{"EarlierCreationFirst",
                                                     "https://example.com/",
                                                     {"z=1", "y=2", "x=3"},
                                                     "https://example.com/",
                                                     "z=1; y=2; x=3"},
                                           ChainCase{"ReplacementKeepsCreationTime",
                                                     "https://example.com/",
                                                     {"a=1", "b=2", "a=3"},
                                                     "https://example.com/",
                                                     "a=3; b=2"}),
                         [](const auto& test) { return test.param.label; });

class JarTest : public ::testing::Test {
 protected:
  FakeClock clock_ = FakeClock::AtSeconds(kNow);
  Url https_ = ParseUrl("https://example.com/").value();
  Url http_ = ParseUrl("http://example.com/").value();
};

TEST_F(JarTest, StoreReportsWhy) {
  CookieJar jar(clock_);
  EXPECT_EQ(jar.StoreHeader("a=1", https_).status, StoreStatus::kStored);
  EXPECT_EQ(jar.StoreHeader("a=1; Secure", http_).status, StoreStatus::kSecureFromInsecureOrigin);
  EXPECT_EQ(jar.StoreHeader("a=1; Domain=co.uk", ParseUrl("https://x.co.uk/").value()).status,
            StoreStatus::kPublicSuffix);
  EXPECT_EQ(jar.StoreHeader("a=1; Domain=other.org", https_).status, StoreStatus::kDomainMismatch);
  EXPECT_EQ(jar.StoreHeader("a\x02=1", https_).status, StoreStatus::kUnparsable);
  EXPECT_EQ(jar.StoreHeader("=", https_).status, StoreStatus::kEmptyNameAndValue);
  EXPECT_EQ(jar.StoreHeader("__Host-a=1; Secure", https_).status, StoreStatus::kPrefixViolation);
  EXPECT_EQ(jar.StoreHeader("a=1; SameSite=None", https_).status,
            StoreStatus::kSameSiteNoneInsecure);
  EXPECT_EQ(jar.StoreHeader("a=1; Partitioned", https_).status, StoreStatus::kPartitionedInsecure);
  EXPECT_EQ(jar.StoreHeader("a=; Max-Age=0", https_).status, StoreStatus::kExpired);
  EXPECT_EQ(jar.size(), 0u);
}

TEST_F(JarTest, MaxAgeExpiresWithTheClock) {
  CookieJar jar(clock_);
  jar.StoreHeader("a=1; Max-Age=60", https_);
  clock_.AdvanceMillis(59'999);
  EXPECT_EQ(jar.CookieHeader(https_), "a=1");
  clock_.AdvanceMillis(1);
  EXPECT_EQ(jar.CookieHeader(https_), "");
  EXPECT_EQ(jar.size(), 0u);
}

TEST_F(JarTest, LifetimeCappedAt400Days) {
  CookieJar jar(clock_);
  jar.StoreHeader("a=1; Max-Age=999999999", https_);
  jar.StoreHeader("b=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT", https_);
  for (const Cookie& c : jar.AllCookies()) {
    EXPECT_EQ(c.expiry_ms, (kNow + 400LL * 86400) * 1000) << c.name;
    EXPECT_TRUE(c.persistent);
  }
  clock_.AdvanceMillis(400LL * 86400 * 1000);
  EXPECT_EQ(jar.CookieHeader(https_), "");
}

TEST_F(JarTest, InsecureOriginCannotShadowSecureCookie) {
  CookieJar jar(clock_);
  ASSERT_EQ(jar.StoreHeader("sid=good; Secure; Path=/", https_).status, StoreStatus::kStored);
  EXPECT_EQ(jar.StoreHeader("sid=evil; Path=/", http_).status, StoreStatus::kOverwritesSecure);
  EXPECT_EQ(jar.StoreHeader("sid=evil; Path=/deeper", http_).status,
            StoreStatus::kOverwritesSecure);
  EXPECT_EQ(
      jar.StoreHeader("sid=evil; Domain=example.com", ParseUrl("http://www.example.com/").value())
          .status,
      StoreStatus::kOverwritesSecure);
  EXPECT_EQ(jar.StoreHeader("other=ok", http_).status, StoreStatus::kStored);
  // A secure origin may replace it.
  EXPECT_EQ(jar.StoreHeader("sid=new; Path=/", https_).status, StoreStatus::kStored);
  EXPECT_EQ(jar.CookieHeader(https_), "sid=new; other=ok");
}

TEST_F(JarTest, ScriptCannotSetOrReplaceHttpOnly) {
  CookieJar jar(clock_);
  RequestContext script{.http_api = false};
  EXPECT_EQ(jar.StoreHeader("a=1; HttpOnly", https_, script).status,
            StoreStatus::kHttpOnlyFromScript);
  ASSERT_EQ(jar.StoreHeader("a=1; HttpOnly", https_).status, StoreStatus::kStored);
  EXPECT_EQ(jar.StoreHeader("a=2", https_, script).status, StoreStatus::kOverwritesHttpOnly);
  EXPECT_EQ(jar.CookieHeader(https_, script), "");
  EXPECT_EQ(jar.CookieHeader(https_), "a=1");
}

TEST_F(JarTest, CrossSiteSubresourceCannotSetSameSiteCookies) {
  CookieJar jar(clock_);
  RequestContext iframe{.top_level = ParseUrl("https://news.com/").value(),
                        .top_level_navigation = false};
  EXPECT_EQ(jar.StoreHeader("a=1; SameSite=Lax", https_, iframe).status,
            StoreStatus::kCrossSiteSameSite);
  EXPECT_EQ(jar.StoreHeader("a=1", https_, iframe).status, StoreStatus::kCrossSiteSameSite);
  EXPECT_EQ(jar.StoreHeader("a=1; SameSite=None; Secure", https_, iframe).status,
            StoreStatus::kStored);
}

TEST_F(JarTest, PartitionedCookiesKeyedByTopLevelSite) {
  CookieJar jar(clock_);
  Url widget = ParseUrl("https://widget.com/").value();
  RequestContext on_news{.top_level = ParseUrl("https://news.com/").value(),
                         .top_level_navigation = false};
  RequestContext on_shop{.top_level = ParseUrl("https://shop.com/").value(),
                         .top_level_navigation = false};
  ASSERT_EQ(
      jar.StoreHeader("p=1; Secure; SameSite=None; Partitioned; Path=/", widget, on_news).status,
      StoreStatus::kStored);
  EXPECT_EQ(jar.CookieHeader(widget, on_news), "p=1");
  EXPECT_EQ(jar.CookieHeader(widget, on_shop), "");
  EXPECT_EQ(jar.CookieHeader(widget), "");
}

TEST_F(JarTest, PerDomainEvictionRemovesLeastRecentlyAccessed) {
  CookieJar jar(clock_, {.max_cookies_per_domain = 3});
  for (int i = 0; i < 3; ++i) {
    jar.StoreHeader("c" + std::to_string(i) + "=v; Path=/p" + std::to_string(i), https_);
    clock_.AdvanceMillis(1000);
  }
  EXPECT_EQ(jar.CookieHeader(ParseUrl("https://example.com/p0").value()), "c0=v");  // touch c0
  clock_.AdvanceMillis(1000);
  jar.StoreHeader("c3=v; Path=/p3", https_);
  EXPECT_EQ(jar.size(), 3u);
  EXPECT_EQ(jar.CookieHeader(ParseUrl("https://example.com/p1").value()), "");  // c1 was oldest
  EXPECT_EQ(jar.CookieHeader(ParseUrl("https://example.com/p0").value()), "c0=v");
}

TEST_F(JarTest, ExpiredCookiesGoBeforeEviction) {
  CookieJar jar(clock_, {.max_cookies_per_domain = 2});
  jar.StoreHeader("old=v; Max-Age=1", https_);
  jar.StoreHeader("keep=v", https_);
  clock_.AdvanceMillis(2000);
  jar.StoreHeader("new=v", https_);
  EXPECT_EQ(jar.CookieHeader(https_), "keep=v; new=v");
}

TEST_F(JarTest, TotalLimitEvictsAcrossDomains) {
  CookieJar jar(clock_, {.max_cookies = 5});
  for (int i = 0; i < 8; ++i) {
    jar.StoreHeader("a=" + std::to_string(i),
                    ParseUrl("https://site" + std::to_string(i) + ".com/").value());
    clock_.AdvanceMillis(10);
  }
  EXPECT_EQ(jar.size(), 5u);
  EXPECT_EQ(jar.CookieHeader(ParseUrl("https://site2.com/").value()), "");
  EXPECT_EQ(jar.CookieHeader(ParseUrl("https://site3.com/").value()), "a=3");
}

TEST(JarHelpers, DomainMatch) {
  EXPECT_TRUE(DomainMatch("example.com", "example.com", false));
  EXPECT_TRUE(DomainMatch("www.example.com", "example.com", false));
  EXPECT_FALSE(DomainMatch("badexample.com", "example.com", false));
  EXPECT_FALSE(DomainMatch("example.com", "www.example.com", false));
  EXPECT_FALSE(DomainMatch("1.2.3.4", "2.3.4", true));
  EXPECT_TRUE(DomainMatch("1.2.3.4", "1.2.3.4", true));
}

TEST(JarHelpers, DefaultPathAndPathMatch) {
  EXPECT_EQ(DefaultPath(""), "/");
  EXPECT_EQ(DefaultPath("/"), "/");
  EXPECT_EQ(DefaultPath("/a"), "/");
  EXPECT_EQ(DefaultPath("/a/b"), "/a");
  EXPECT_EQ(DefaultPath("/a/b/"), "/a/b");
  EXPECT_TRUE(PathMatch("/a/b", "/a"));
  EXPECT_TRUE(PathMatch("/a/b", "/a/"));
  EXPECT_FALSE(PathMatch("/ab", "/a"));
  EXPECT_FALSE(PathMatch("/", "/a"));
}

TEST(JarHelpers, PublicSuffixList) {
  EXPECT_TRUE(CookieJar::IsPublicSuffix("com"));
  EXPECT_TRUE(CookieJar::IsPublicSuffix("co.uk"));
  EXPECT_TRUE(CookieJar::IsPublicSuffix("github.io"));
  EXPECT_FALSE(CookieJar::IsPublicSuffix("example.com"));
}

}  // namespace
}  // namespace knox::cookie
