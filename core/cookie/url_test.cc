// The strict URL parser the jar uses.
#include "core/cookie/url.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace knox::cookie {
namespace {

struct UrlCase {
  std::string label;
  std::string text;
  std::string serialized;  // "" = must fail
  std::string host = {};
  HostKind kind = HostKind::kDomain;
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const UrlCase& c, std::ostream* os) { *os << c.label; }

class UrlTest : public ::testing::TestWithParam<UrlCase> {};

TEST_P(UrlTest, ParsesStrictly) {
  const UrlCase& c = GetParam();
  auto url = ParseUrl(c.text);
  if (c.serialized.empty()) {
    EXPECT_FALSE(url.has_value()) << url->Serialize();
    return;
  }
  ASSERT_TRUE(url.has_value()) << url.error().message;
  EXPECT_EQ(url->Serialize(), c.serialized);
  if (!c.host.empty()) {
    EXPECT_EQ(url->host, c.host);
  }
  EXPECT_EQ(url->host_kind, c.kind);
}

INSTANTIATE_TEST_SUITE_P(
    Urls, UrlTest,
    ::testing::Values(
        UrlCase{"Plain", "https://example.com/a/b?x=1#frag", "https://example.com/a/b?x=1",
                "example.com"},
        UrlCase{"NoPath", "http://example.com", "http://example.com/"},
        UrlCase{"QueryWithoutPath", "http://example.com?q", "http://example.com/?q"},
        UrlCase{"LowercasesSchemeAndHost", "HTTPS://ExAmple.COM/P", "https://example.com/P"},
        UrlCase{"DefaultPortDropped", "https://example.com:443/", "https://example.com/"},
        UrlCase{"OtherPortKept", "http://example.com:8888/x", "http://example.com:8888/x"},
        UrlCase{"WebSockets", "wss://example.com/socket", "wss://example.com/socket"},
        UrlCase{"TrailingDotKept", "http://example.com./", "http://example.com./", "example.com."},
        UrlCase{"Ipv4", "http://192.168.0.1/", "http://192.168.0.1/", "192.168.0.1",
                HostKind::kIPv4},
        UrlCase{"Ipv6Canonical", "http://[2001:DB8:0:0:0:0:0:1]:8080/",
                "http://[2001:db8::1]:8080/", "[2001:db8::1]", HostKind::kIPv6},
        UrlCase{"Ipv6Loopback", "http://[0:0::1]/", "http://[::1]/", "[::1]", HostKind::kIPv6},
        UrlCase{"Ipv6WithIpv4Tail", "http://[::ffff:1.2.3.4]/", "http://[::ffff:102:304]/", "",
                HostKind::kIPv6},
        UrlCase{"FtpRejected", "ftp://example.com/", ""}, UrlCase{"RelativeRejected", "/path", ""},
        UrlCase{"UserinfoRejected", "https://user@example.com/", ""},
        UrlCase{"SpaceRejected", "https://example.com/a b", ""},
        UrlCase{"NonAsciiHostRejected",
                "https://b\xc3\xbc"
                "cher.de/",
                ""},
        UrlCase{"PercentHostRejected", "https://ex%41mple.com/", ""},
        UrlCase{"EmptyHostRejected", "https:///path", ""},
        UrlCase{"EmptyLabelRejected", "https://a..b/", ""},
        UrlCase{"ShortIpv4Rejected", "http://127.1/", ""},
        UrlCase{"OctalIpv4Rejected", "http://010.0.0.1/", ""},
        UrlCase{"HexIpv4Rejected", "http://0x7f.0.0.1/", ""},
        UrlCase{"BadPortRejected", "http://example.com:99999/", ""},
        UrlCase{"LetterPortRejected", "http://example.com:8a/", ""},
        UrlCase{"BadIpv6Rejected", "http://[1:::2]/", ""},
        UrlCase{"ZoneIdRejected", "http://[fe80::1%25eth0]/", ""},
        UrlCase{"BackslashRejected", "http://example.com\\evil.com/", ""}),
    [](const auto& test) { return test.param.label; });

TEST(Url, PotentiallyTrustworthy) {
  EXPECT_TRUE(ParseUrl("https://example.com/")->IsPotentiallyTrustworthy());
  EXPECT_TRUE(ParseUrl("http://localhost:3000/")->IsPotentiallyTrustworthy());
  EXPECT_TRUE(ParseUrl("http://app.localhost/")->IsPotentiallyTrustworthy());
  EXPECT_TRUE(ParseUrl("http://127.0.0.2/")->IsPotentiallyTrustworthy());
  EXPECT_TRUE(ParseUrl("http://[::1]/")->IsPotentiallyTrustworthy());
  EXPECT_FALSE(ParseUrl("http://example.com/")->IsPotentiallyTrustworthy());
  EXPECT_FALSE(ParseUrl("http://localhost.example.com/")->IsPotentiallyTrustworthy());
  EXPECT_FALSE(ParseUrl("http://10.0.0.1/")->IsPotentiallyTrustworthy());
}

TEST(ResolveReference, FollowsRfc3986Section5) {
  const Url base = *ParseUrl("http://a.example/b/c/d;p?q");
  const std::pair<const char*, const char*> cases[] = {
      {"g", "http://a.example/b/c/g"},
      {"./g", "http://a.example/b/c/g"},
      {"g/", "http://a.example/b/c/g/"},
      {"/g", "http://a.example/g"},
      {"//g.example/x", "http://g.example/x"},
      {"?y", "http://a.example/b/c/d;p?y"},
      {"g?y", "http://a.example/b/c/g?y"},
      {"#s", "http://a.example/b/c/d;p?q"},
      {"", "http://a.example/b/c/d;p?q"},
      {".", "http://a.example/b/c/"},
      {"..", "http://a.example/b/"},
      {"../g", "http://a.example/b/g"},
      {"../../../g", "http://a.example/g"},
      {"/./g", "http://a.example/g"},
      {"  https://a.example:8443/login  ", "https://a.example:8443/login"},
  };
  for (const auto& [ref, want] : cases) {
    auto got = ResolveReference(base, ref);
    ASSERT_TRUE(got) << ref;
    EXPECT_EQ(got->Serialize(), want) << ref;
  }
}

TEST(ResolveReference, KeepsTheBasePortAndRefusesOtherSchemes) {
  const Url base = *ParseUrl("http://127.0.0.1:8080/admin/login/");
  EXPECT_EQ(ResolveReference(base, "/admin/")->Serialize(), "http://127.0.0.1:8080/admin/");
  EXPECT_FALSE(ResolveReference(base, "javascript:alert(1)"));
  EXPECT_FALSE(ResolveReference(base, "mailto:a@b.example"));
}

}  // namespace
}  // namespace knox::cookie
