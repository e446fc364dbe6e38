// Every check, table-driven over the whole registry: each case starts from a site that does
// everything right, changes one thing, and expects exactly the listed ids from RunAll, so a case
// proves both that its check fires and that every other check stays silent. Traps are named cases.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "conformance/checks/attr_checks.h"
#include "conformance/checks/prefix_checks.h"
#include "conformance/checks/registry.h"
#include "conformance/checks/secret_checks.h"

namespace knox::checks {
namespace {

using cookie::SetCookie;

// A distinctive value: no evidence may contain it.
const std::string kValue = "Zq9vXw3Kp0LmN7rT5yU2sA8dF6gH4jK1";

ObservedCookie Cookie(const std::string& header,
                      const std::string& url = "https://app.test/login") {
  auto parsed = cookie::ParseSetCookie(header);
  EXPECT_TRUE(parsed.has_value()) << header;
  ObservedCookie c{.name = parsed ? parsed->name : "", .set_from_url = url};
  c.value_length = parsed ? parsed->value.size() : 0;
  if (parsed) c.attributes = std::move(*parsed);
  return c;
}

std::string SessionHeader(const std::string& attributes) {
  return "__Host-sid=" + kValue + "; " + attributes;
}

const std::string kGoodAttributes = "Secure; HttpOnly; SameSite=Lax; Path=/";

// Everything decided, everything right.
SessionFacts GoodSite() {
  return SessionFacts{
      .https = true,
      .session_cookie = Cookie(SessionHeader(kGoodAttributes)),
      .other_cookies = std::vector<ObservedCookie>{Cookie("theme=dark; Path=/")},
      .kind = SessionKind::kServerId,
      .login_rotates_id = true,
      .fixation = false,
      .logout_clears_cookie = true,
      .logout_invalidates = true,
      .expiry_enforced = true,
      .tamper_rejected = true,
      .readable_fields = std::vector<std::string>{},
      .sensitive_fields = std::vector<std::string>{},
      .weak_secret = WeakSecret{.found = false},
      .entropy_bits = 160,
      .low_entropy = false,
      .session_id_in_url = false,
      .lifetime_s = 0,
  };
}

void SetSessionAttributes(SessionFacts& f, const std::string& attributes) {
  f.session_cookie = Cookie(SessionHeader(attributes));
}

struct Case {
  std::string label;
  std::function<void(SessionFacts&)> change;
  std::vector<std::string> expected_ids;
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.label; }
std::string CaseName(const ::testing::TestParamInfo<Case>& info) { return info.param.label; }

class ChecksTest : public ::testing::TestWithParam<Case> {};

TEST_P(ChecksTest, FiresExactlyTheExpectedChecks) {
  SessionFacts facts = GoodSite();
  GetParam().change(facts);
  std::vector<std::string> fired;
  for (const Finding& f : RunAll(facts)) {
    ASSERT_NE(f.check, nullptr);
    fired.emplace_back(f.check->id);
    EXPECT_FALSE(f.subject.empty()) << f.check->id;
    for (const auto& [key, value] : f.evidence) {
      EXPECT_EQ(value.find(kValue), std::string::npos)
          << f.check->id << " echoes the value in " << key;
    }
  }
  EXPECT_EQ(fired, GetParam().expected_ids);
}

INSTANTIATE_TEST_SUITE_P(Baseline, ChecksTest,
                         ::testing::Values(Case{"GoodSiteIsSilent", [](SessionFacts&) {}, {}},
                                           Case{"EverythingUndecidedIsSilent",
                                                [](SessionFacts& f) { f = SessionFacts{}; },
                                                {}},
                                           Case{"UnparsedAttributesAreSilentForAttributeChecks",
                                                [](SessionFacts& f) {
                                                  f.session_cookie->attributes.reset();
                                                },
                                                {}}),
                         CaseName);

INSTANTIATE_TEST_SUITE_P(
    Attr, ChecksTest,
    ::testing::Values(
        Case{"SecureMissing",
             [](SessionFacts& f) {
               f.session_cookie = Cookie("sid=" + kValue + "; HttpOnly; SameSite=Lax; Path=/");
             },
             {"KNOX-ATTR-001", "KNOX-PREFIX-001"}},
        Case{"NameContainingSecureIsNotSecure",
             [](SessionFacts& f) {
               f.session_cookie = Cookie("secure_x=" + kValue + "; HttpOnly; SameSite=Lax; Path=/");
             },
             {"KNOX-ATTR-001", "KNOX-PREFIX-001"}},
        Case{"SecureAsValueIsNotSecure",
             [](SessionFacts& f) {
               f.session_cookie = Cookie("sid=Secure; HttpOnly; SameSite=Lax; Path=/");
             },
             {"KNOX-ATTR-001", "KNOX-PREFIX-001"}},
        Case{"HttpOnlyMissing",
             [](SessionFacts& f) { SetSessionAttributes(f, "Secure; SameSite=Lax; Path=/"); },
             {"KNOX-ATTR-002"}},
        Case{"BrowserRefusesTheSessionCookie",
             [](SessionFacts& f) {
               f.browser_refuses_session_cookie = true;
               f.browser_refusal = "the cookie's name prefix requires attributes it lacks";
             },
             {"KNOX-ATTR-010"}},
        Case{"BrowserStoresTheSessionCookie",
             [](SessionFacts& f) { f.browser_refuses_session_cookie = false; },
             {}},
        Case{"AttributesAreCaseInsensitive",
             [](SessionFacts& f) {
               SetSessionAttributes(f, "sEcUrE; HTTPONLY; samesite=lax; path=/");
             },
             {}},
        Case{"SameSiteMissing",
             [](SessionFacts& f) { SetSessionAttributes(f, "Secure; HttpOnly; Path=/"); },
             {"KNOX-ATTR-003"}},
        Case{"SameSiteStrictIsFine",
             [](SessionFacts& f) {
               SetSessionAttributes(f, "Secure; HttpOnly; SameSite=Strict; Path=/");
             },
             {}},
        Case{"SameSiteInvalid",
             [](SessionFacts& f) {
               SetSessionAttributes(f, "Secure; HttpOnly; SameSite=Lazy; Path=/");
             },
             {"KNOX-ATTR-004"}},
        Case{"SameSiteNoneWithSecureIsOnlyANote",
             [](SessionFacts& f) {
               SetSessionAttributes(f, "Secure; HttpOnly; SameSite=None; Path=/");
             },
             {"KNOX-ATTR-005"}},
        Case{"SameSiteNoneWithoutSecure",
             [](SessionFacts& f) {
               f.session_cookie = Cookie("sid=" + kValue + "; HttpOnly; SameSite=None; Path=/");
             },
             {"KNOX-ATTR-001", "KNOX-ATTR-006", "KNOX-PREFIX-001"}},
        Case{"DomainSetOnSecurePrefixedCookie",
             [](SessionFacts& f) {
               f.session_cookie =
                   Cookie("__Secure-sid=" + kValue +
                          "; Secure; HttpOnly; SameSite=Lax; Path=/; Domain=app.test");
             },
             {"KNOX-ATTR-007", "KNOX-PREFIX-001"}},
        Case{"CookieTooLargeIsIgnoredByBrowsers",
             [](SessionFacts& f) {
               f.session_cookie = ObservedCookie{.name = "__Host-sid", .value_length = 4100};
             },
             {"KNOX-ATTR-008"}},
        Case{"CookieAtTheLimitIsOnlyClose",
             [](SessionFacts& f) {
               f.session_cookie->value_length = kMaxCookieBytes - f.session_cookie->name.size();
             },
             {"KNOX-ATTR-009"}},
        Case{"CookieJustUnderNearThresholdIsSilent",
             [](SessionFacts& f) {
               f.session_cookie->value_length = kNearCookieBytes - f.session_cookie->name.size();
             },
             {}},
        Case{"SizeAppliesToOtherCookies",
             [](SessionFacts& f) { f.other_cookies->front().value_length = 3500; },
             {"KNOX-ATTR-009"}}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Prefix, ChecksTest,
    ::testing::Values(
        Case{"HostPrefixMissing",
             [](SessionFacts& f) {
               f.session_cookie = Cookie("sid=" + kValue + "; " + kGoodAttributes);
             },
             {"KNOX-PREFIX-001"}},
        Case{"SecurePrefixIsNotHostPrefix",
             [](SessionFacts& f) {
               f.session_cookie = Cookie("__Secure-sid=" + kValue + "; " + kGoodAttributes);
             },
             {"KNOX-PREFIX-001"}},
        Case{"HostPrefixMatchedCaseInsensitively",
             [](SessionFacts& f) {
               f.session_cookie = Cookie("__HOST-sid=" + kValue + "; " + kGoodAttributes);
             },
             {}},
        Case{
            "HostPrefixWithDomainIsViolated",
            [](SessionFacts& f) { SetSessionAttributes(f, kGoodAttributes + "; Domain=app.test"); },
            {"KNOX-ATTR-007", "KNOX-PREFIX-002"}},
        Case{"HostPrefixWithoutPathRootIsViolated",
             [](SessionFacts& f) {
               SetSessionAttributes(f, "Secure; HttpOnly; SameSite=Lax; Path=/app");
             },
             {"KNOX-PREFIX-002"}},
        Case{"HostPrefixWithoutSecureIsViolated",
             [](SessionFacts& f) { SetSessionAttributes(f, "HttpOnly; SameSite=Lax; Path=/"); },
             {"KNOX-ATTR-001", "KNOX-PREFIX-002"}},
        Case{"SecurePrefixWithoutSecureOnAnotherCookie",
             [](SessionFacts& f) { f.other_cookies->push_back(Cookie("__Secure-pref=1; Path=/")); },
             {"KNOX-PREFIX-002"}}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Life, ChecksTest,
    ::testing::Values(
        Case{"TwelveHoursIsFine", [](SessionFacts& f) { f.lifetime_s = 12 * 3600; }, {}},
        Case{"PersistentOverTwelveHours",
             [](SessionFacts& f) { f.lifetime_s = 12 * 3600 + 1; },
             {"KNOX-LIFE-001"}},
        Case{"ThirtyDaysIsStillOnlyANote",
             [](SessionFacts& f) { f.lifetime_s = 30 * 24 * 3600; },
             {"KNOX-LIFE-001"}},
        Case{"OverThirtyDays",
             [](SessionFacts& f) { f.lifetime_s = 400LL * 24 * 3600; },
             {"KNOX-LIFE-002"}},
        Case{"ExpiryNotEnforced",
             [](SessionFacts& f) { f.expiry_enforced = false; },
             {"KNOX-LIFE-003"}}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Sess, ChecksTest,
    ::testing::Values(Case{"NoRotationAtLogin",
                           [](SessionFacts& f) { f.login_rotates_id = false; },
                           {"KNOX-SESS-001"}},
                      Case{"Fixation",
                           [](SessionFacts& f) {
                             f.login_rotates_id = false;
                             f.fixation = true;
                           },
                           {"KNOX-SESS-001", "KNOX-SESS-002"}},
                      Case{"LogoutNotInvalidating",
                           [](SessionFacts& f) { f.logout_invalidates = false; },
                           {"KNOX-SESS-003"}},
                      Case{"LogoutNotClearing",
                           [](SessionFacts& f) { f.logout_clears_cookie = false; },
                           {"KNOX-SESS-004"}},
                      Case{"SessionIdInUrl",
                           [](SessionFacts& f) { f.session_id_in_url = true; },
                           {"KNOX-SESS-005"}},
                      Case{
                          "PlainHttp", [](SessionFacts& f) { f.https = false; }, {"KNOX-SESS-006"}},
                      Case{"PlainHttpWithoutSessionCookieIsSilent",
                           [](SessionFacts& f) {
                             f.https = false;
                             f.session_cookie.reset();
                           },
                           {}}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Token, ChecksTest,
    ::testing::Values(Case{"TamperingAccepted",
                           [](SessionFacts& f) {
                             f.kind = SessionKind::kSignedPayload;
                             f.tamper_rejected = false;
                           },
                           {"KNOX-TOKEN-001"}},
                      Case{"UnsignedAndAcceptedReportedOnce",
                           [](SessionFacts& f) {
                             f.kind = SessionKind::kUnsignedPayload;
                             f.tamper_rejected = false;
                           },
                           {"KNOX-TOKEN-002"}},
                      Case{"UnsignedButModificationRefused",
                           [](SessionFacts& f) { f.kind = SessionKind::kUnsignedPayload; },
                           {}},
                      Case{"SensitivePayload",
                           [](SessionFacts& f) {
                             f.kind = SessionKind::kSignedPayload;
                             f.readable_fields =
                                 std::vector<std::string>{"user_id", "password_hash"};
                             f.sensitive_fields = std::vector<std::string>{"password_hash"};
                           },
                           {"KNOX-TOKEN-003"}},
                      Case{"ReadableButNothingSensitive",
                           [](SessionFacts& f) {
                             f.kind = SessionKind::kSignedPayload;
                             f.readable_fields = std::vector<std::string>{"user_id"};
                           },
                           {}}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    EntropyAndSecret, ChecksTest,
    ::testing::Values(
        Case{"LowEntropyFlag", [](SessionFacts& f) { f.low_entropy = true; }, {"KNOX-ENTROPY-001"}},
        Case{"BelowSixtyFourBits",
             [](SessionFacts& f) {
               f.entropy_bits = 40;
               f.low_entropy.reset();
             },
             {"KNOX-ENTROPY-001"}},
        Case{"BelowOneHundredTwentyEightIsANote",
             [](SessionFacts& f) { f.entropy_bits = 96; },
             {"KNOX-ENTROPY-002"}},
        Case{"ExactlyOneHundredTwentyEight", [](SessionFacts& f) { f.entropy_bits = 128; }, {}},
        Case{"NaNEstimateIsUndecided", [](SessionFacts& f) { f.entropy_bits = std::nan(""); }, {}},
        Case{"WeakSecretFound",
             [](SessionFacts& f) {
               f.kind = SessionKind::kSignedPayload;
               f.format = "flask";
               f.weak_secret = WeakSecret{.found = true, .length = 6};
             },
             {"KNOX-SECRET-001"}}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(Robust, ChecksTest,
                         ::testing::Values(Case{"ServerErrorOnTamper",
                                                [](SessionFacts& f) {
                                                  f.tamper_server_errors =
                                                      std::vector<std::string>{"mac-bit-flip"};
                                                },
                                                {"KNOX-ROBUST-001"}},
                                           Case{"NoServerError",
                                                [](SessionFacts& f) {
                                                  f.tamper_server_errors =
                                                      std::vector<std::string>{};
                                                },
                                                {}}),
                         CaseName);

TEST(Evidence, NamesTheCookieAndLengthNotTheValue) {
  SessionFacts facts = GoodSite();
  SetSessionAttributes(facts, "HttpOnly; SameSite=Lax; Path=/; Domain=app.test");
  auto findings = CheckPrefixViolated(facts);
  ASSERT_EQ(findings.size(), 1u);
  const auto& ev = findings[0].evidence;
  auto has = [&](const std::string& k, const std::string& v) {
    return std::find(ev.begin(), ev.end(), std::pair{k, v}) != ev.end();
  };
  EXPECT_EQ(findings[0].subject, "__Host-sid");
  EXPECT_TRUE(has("cookie", "__Host-sid"));
  EXPECT_TRUE(has("value_length", std::to_string(kValue.size())));
  EXPECT_TRUE(has("set_from", "https://app.test/login"));
  EXPECT_TRUE(has("domain", "app.test"));
  EXPECT_TRUE(has("secure", "no"));
}

TEST(Evidence, WeakSecretGivesLengthAndFormat) {
  SessionFacts facts = GoodSite();
  facts.format = "flask";
  facts.weak_secret = WeakSecret{.found = true, .length = 6};
  auto findings = RunAll(facts);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].check, &kWeakSecret);
  EXPECT_EQ(findings[0].subject, "session");
  EXPECT_EQ(findings[0].evidence,
            (std::vector<std::pair<std::string, std::string>>{
                {"cookie", "__Host-sid"}, {"format", "flask"}, {"secret_length", "6"}}));
}

}  // namespace
}  // namespace knox::checks
