// The deciders on hand-made observations: every decision and every way of staying undecided.
#include "conformance/flows/deciders.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "conformance/flows/weak_secret.h"
#include "core/base/hex.h"
#include "core/cookie/cookie_date.h"
#include "core/crypto/random.h"
#include "core/token/registry.h"

namespace knox::flows {
namespace {

using checks::SessionKind;

constexpr int64_t kNow = 1'700'000'000;

Result<Access> Granted(int status = 200) { return Access{.granted = true, .status = status}; }
Result<Access> Refused(int status = 401) { return Access{.granted = false, .status = status}; }
Error Down() { return Error{ErrorCode::kUnavailable, "connection refused"}; }
Result<Access> FailedAccess() { return std::unexpected(Down()); }
Result<void> FailedStep() { return std::unexpected(Down()); }

SetCookieSeen Seen(std::string line, std::optional<int64_t> date = std::nullopt) {
  return {
      .url = "https://app.test/login", .line = std::move(line), .date = date, .received_at = kNow};
}

std::string RandomHex(size_t bytes) {
  auto random = crypto::RandomBytes(bytes);
  EXPECT_TRUE(random);
  return HexEncode(*random);
}

std::string Sign(std::string_view format, std::string_view secret, std::string_view value) {
  auto codec = token::FindCodec(format);
  EXPECT_TRUE(codec);
  token::Options options;
  options.secrets.emplace_back(secret);
  auto signer = (*codec)->NewSigner(options);
  EXPECT_TRUE(signer);
  auto signed_token = (*signer)->Sign(value);
  EXPECT_TRUE(signed_token);
  return signed_token->token;
}

TokenView ServerId(std::string id = "0123456789abcdef0123456789abcdef") {
  return InspectToken("sid", id, {{"sid", id}});
}

TokenView Flask(std::string_view secret = "secret") {
  const std::string t = Sign("flask", secret, R"({"role":"admin","user":"alice"})");
  return InspectToken("session", t, {{"session", t}});
}

// ---- Attributes --------------------------------------------------------------------------------

TEST(DecideSessionCookie, ReadsTheAttributesAsABrowserDoes) {
  auto d = DecideSessionCookie(
      Seen("sid=abc123; Path=/; Max-Age=600; Secure; HttpOnly; SameSite=Strict"));
  EXPECT_EQ(d.cookie.name, "sid");
  EXPECT_EQ(d.cookie.value_length, 6u);
  EXPECT_EQ(d.cookie.set_from_url, "https://app.test/login");
  ASSERT_TRUE(d.cookie.attributes);
  EXPECT_TRUE(d.cookie.attributes->secure);
  EXPECT_TRUE(d.cookie.attributes->http_only);
  EXPECT_EQ(d.cookie.attributes->same_site, cookie::SameSite::kStrict);
  EXPECT_EQ(d.cookie.attributes->path, "/");
  EXPECT_EQ(d.lifetime_s, 600);

  auto bare = DecideSessionCookie(Seen("sid=abc123"));
  ASSERT_TRUE(bare.cookie.attributes);
  EXPECT_FALSE(bare.cookie.attributes->secure);
  EXPECT_FALSE(bare.cookie.attributes->http_only);
  EXPECT_FALSE(bare.cookie.attributes->same_site);
  EXPECT_EQ(bare.lifetime_s, 0);  // a browser-session cookie
}

TEST(DecideSessionCookie, ExpiresCountsFromTheResponseDateElseFromReceipt) {
  const std::string expires = *cookie::FormatCookieDate(kNow + 3600);
  EXPECT_EQ(DecideSessionCookie(Seen("sid=a; Expires=" + expires, kNow - 100)).lifetime_s, 3700);
  EXPECT_EQ(DecideSessionCookie(Seen("sid=a; Expires=" + expires)).lifetime_s, 3600);
  // Max-Age wins over Expires.
  EXPECT_EQ(DecideSessionCookie(Seen("sid=a; Expires=" + expires + "; Max-Age=5")).lifetime_s, 5);
}

TEST(DecideSessionCookie, ALineBrowsersIgnoreHasNoAttributes) {
  const std::string value(5000, 'x');
  auto d = DecideSessionCookie(Seen("sid=" + value + "; Secure"));
  EXPECT_EQ(d.cookie.name, "sid");
  EXPECT_FALSE(d.cookie.attributes);
  EXPECT_EQ(d.cookie.value_length, value.size() + std::string("; Secure").size());
  EXPECT_EQ(d.lifetime_s, 0);
}

TEST(DecideOtherCookies, FirstLinePerNameWithoutTheSessionOrDeletions) {
  const std::vector<SetCookieSeen> seen = {Seen("zeta=1; Secure"),   Seen("sid=s1"),
                                           Seen("csrf=; Max-Age=0"), Seen("zeta=2"),
                                           Seen("csrf=t; HttpOnly"), Seen("alpha=x")};
  auto others = DecideOtherCookies(seen, "sid");
  ASSERT_EQ(others.size(), 3u);
  EXPECT_EQ(others[0].name, "alpha");
  EXPECT_EQ(others[1].name, "csrf");  // the deletion was skipped, the later line kept
  EXPECT_TRUE(others[1].attributes->http_only);
  EXPECT_EQ(others[2].name, "zeta");
  EXPECT_TRUE(others[2].attributes->secure);  // the first line seen
  EXPECT_EQ(DecideOtherCookies(seen, "").size(), 4u);
}

TEST(IdentificationOrder, ChangedFirstCompanionsLast) {
  const CookiePairs before = {{"theme", "dark"}, {"sid", "anon"}};
  const CookiePairs after = {
      {"theme", "dark"}, {"session.sig", "m"}, {"sid", "new"}, {"session", "t"}};
  EXPECT_EQ(IdentificationOrder(before, after),
            (std::vector<std::string>{"sid", "session", "theme", "session.sig"}));
}

// ---- Kind and readable fields ------------------------------------------------------------------

TEST(DecideKind, IsTheInspectedKindExceptForUnsignedCandidates) {
  TamperDecision refused{.rejected = Decision<bool>::Of(true)};
  EXPECT_EQ(DecideKind(ServerId(), refused).value, SessionKind::kServerId);
  EXPECT_EQ(DecideKind(Flask(), refused).value, SessionKind::kSignedPayload);

  TokenView readable{.name = "s",
                     .value = "eyJ1c2VyIjoiYWxpY2UifQ==",
                     .kind = SessionKind::kUnsignedPayload,
                     .unsigned_candidate = true};
  TamperDecision accepted{.rejected = Decision<bool>::Of(false), .accepted = {"modified-payload"}};
  EXPECT_EQ(DecideKind(readable, accepted).value, SessionKind::kUnsignedPayload);
  auto d = DecideKind(readable, refused);
  EXPECT_FALSE(d.decided());
  EXPECT_EQ(d.undecided, "readable JSON without a MAC, but modified values were refused");
  // Tampering undecided: the candidate stays what InspectToken read.
  TamperDecision undecided{.rejected = Decision<bool>::Undecided("x")};
  EXPECT_EQ(DecideKind(readable, undecided).value, SessionKind::kUnsignedPayload);
}

TEST(DecideFields, ReadableAndSensitiveFieldsOfAPayload) {
  auto flask = DecideFields(Flask(), std::nullopt);
  EXPECT_EQ(flask.readable, (std::vector<std::string>{"role", "user"}));
  EXPECT_EQ(flask.sensitive, (std::vector<std::string>{"role", "user"}));
  EXPECT_TRUE(flask.carried_over.empty());
  auto id = DecideFields(ServerId(), std::nullopt);
  EXPECT_TRUE(id.readable.empty());
  EXPECT_TRUE(id.sensitive.empty());
}

// Keys the anonymous session already held (a visit counter) are not the login's data.
TEST(DecideFields, PreLoginKeysAreCarriedOverNotReadable) {
  const std::string pre = Sign("flask", "secret", R"({"visits":3})");
  const std::string post = Sign("flask", "secret", R"({"role":"admin","user":"alice","visits":3})");
  const TokenView pre_view = InspectToken("session", pre, {{"session", pre}});
  const TokenView post_view = InspectToken("session", post, {{"session", post}});
  auto d = DecideFields(post_view, pre_view);
  EXPECT_EQ(d.readable, (std::vector<std::string>{"role", "user"}));
  EXPECT_EQ(d.carried_over, (std::vector<std::string>{"visits"}));
  EXPECT_EQ(CarriedOverFields(pre_view, post_view), (std::vector<std::string>{"visits"}));
  // An opaque pre-login id carries nothing over.
  EXPECT_TRUE(CarriedOverFields(ServerId(), post_view).empty());
}

// ---- Browser refusal ---------------------------------------------------------------------------

TEST(DecideBrowserRefusal, NamesTheRuleABrowserApplies) {
  auto stored = DecideBrowserRefusal(std::nullopt);
  ASSERT_TRUE(stored.value);
  EXPECT_FALSE(stored.value->refused);
  auto prefix = DecideBrowserRefusal(cookie::StoreStatus::kPrefixViolation);
  ASSERT_TRUE(prefix.value);
  EXPECT_TRUE(prefix.value->refused);
  EXPECT_EQ(prefix.value->rule, cookie::StoreStatusText(cookie::StoreStatus::kPrefixViolation));
  EXPECT_FALSE(prefix.value->rule.empty());
}

// ---- Fixation and rotation ---------------------------------------------------------------------

FixationObservation CompletedFixation(bool issued, Result<Access> attacker,
                                      std::optional<std::string> after = "fresh-id-0123456789") {
  return {.issued = issued,
          .planted = "planted-id-0123456789",
          .victim = Granted(),
          .after_login = std::move(after),
          .attacker = std::move(attacker)};
}

TEST(DecideFixation, TheAttackersPreLoginValueAfterTheLogin) {
  auto vulnerable = DecideFixation(CompletedFixation(true, Granted()));
  EXPECT_EQ(vulnerable.value, true);
  EXPECT_EQ(vulnerable.note, "fixation: server-issued pre-login id was authenticated by the login");
  auto safe = DecideFixation(CompletedFixation(false, Refused()));
  EXPECT_EQ(safe.value, false);
  EXPECT_EQ(safe.note, "fixation: planted pre-login id was not authenticated by the login");
}

// A login refused while carrying a foreign session (a CSRF token bound to another session) is no
// evidence: both facts stay undecided, never "no fixation, rotates".
TEST(DecideFixation, ARefusedLoginDecidesNothing) {
  FixationObservation refused = CompletedFixation(false, Refused());
  refused.victim = Refused(403);
  auto fixation = DecideFixation(refused);
  EXPECT_FALSE(fixation.decided());
  EXPECT_NE(fixation.undecided.find("did not succeed (the protected path answered 403"),
            std::string::npos);
  auto rotation = DecideRotation(refused);
  EXPECT_FALSE(rotation.decided());
  EXPECT_EQ(rotation.undecided, fixation.undecided);
}

TEST(DecideFixation, UndecidedWhenAStepFailed) {
  auto visit = DecideFixation({.visit = FailedStep()});
  EXPECT_FALSE(visit.decided());
  EXPECT_EQ(visit.undecided, "the pre-login visit failed: unavailable: connection refused");
  EXPECT_TRUE(visit.note.empty());

  EXPECT_EQ(DecideFixation({}).undecided, "there is no session value to carry into the login");

  FixationObservation login{.planted = "p", .login = FailedStep()};
  EXPECT_EQ(DecideFixation(login).undecided,
            "the login with the pre-login session failed: unavailable: connection refused");

  FixationObservation victim{.planted = "p", .victim = FailedAccess()};
  EXPECT_EQ(DecideFixation(victim).undecided,
            "the login with the pre-login session could not be checked: unavailable: connection "
            "refused");

  auto attacker = DecideFixation(CompletedFixation(true, FailedAccess()));
  EXPECT_FALSE(attacker.decided());
  EXPECT_EQ(attacker.undecided, "the protected request failed: unavailable: connection refused");

  FixationObservation unsent{.planted = "p", .victim = Granted()};
  EXPECT_EQ(DecideFixation(unsent).undecided, "the attacker's request was not sent");
}

// Rotation for every kind: the value after the login differs from the one carried in.
TEST(DecideRotation, ComparesTheCookieAfterTheLoginWithThePreLoginValue) {
  auto rotated = DecideRotation(CompletedFixation(true, Refused()));
  EXPECT_EQ(rotated.value, true);
  EXPECT_EQ(rotated.note,
            "login_rotates_id: the server-issued pre-login value was replaced at login");
  auto kept = DecideRotation(CompletedFixation(false, Granted(), "planted-id-0123456789"));
  EXPECT_EQ(kept.value, false);
  EXPECT_EQ(kept.note, "login_rotates_id: the planted pre-login value was kept through the login");
  // The login deleted the cookie: the pre-login value is gone, so it was replaced.
  EXPECT_EQ(DecideRotation(CompletedFixation(false, Refused(), std::nullopt)).value, true);
}

TEST(DecideRotation, ANewValueThatLeavesThePreLoginValueLoggedInIsNoRotation) {
  // Laravel's encrypted session id without regenerate(): every response re-encrypts the same id
  // with a new IV, so the value changes, and the pre-login value still logs in.
  auto reencrypted = DecideRotation(CompletedFixation(true, Granted()));
  EXPECT_EQ(reencrypted.value, false);
  EXPECT_EQ(reencrypted.note,
            "login_rotates_id: the server-issued pre-login value changed at login, but still logs "
            "in: the session behind it was kept");
  auto kept = DecideRotation(CompletedFixation(true, Granted(), "planted-id-0123456789"));
  EXPECT_EQ(kept.value, false);
  EXPECT_EQ(kept.note,
            "login_rotates_id: the server-issued pre-login value was kept through the login");
  // The attacker's request failed: the value comparison alone decides.
  EXPECT_EQ(DecideRotation(CompletedFixation(true, FailedAccess())).value, true);
}

// ---- Tampering ---------------------------------------------------------------------------------

TEST(DecideTamper, RejectedWhenEveryVariantIsRefused) {
  auto d = DecideTamper(
      {.control = Granted(), .tries = {{"mac-bit-flip", Refused()}, {"unsigned", Refused(500)}}});
  EXPECT_EQ(d.rejected.value, true);
  EXPECT_TRUE(d.accepted.empty());
  EXPECT_EQ(d.server_errors, (std::vector<std::string>{"unsigned"}));
}

TEST(DecideTamper, AcceptedVariantsAreListed) {
  auto d = DecideTamper(
      {.control = Granted(),
       .tries = {
           {"mac-bit-flip", Granted()}, {"wrong-key-resign", Refused()}, {"unsigned", Granted()}}});
  EXPECT_EQ(d.rejected.value, false);
  EXPECT_EQ(d.accepted, (std::vector<std::string>{"mac-bit-flip", "unsigned"}));
  EXPECT_TRUE(d.server_errors.empty());
}

TEST(DecideTamper, UndecidedCases) {
  for (Result<Access> control : {Refused(), FailedAccess()}) {
    auto d = DecideTamper({.control = control, .tries = {{"mac-bit-flip", Granted()}}});
    EXPECT_FALSE(d.rejected.decided());
    EXPECT_EQ(d.rejected.undecided, "the unmodified cookies were not accepted when replayed");
    EXPECT_TRUE(d.accepted.empty());
  }
  EXPECT_EQ(DecideTamper({.control = Granted()}).rejected.undecided,
            "no modification applies to this value");
  auto failed = DecideTamper(
      {.control = Granted(), .tries = {{"mac-bit-flip", Granted()}, {"unsigned", FailedAccess()}}});
  EXPECT_FALSE(failed.rejected.decided());
  EXPECT_EQ(failed.rejected.undecided,
            "a tampered request failed: unavailable: connection refused");
  EXPECT_EQ(failed.accepted, (std::vector<std::string>{"mac-bit-flip"}));  // kept as evidence
}

// ---- Logout ------------------------------------------------------------------------------------

TEST(DecideLogout, ClearsAndInvalidates) {
  auto d = DecideLogout({.value = "v1", .after = std::nullopt, .replay = Refused()});
  EXPECT_EQ(d.clears_cookie.value, true);
  EXPECT_EQ(d.invalidates.value, true);
  auto overwritten = DecideLogout({.value = "v1", .after = "v2", .replay = Refused(302)});
  EXPECT_EQ(overwritten.clears_cookie.value, true);
}

TEST(DecideLogout, OnlyDeletingTheCookieLeavesTheSessionValid) {
  auto d = DecideLogout({.value = "v1", .after = std::nullopt, .replay = Granted()});
  EXPECT_EQ(d.clears_cookie.value, true);
  EXPECT_EQ(d.invalidates.value, false);
  auto nothing = DecideLogout({.value = "v1", .after = "v1", .replay = Granted()});
  EXPECT_EQ(nothing.clears_cookie.value, false);
  EXPECT_EQ(nothing.invalidates.value, false);
}

TEST(DecideLogout, UndecidedWhenTheLogoutOrTheReplayFails) {
  auto d = DecideLogout({.value = "v1", .logout = FailedStep()});
  EXPECT_FALSE(d.clears_cookie.decided());
  EXPECT_EQ(d.clears_cookie.undecided,
            "the logout request failed: unavailable: connection refused");
  EXPECT_FALSE(d.invalidates.decided());
  EXPECT_EQ(d.invalidates.undecided, "the logout request failed");

  auto replay = DecideLogout({.value = "v1", .after = std::nullopt, .replay = FailedAccess()});
  EXPECT_EQ(replay.clears_cookie.value, true);
  EXPECT_FALSE(replay.invalidates.decided());
  EXPECT_EQ(replay.invalidates.undecided, "the replay failed: unavailable: connection refused");
}

// ---- Entropy -----------------------------------------------------------------------------------

TEST(DecideEntropy, RandomIdsAreNotLow) {
  EntropyObservation o;
  for (int i = 0; i < 20; ++i) o.ids.push_back(RandomHex(16));
  auto d = DecideEntropy(o, kNow);
  ASSERT_TRUE(d.decided()) << d.undecided;
  EXPECT_FALSE(d.value->low);
  EXPECT_GE(d.value->bits, 64);
  EXPECT_EQ(d.value->report.samples, 20u);
  EXPECT_TRUE(d.note.empty());
}

TEST(DecideEntropy, ACounterIsLow) {
  EntropyObservation o;
  for (int i = 1; i <= 20; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "sess%06d", i);
    o.ids.emplace_back(id);
  }
  auto d = DecideEntropy(o, kNow);
  ASSERT_TRUE(d.decided()) << d.undecided;
  EXPECT_TRUE(d.value->low);
  EXPECT_LT(d.value->bits, 64);
}

TEST(DecideEntropy, ClientSideOrTooFewSamples) {
  auto client_side = DecideEntropy({}, kNow);
  EXPECT_FALSE(client_side.decided());
  EXPECT_EQ(client_side.undecided, "the cookie shows no random id: a signed or encrypted payload");

  auto one = DecideEntropy({.ids = {RandomHex(16)}, .sampling_failure = Down()}, kNow);
  EXPECT_FALSE(one.decided());
  EXPECT_FALSE(one.undecided.empty());
  EXPECT_EQ(one.note, "entropy: a sampling login failed: unavailable: connection refused");
}

// ---- Expiry ------------------------------------------------------------------------------------

TEST(PlanExpiry, WaitForgeOrNothing) {
  EXPECT_EQ(PlanExpiry(10, 30, false).method, ExpiryMethod::kWait);
  EXPECT_EQ(PlanExpiry(10, 30, false).seconds, 12);
  EXPECT_EQ(PlanExpiry(30, 30, true).method, ExpiryMethod::kWait);
  EXPECT_EQ(PlanExpiry(31, 30, true).method, ExpiryMethod::kForge);
  EXPECT_EQ(PlanExpiry(3600, 30, true).seconds, 3660);
  EXPECT_EQ(PlanExpiry(0, 30, true).seconds, 400LL * 24 * 3600);
  EXPECT_EQ(PlanExpiry(3600, 30, false).method, ExpiryMethod::kNone);
  EXPECT_EQ(PlanExpiry(0, 30, false).method, ExpiryMethod::kNone);
}

TEST(DecideExpiry, Waited) {
  const ExpiryPlan wait = PlanExpiry(10, 30, false);
  auto enforced = DecideExpiry({.lifetime = 10, .plan = wait, .replay = Refused()});
  EXPECT_EQ(enforced.enforced.value, true);
  EXPECT_EQ(enforced.method, "waited 12 s (lifetime 10 s) and replayed the cookie");
  EXPECT_EQ(DecideExpiry({.lifetime = 10, .plan = wait, .replay = Granted()}).enforced.value,
            false);
  auto login = DecideExpiry({.lifetime = 10, .plan = wait, .login = FailedStep()});
  EXPECT_EQ(login.enforced.undecided, "the login before waiting failed");
  EXPECT_FALSE(login.method);
  auto replay = DecideExpiry({.lifetime = 10, .plan = wait, .replay = FailedAccess()});
  EXPECT_EQ(replay.enforced.undecided, "the request after waiting failed");
}

TEST(DecideExpiry, Forged) {
  const ExpiryPlan forge = PlanExpiry(3600, 30, true);
  auto d = DecideExpiry({.lifetime = 3600, .plan = forge, .replay = Refused()});
  EXPECT_EQ(d.enforced.value, true);
  EXPECT_EQ(d.method, "forged a token issued 3660 s ago with the cracked secret");
  // No token could be forged (nothing sent): as undecided as without a secret.
  auto unsent = DecideExpiry({.lifetime = 3600, .plan = forge});
  EXPECT_EQ(unsent.enforced.undecided,
            "the lifetime (3600 s) is longer than --max-wait and no secret was found");
}

TEST(DecideExpiry, UndecidedWithoutAWayToTest) {
  auto longer = DecideExpiry({.lifetime = 3600, .plan = PlanExpiry(3600, 30, false)});
  EXPECT_FALSE(longer.enforced.decided());
  EXPECT_EQ(longer.enforced.undecided,
            "the lifetime (3600 s) is longer than --max-wait and no secret was found");
  auto browser_session = DecideExpiry({.lifetime = 0, .plan = PlanExpiry(0, 30, false)});
  EXPECT_EQ(browser_session.enforced.undecided,
            "browser-session cookie: not probed (no idle probe: --idle-probe 0) and no secret was "
            "found to forge an old token");
}

TEST(PlanExpiry, IdleProbeOnlyForBrowserSessionCookiesWithoutAForgery) {
  EXPECT_EQ(PlanExpiry(0, 30, false, 20).method, ExpiryMethod::kIdle);
  EXPECT_EQ(PlanExpiry(0, 30, false, 20).seconds, 20);
  EXPECT_EQ(PlanExpiry(0, 30, true, 20).method, ExpiryMethod::kForge);
  EXPECT_EQ(PlanExpiry(3600, 30, false, 20).method, ExpiryMethod::kNone);
  EXPECT_EQ(PlanExpiry(0, 30, false, 0).method, ExpiryMethod::kNone);
}

TEST(DecideExpiry, IdleProbe) {
  const ExpiryPlan idle = PlanExpiry(0, 30, false, 20);
  auto refused = DecideExpiry({.plan = idle, .replay = Refused()});
  EXPECT_EQ(refused.enforced.value, true);
  EXPECT_EQ(refused.method,
            "kept a browser-session cookie unused 20 s and replayed it: refused (an idle timeout "
            "of at most 20 s)");
  // Still accepted: no evidence against a longer idle timeout, so nothing is decided.
  auto accepted = DecideExpiry({.plan = idle, .replay = Granted()});
  EXPECT_FALSE(accepted.enforced.decided());
  EXPECT_EQ(accepted.enforced.undecided,
            "browser-session cookie still accepted after 20 s unused: an idle timeout, if any, is "
            "longer (probe longer with --idle-probe)");
  EXPECT_EQ(DecideExpiry({.plan = idle, .login = FailedStep()}).enforced.undecided,
            "the login before the idle probe failed");
  EXPECT_EQ(DecideExpiry({.plan = idle, .replay = FailedAccess()}).enforced.undecided,
            "the request after the idle probe failed");
}

// ---- Id in URL ---------------------------------------------------------------------------------

net::Exchange Exchanged(std::string url, std::optional<std::string> location = std::nullopt) {
  net::Response r{.status = location ? 303 : 200};
  if (location) r.headers.emplace_back("location", *location);
  return {.request = {.url = std::move(url)}, .response = std::move(r)};
}

TEST(DecideIdInUrl, SearchesRequestUrlsAndLocations) {
  const std::string id = "a1b2c3d4e5f6";
  std::vector<net::Exchange> clean = {Exchanged("https://app.test/"),
                                      Exchanged("https://app.test/login", "/me")};
  EXPECT_EQ(DecideIdInUrl(clean, id).value, false);
  auto in_location = clean;
  in_location.push_back(Exchanged("https://app.test/login", "/me?sid=" + id));
  EXPECT_EQ(DecideIdInUrl(in_location, id).value, true);
  auto in_url = clean;
  in_url.push_back({.request = {.url = "https://app.test/me;jsessionid=" + id},
                    .response = std::unexpected(Down())});
  EXPECT_EQ(DecideIdInUrl(in_url, id).value, true);
  auto short_needle = DecideIdInUrl(in_location, "a1b2c3d");
  EXPECT_FALSE(short_needle.decided());
  EXPECT_EQ(short_needle.undecided, "the session value is too short to search for");
}

// ---- Weak secret -------------------------------------------------------------------------------

TEST(DecideWeakSecret, FindsABundledSecret) {
  auto d = DecideWeakSecret(Flask("secret"), {});
  ASSERT_TRUE(d.weak_secret.decided()) << d.weak_secret.undecided;
  EXPECT_TRUE(d.weak_secret.value->found);
  EXPECT_EQ(d.weak_secret.value->length, 6u);
  EXPECT_EQ(d.sha256_prefix, Sha256Prefix("secret"));
  EXPECT_FALSE(d.secret);  // not without show_secrets
  EXPECT_EQ(d.format, "flask");
  ASSERT_TRUE(d.found);
  EXPECT_EQ(d.found->secret.reveal(), "secret");

  auto shown = DecideWeakSecret(Flask("secret"), {.show_secrets = true});
  EXPECT_EQ(shown.secret, "secret");
}

// A cookie of Rack 2.2's Rack::Session::Cookie (secret "change_me", Marshal coder) as the
// rack-cookie-insecure target sent it: its session_id is a US-ASCII Ruby String, which knox's
// JSON rendering re-signs as UTF-8, so re-signing cannot reproduce it; the MAC proves the secret.
TEST(DecideWeakSecret, AVerifiedMacCountsWhenReSigningCannotReproduceTheCookie) {
  const std::string value =
      "BAh7CEkiD3Nlc3Npb25faWQGOgZFVG86HVJhY2s6OlNlc3Npb246OlNlc3Npb25JZAY6D0BwdWJsaWNfaWRJIkUy"
      "NDJkODRjM2M5NjlhYTRhMGJhNDRlMzIyM2RhM2Y2M2UyYTYxODU4NjMwNWQ3MTg4NjU1NTQwYWE3OTM2YTdlBjsA"
      "RkkiCXVzZXIGOwBUSSIKYWxpY2UGOwBUSSIJcm9sZQY7AFRJIgphZG1pbgY7AFQ%3D--1907f1061fee444cfa71"
      "a32018989064872768b9";
  auto d = DecideWeakSecret(InspectToken("rack.session", value, {{"rack.session", value}}), {});
  ASSERT_TRUE(d.weak_secret.decided()) << d.weak_secret.undecided;
  EXPECT_TRUE(d.weak_secret.value->found);
  EXPECT_EQ(d.weak_secret.value->length, 9u);
  EXPECT_EQ(d.sha256_prefix, Sha256Prefix("change_me"));
  EXPECT_EQ(d.format, "rack");
  EXPECT_TRUE(d.weak_secret.note.find("does not reproduce") != std::string::npos)
      << d.weak_secret.note;
  EXPECT_FALSE(d.found);  // nothing is forged with a signer that writes the payload differently
}

TEST(DecideWeakSecret, AStrongSecretIsNotFound) {
  const std::string strong = RandomHex(32);
  auto d = DecideWeakSecret(Flask(strong), {});
  ASSERT_TRUE(d.weak_secret.decided()) << d.weak_secret.undecided;
  EXPECT_FALSE(d.weak_secret.value->found);
  EXPECT_FALSE(d.found);
  EXPECT_FALSE(d.sha256_prefix);
  const std::string& note = d.weak_secret.note;
  EXPECT_TRUE(note.starts_with("weak secret: ")) << note;
  EXPECT_TRUE(note.ends_with(" candidates tried, none signs the token")) << note;
  EXPECT_GT(std::stoull(note.substr(13)), 100u) << note;  // the whole bundled list, with rules
}

TEST(DecideWeakSecret, TheWordlistIsSearchedAfterTheBundledList) {
  const std::string strong = RandomHex(32);
  const std::string path = ::testing::TempDir() + "/knox_deciders_wordlist.txt";
  {
    std::ofstream out(path);
    out << "not-it\n" << strong << "\n";
  }
  auto d = DecideWeakSecret(Flask(strong), {.wordlist_path = path});
  ASSERT_TRUE(d.weak_secret.decided()) << d.weak_secret.undecided;
  EXPECT_TRUE(d.weak_secret.value->found);
  EXPECT_EQ(d.weak_secret.value->length, strong.size());

  auto missing = DecideWeakSecret(Flask(strong), {.wordlist_path = path + ".missing"});
  EXPECT_FALSE(missing.weak_secret.decided());
  EXPECT_EQ(missing.weak_secret.undecided, "cannot read the wordlist");
}

TEST(DecideWeakSecret, OnlySignedTokensHaveASecret) {
  auto d = DecideWeakSecret(ServerId(), {});
  EXPECT_FALSE(d.weak_secret.decided());
  EXPECT_EQ(d.weak_secret.undecided, "no signing format applies to the session cookie");
}

}  // namespace
}  // namespace knox::flows
