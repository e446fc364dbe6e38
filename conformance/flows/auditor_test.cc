// RunAudit end to end over the in-memory FakeApp: exact facts, notes and undecided reasons for
// several app behaviours, with time kept by a FakeClock that the audit's injected sleep advances.
#include "conformance/flows/auditor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "conformance/checks/registry.h"
#include "conformance/flows/audit_report.h"
#include "conformance/flows/fake_app.h"
#include "core/base/hex.h"
#include "core/crypto/random.h"

namespace knox::flows {
namespace {

using checks::SessionKind;
using Undecided = std::vector<std::pair<std::string, std::string>>;
using Strings = std::vector<std::string>;

constexpr int64_t kStart = 1'700'000'000;
constexpr char kNotSigned[] = "no signing format applies to the session cookie";

profile::Profile Credentials() {
  profile::Profile p;
  p.user = "alice";
  p.password = "wonderland";
  return p;
}

// One audit of one FakeApp: the app, the driver over it, and options whose sleep advances the
// clock both sides read.
class Audit {
 public:
  explicit Audit(FakeAppConfig config, const std::string& base = "https://app.test/",
                 profile::Profile profile = Credentials())
      : profile_(std::move(profile)),
        app_(std::move(config), clock_),
        driver_(app_, profile_, *cookie::ParseUrl(base), clock_) {
    options.max_wait_seconds = 30;
    options.samples = 20;
    options.sleep = [this](int seconds) {
      slept.push_back(seconds);
      if (advance_clock) clock_.AdvanceMillis(int64_t{seconds} * 1000);
    };
  }
  Audit(const Audit&) = delete;
  Audit& operator=(const Audit&) = delete;

  AuditOutcome Run() {
    auto out = RunAudit(driver_, options);
    EXPECT_TRUE(out) << out.error().message;
    return out ? std::move(*out) : AuditOutcome{};
  }
  FakeApp& app() { return app_; }
  const profile::Profile& profile() const { return profile_; }
  int64_t now() const { return clock_.NowSeconds(); }

  AuditOptions options;
  std::vector<int> slept;
  bool advance_clock = true;

 private:
  FakeClock clock_ = FakeClock::AtSeconds(kStart);
  profile::Profile profile_;
  FakeApp app_;
  Driver driver_;
};

std::string RandomSecret() {
  auto bytes = crypto::RandomBytes(32);
  EXPECT_TRUE(bytes);
  return HexEncode(*bytes);
}

// A careful server: random server-side ids, rotated at login, destroyed at logout, expired on the
// server after the cookie's 10 s Max-Age.
FakeAppConfig SecureIds() { return {.expire_after_s = 10, .max_age = 10}; }

TEST(AuditFakeApp, SecureServerSideIds) {
  Audit audit(SecureIds());
  const AuditOutcome out = audit.Run();
  const checks::SessionFacts& f = out.facts;
  EXPECT_EQ(f.https, true);
  ASSERT_TRUE(f.session_cookie);
  EXPECT_EQ(f.session_cookie->name, "sid");
  EXPECT_EQ(f.session_cookie->value_length, 32u);
  EXPECT_EQ(f.session_cookie->set_from_url, "https://app.test/login");
  ASSERT_TRUE(f.session_cookie->attributes);
  EXPECT_TRUE(f.session_cookie->attributes->secure);
  EXPECT_TRUE(f.session_cookie->attributes->http_only);
  EXPECT_EQ(f.session_cookie->attributes->same_site, cookie::SameSite::kLax);
  EXPECT_EQ(f.lifetime_s, 10);
  EXPECT_EQ(f.kind, SessionKind::kServerId);
  EXPECT_EQ(f.format, std::nullopt);
  EXPECT_EQ(f.login_rotates_id, true);
  EXPECT_EQ(f.fixation, false);
  EXPECT_EQ(f.tamper_rejected, true);
  EXPECT_EQ(f.tamper_server_errors, Strings{});
  EXPECT_EQ(f.readable_fields, Strings{});
  EXPECT_EQ(f.sensitive_fields, Strings{});
  EXPECT_FALSE(f.weak_secret);
  EXPECT_EQ(f.logout_clears_cookie, true);
  EXPECT_EQ(f.logout_invalidates, true);
  EXPECT_EQ(f.low_entropy, false);
  ASSERT_TRUE(f.entropy_bits);
  EXPECT_GE(*f.entropy_bits, 64);
  ASSERT_TRUE(out.entropy);
  EXPECT_EQ(out.entropy->samples, 20u);
  EXPECT_EQ(f.expiry_enforced, true);
  EXPECT_EQ(out.expiry_method, "waited 12 s (lifetime 10 s) and replayed the cookie");
  EXPECT_EQ(audit.slept, std::vector<int>{12});
  EXPECT_EQ(audit.now(), kStart + 12);
  EXPECT_EQ(f.session_id_in_url, false);
  ASSERT_TRUE(f.other_cookies);
  EXPECT_TRUE(f.other_cookies->empty());
  EXPECT_EQ(f.undecided, (Undecided{{"weak_secret", kNotSigned}}));
  EXPECT_EQ(out.notes,
            (Strings{"login_rotates_id: the planted pre-login value was replaced at login",
                     "fixation: planted pre-login id was not authenticated by the login"}));
  EXPECT_EQ(f.signed_value, false);
  EXPECT_EQ(f.browser_refuses_session_cookie, false);
  EXPECT_FALSE(f.carried_over_fields);  // an id has no payload
  EXPECT_TRUE(out.tamper_accepted.empty());
  EXPECT_FALSE(out.secret_sha256_prefix);
}

TEST(AuditFakeApp, ExpiryIsReadOffTheServersClock) {
  // The same server, but the wait does not move its clock: the session is still young, so the
  // replay is accepted and the audit concludes that expiry is not enforced.
  Audit frozen(SecureIds());
  frozen.advance_clock = false;
  AuditOutcome out = frozen.Run();
  EXPECT_EQ(frozen.slept, std::vector<int>{12});
  EXPECT_EQ(out.facts.expiry_enforced, false);

  // A server that never expires its sessions.
  FakeAppConfig forever = SecureIds();
  forever.expire_after_s.reset();
  Audit never(forever);
  out = never.Run();
  EXPECT_EQ(out.facts.expiry_enforced, false);
  EXPECT_EQ(out.expiry_method, "waited 12 s (lifetime 10 s) and replayed the cookie");
}

TEST(AuditFakeApp, ALifetimeBeyondMaxWaitWithoutASecretIsUndecided) {
  FakeAppConfig config = SecureIds();
  config.max_age = 3600;
  Audit audit(config);
  const AuditOutcome out = audit.Run();
  EXPECT_EQ(out.facts.lifetime_s, 3600);
  EXPECT_FALSE(out.facts.expiry_enforced);
  EXPECT_FALSE(out.expiry_method);
  EXPECT_TRUE(audit.slept.empty());
  EXPECT_EQ(
      out.facts.undecided,
      (Undecided{{"weak_secret", kNotSigned},
                 {"expiry_enforced",
                  "the lifetime (3600 s) is longer than --max-wait and no secret was found"}}));
}

// Everything a careless server-side app can get wrong, over plain HTTP.
TEST(AuditFakeApp, CarelessServerSideIds) {
  Audit audit({.counter_ids = true,
               .issue_before_login = true,
               .rotate_at_login = false,
               .logout_destroys = false,
               .secure = false,
               .http_only = false,
               .same_site = "",
               .id_in_location = true},
              "http://app.test/");
  const AuditOutcome out = audit.Run();
  const checks::SessionFacts& f = out.facts;
  EXPECT_EQ(f.https, false);
  ASSERT_TRUE(f.session_cookie && f.session_cookie->attributes);
  EXPECT_EQ(f.session_cookie->set_from_url, "http://app.test/login");  // the same id, set again
  EXPECT_FALSE(f.session_cookie->attributes->secure);
  EXPECT_FALSE(f.session_cookie->attributes->http_only);
  EXPECT_FALSE(f.session_cookie->attributes->same_site);
  EXPECT_EQ(f.lifetime_s, 0);
  EXPECT_EQ(f.kind, SessionKind::kServerId);
  EXPECT_EQ(f.login_rotates_id, false);
  EXPECT_EQ(f.fixation, true);
  EXPECT_EQ(f.tamper_rejected, true);
  EXPECT_EQ(f.logout_clears_cookie, true);
  EXPECT_EQ(f.logout_invalidates, false);
  EXPECT_EQ(f.low_entropy, true);
  ASSERT_TRUE(out.entropy);
  EXPECT_LT(out.entropy->effective_bits, 64);
  EXPECT_EQ(f.session_id_in_url, true);
  EXPECT_FALSE(f.expiry_enforced);
  EXPECT_EQ(f.undecided,
            (Undecided{{"weak_secret", kNotSigned},
                       {"expiry_enforced",
                        "browser-session cookie: not probed (no idle probe: --idle-probe 0) and "
                        "no secret was found to forge an old token"}}));
  EXPECT_EQ(
      out.notes,
      (Strings{"login_rotates_id: the server-issued pre-login value was kept through the login",
               "fixation: server-issued pre-login id was authenticated by the login"}));
}

TEST(AuditFakeApp, APlantedIdAdoptedAtLoginIsFixation) {
  Audit audit({.adopt_unknown_ids = true, .max_age = 10});
  const AuditOutcome out = audit.Run();
  EXPECT_EQ(out.facts.fixation, true);
  EXPECT_EQ(out.facts.login_rotates_id, false);
  // The adopted planted id is a live session of its own, not a tampered value the server took
  // (found on PHP with session.use_strict_mode=0: both probes once changed the same character).
  EXPECT_EQ(out.facts.tamper_rejected, true);
  EXPECT_EQ(out.notes,
            (Strings{"login_rotates_id: the planted pre-login value was kept through the login",
                     "fixation: planted pre-login id was authenticated by the login"}));
}

TEST(AuditFakeApp, FlaskTokenWithAWeakSecret) {
  Audit audit({.cookie_name = "session",
               .format = "flask",
               .secret = "secret",
               .logout_destroys = false,
               .expire_after_s = 3600,
               .max_age = 3600});
  const AuditOutcome out = audit.Run();
  const checks::SessionFacts& f = out.facts;
  ASSERT_TRUE(f.session_cookie);
  EXPECT_EQ(f.session_cookie->name, "session");
  EXPECT_EQ(f.lifetime_s, 3600);
  EXPECT_EQ(f.kind, SessionKind::kSignedPayload);
  EXPECT_EQ(f.format, "flask");
  EXPECT_EQ(f.signed_value, true);
  // Decided for payloads too: the planted pre-login value was replaced by the login's cookie.
  EXPECT_EQ(f.login_rotates_id, true);
  EXPECT_EQ(f.fixation, false);
  EXPECT_EQ(f.carried_over_fields, Strings{});  // no anonymous session
  EXPECT_EQ(f.tamper_rejected, true);
  EXPECT_EQ(f.tamper_server_errors, Strings{});
  EXPECT_EQ(f.readable_fields, (Strings{"role", "user"}));
  EXPECT_EQ(f.sensitive_fields, (Strings{"role", "user"}));
  ASSERT_TRUE(f.weak_secret);
  EXPECT_TRUE(f.weak_secret->found);
  EXPECT_EQ(f.weak_secret->length, 6u);
  EXPECT_EQ(out.secret_sha256_prefix, Sha256Prefix("secret"));
  EXPECT_FALSE(out.secret);
  EXPECT_EQ(f.logout_clears_cookie, true);
  EXPECT_EQ(f.logout_invalidates, false);
  EXPECT_FALSE(f.low_entropy);
  EXPECT_FALSE(out.entropy);
  // 3600 s is beyond --max-wait: a token forged 3660 s old with the cracked secret is refused by
  // the server's own age check, on the clock the audit shares with it.
  EXPECT_EQ(f.expiry_enforced, true);
  EXPECT_EQ(out.expiry_method, "forged a token issued 3660 s ago with the cracked secret");
  EXPECT_TRUE(audit.slept.empty());
  EXPECT_EQ(f.session_id_in_url, false);
  EXPECT_EQ(
      f.undecided,
      (Undecided{{"entropy", "the cookie shows no random id: a signed or encrypted payload"}}));
  EXPECT_EQ(out.notes,
            (Strings{"login_rotates_id: the planted pre-login value was replaced at login",
                     "fixation: planted pre-login id was not authenticated by the login"}));
}

TEST(AuditFakeApp, FlaskTokenWithAStrongSecretThatTheServerDoesNotCheck) {
  Audit audit({.cookie_name = "session",
               .format = "flask",
               .secret = RandomSecret(),
               .accept_tampered = true});
  const AuditOutcome out = audit.Run();
  const checks::SessionFacts& f = out.facts;
  EXPECT_EQ(f.kind, SessionKind::kSignedPayload);
  EXPECT_EQ(f.tamper_rejected, false);
  EXPECT_EQ(out.tamper_accepted, (Strings{"mac-bit-flip", "wrong-key-resign"}));
  ASSERT_TRUE(f.weak_secret);
  EXPECT_FALSE(f.weak_secret->found);
  EXPECT_FALSE(out.secret_sha256_prefix);
  EXPECT_FALSE(f.expiry_enforced);
  EXPECT_GT(f.weak_secret->candidates, 100u);
  ASSERT_EQ(out.notes.size(), 3u);
  EXPECT_TRUE(out.notes[2].starts_with("weak secret: ")) << out.notes[2];
  EXPECT_TRUE(out.notes[2].ends_with(" candidates tried, none signs the token")) << out.notes[2];
  EXPECT_EQ(f.undecided,
            (Undecided{{"entropy", "the cookie shows no random id: a signed or encrypted payload"},
                       {"expiry_enforced",
                        "browser-session cookie: not probed (no idle probe: --idle-probe 0) and "
                        "no secret was found to forge an old token"}}));
}

TEST(AuditFakeApp, ExpressSignedIds) {
  Audit audit({.cookie_name = "connect.sid",
               .format = "express",
               .secret = "keyboard cat",
               .expire_after_s = 10,
               .max_age = 10});
  const AuditOutcome out = audit.Run();
  const checks::SessionFacts& f = out.facts;
  // A random id wrapped in a signature: the session lives on the server.
  EXPECT_EQ(f.kind, SessionKind::kServerId);
  EXPECT_EQ(f.signed_value, true);
  EXPECT_EQ(f.format, "express");
  EXPECT_EQ(f.login_rotates_id, true);
  EXPECT_EQ(f.fixation, false);
  EXPECT_EQ(f.tamper_rejected, true);
  EXPECT_EQ(f.readable_fields, Strings{});
  ASSERT_TRUE(f.weak_secret);
  EXPECT_TRUE(f.weak_secret->found);
  EXPECT_EQ(f.weak_secret->length, 12u);
  EXPECT_EQ(f.logout_invalidates, true);
  EXPECT_EQ(f.low_entropy, false);  // the random id inside the signed value
  EXPECT_EQ(f.expiry_enforced, true);
  EXPECT_EQ(out.expiry_method, "waited 12 s (lifetime 10 s) and replayed the cookie");
  EXPECT_EQ(f.session_id_in_url, false);
  EXPECT_EQ(f.undecided, Undecided{});
  EXPECT_EQ(out.notes,
            (Strings{"login_rotates_id: the planted pre-login value was replaced at login",
                     "fixation: planted pre-login id was not authenticated by the login"}));
}

TEST(AuditFakeApp, TamperedIdsAnsweredWith500) {
  FakeAppConfig config = SecureIds();
  config.crash_on_invalid = true;
  Audit audit(config);
  const AuditOutcome out = audit.Run();
  EXPECT_EQ(out.facts.tamper_rejected, true);
  EXPECT_EQ(out.facts.tamper_server_errors, Strings{"id-char-flip"});
  EXPECT_EQ(out.tamper_server_errors, Strings{"id-char-flip"});
}

TEST(AuditFakeApp, AFailedLogoutLeavesTheLogoutFactsUndecided) {
  FakeAppConfig config = SecureIds();
  config.failing = {"POST /logout"};
  Audit audit(config);
  const AuditOutcome out = audit.Run();
  EXPECT_FALSE(out.facts.logout_clears_cookie);
  EXPECT_FALSE(out.facts.logout_invalidates);
  EXPECT_EQ(out.facts.undecided,
            (Undecided{{"weak_secret", kNotSigned},
                       {"logout_clears_cookie",
                        "the logout request failed: unavailable: connection refused"},
                       {"logout_invalidates", "the logout request failed"}}));
  // The rest of the audit went on.
  EXPECT_EQ(out.facts.fixation, false);
  EXPECT_EQ(out.facts.expiry_enforced, true);
}

TEST(AuditFakeApp, AFailedSecondLoginLeavesRotationAndFixationUndecided) {
  // From the second login on (its progress line comes just before it), every login fails.
  Audit audit(SecureIds());
  audit.options.progress = [&](std::string_view line) {
    if (line == "testing rotation and fixation") {
      audit.app().config().failing.insert("POST /login");
    }
  };
  const AuditOutcome out = audit.Run();
  EXPECT_FALSE(out.facts.login_rotates_id);
  EXPECT_FALSE(out.facts.fixation);
  EXPECT_EQ(out.facts.logout_invalidates, true);  // the audited session was already logged in
  constexpr char kFailed[] =
      "the login with the pre-login session failed: unavailable: connection refused";
  EXPECT_EQ(out.facts.undecided,
            (Undecided{{"login_rotates_id", kFailed},
                       {"fixation", kFailed},
                       {"weak_secret", kNotSigned},
                       {"entropy", "need at least 2 tokens"},
                       {"expiry_enforced", "the login before waiting failed"}}));
  EXPECT_EQ(out.notes,
            Strings{"entropy: a sampling login failed: unavailable: connection refused"});
  EXPECT_TRUE(audit.slept.empty());
}

TEST(AuditFakeApp, WithoutCredentialsOnlyTheAnonymousCookiesAreChecked) {
  profile::Profile anonymous;
  Audit audit({.issue_before_login = true}, "https://app.test/", anonymous);
  const AuditOutcome out = audit.Run();
  EXPECT_FALSE(out.facts.session_cookie);
  ASSERT_TRUE(out.facts.other_cookies);
  ASSERT_EQ(out.facts.other_cookies->size(), 1u);
  EXPECT_EQ((*out.facts.other_cookies)[0].name, "sid");
  EXPECT_EQ(out.facts.undecided.size(), 7u);
  EXPECT_EQ(out.facts.undecided[0],
            (std::pair<std::string, std::string>{
                "session_cookie", "no credentials (--user/--password or a profile)"}));
  EXPECT_EQ(out.notes,
            Strings{"no credentials given: only the cookies of the anonymous visit were checked"});
}

TEST(AuditFakeApp, AnUnprotectedPathOrAFailedLoginDecidesNoSession) {
  profile::Profile open = Credentials();
  open.protected_path = "/";
  Audit unprotected(SecureIds(), "https://app.test/", open);
  AuditOutcome out = unprotected.Run();
  EXPECT_EQ(out.facts.undecided,
            (Undecided{{"session_cookie", "the protected path is not protected"}}));
  EXPECT_EQ(out.notes, Strings{"the protected path / answers 200 without a session: give a path "
                               "that needs a login with --protected"});

  profile::Profile wrong = Credentials();
  wrong.password = "not-the-password";
  Audit failed(SecureIds(), "https://app.test/", wrong);
  out = failed.Run();
  EXPECT_EQ(out.facts.undecided, (Undecided{{"session_cookie", "the login did not succeed"}}));
  EXPECT_EQ(out.notes,
            (Strings{"a login without any cookie was refused; logged in again after visiting the "
                     "landing page",
                     "after the login the protected path /me still answers 401: check the "
                     "credentials and paths"}));
}

TEST(AuditFakeApp, AnUnreachableTargetIsAnError) {
  FakeAppConfig config = SecureIds();
  config.failing = {"GET /"};
  Audit audit(config);
  auto out = RunAudit(Driver(audit.app(), audit.profile(), *cookie::ParseUrl("https://app.test/"),
                             SystemClock::Instance()),
                      audit.options);
  ASSERT_FALSE(out);
  EXPECT_EQ(audit.app().Exchanges().size(), 1u);  // the failed visit, recorded
  EXPECT_EQ(out.error().code, ErrorCode::kUnavailable);
}

TEST(AuditFakeApp, TheReportListsTheTransportsExchanges) {
  Audit audit(SecureIds());
  const AuditOutcome out = audit.Run();
  reports::Report report =
      BuildReport({.target = "https://app.test/"}, audit.profile(), out, audit.app());
  ASSERT_EQ(report.exchanges.size(), audit.app().Exchanges().size());
  EXPECT_EQ(report.exchanges[0], "GET https://app.test/ -> 200");
  // The anonymous visit and its protected request, then the clean first login.
  EXPECT_EQ(report.exchanges[1], "GET https://app.test/me -> 401");
  EXPECT_EQ(report.exchanges[2], "POST https://app.test/login -> 303");
}

TEST(AuditFakeApp, ZeroConfigFindsTheFormTheProtectedPageAndTheLogout) {
  profile::Profile p = Credentials();
  p.discover = {.login = true, .protected_path = true, .logout = true};
  FakeAppConfig config = SecureIds();
  config.html_login = true;
  Audit audit(config, "http://app.test/", p);
  std::vector<std::string> explained;
  audit.options.explain = [&](const std::vector<std::string>& steps) { explained = steps; };
  const AuditOutcome out = audit.Run();
  const checks::SessionFacts& f = out.facts;
  ASSERT_TRUE(f.session_cookie) << ::testing::PrintToString(out.notes);
  EXPECT_EQ(f.session_cookie->name, "sid");
  EXPECT_EQ(f.login_rotates_id, true);
  EXPECT_EQ(f.fixation, false);
  EXPECT_EQ(f.tamper_rejected, true);
  EXPECT_EQ(f.logout_clears_cookie, true);
  EXPECT_EQ(f.logout_invalidates, true);
  EXPECT_EQ(f.expiry_enforced, true);
  EXPECT_EQ(out.login_steps,
            (Strings{"login form found on /account/login: POST /account/login with fields token, "
                     "email (user), passwd (password)",
                     "protected page: /dashboard (where the login landed); without a session it "
                     "answers 200 at http://app.test/account/login",
                     "logout: form \"Sign out\" on /dashboard (POST /account/logout)"}));
  EXPECT_EQ(explained, out.login_steps);
  // The logout went through the discovered form with its token (the app answers 403 without).
  bool logged_out = false;
  for (const net::Exchange& e : audit.app().Exchanges()) {
    if (e.request.method == "POST" && e.request.url == "http://app.test/account/logout" &&
        e.response && e.response->status == 303) {
      logged_out = true;
    }
  }
  EXPECT_TRUE(logged_out);
}

// A site that starts its session on the login form's page only, never adopts an id it did not
// issue and binds the form's token to the session (PHP with use_strict_mode): the second login
// carries the id the login page issued, as a browser and an attacker get it, so rotation and
// fixation are decided. (A made-up id would be replaced on the form's page and its login refused
// for a token of another session: both undecided.)
TEST(AuditFakeApp, ZeroConfigTakesThePreLoginSessionFromTheLoginPage) {
  profile::Profile p = Credentials();
  p.discover = {.login = true, .protected_path = true, .logout = true};
  for (const bool rotate : {true, false}) {
    FakeAppConfig config = SecureIds();
    config.html_login = true;
    config.session_csrf = true;
    config.rotate_at_login = rotate;
    Audit audit(config, "http://app.test/", p);
    const AuditOutcome out = audit.Run();
    const checks::SessionFacts& f = out.facts;
    ASSERT_TRUE(f.session_cookie) << ::testing::PrintToString(out.notes);
    EXPECT_EQ(f.login_rotates_id, rotate) << ::testing::PrintToString(f.undecided);
    EXPECT_EQ(f.fixation, !rotate) << ::testing::PrintToString(f.undecided);
    EXPECT_EQ(f.logout_invalidates, true);
  }
}

TEST(AuditFakeApp, ZeroConfigFallsBackToTheDefaultsWithoutAForm) {
  profile::Profile p = Credentials();
  p.discover = {.login = true, .protected_path = true, .logout = true};
  Audit audit(SecureIds(), "https://app.test/", p);
  const AuditOutcome out = audit.Run();
  EXPECT_EQ(out.facts.login_rotates_id, true);
  EXPECT_EQ(out.facts.logout_invalidates, true);
  ASSERT_EQ(out.login_steps.size(), 3u);
  EXPECT_EQ(out.login_steps[0],
            "no login form found on the landing page or the common login paths: POST /login "
            "with username and password (form)");
  EXPECT_EQ(out.login_steps[1],
            "protected page: /me (where the login landed); without a session it answers 401 at "
            "https://app.test/me");
  EXPECT_EQ(out.login_steps[2], "no logout link or form found on /me: POST /logout");
}

TEST(AuditFakeApp, RedirectsAreFollowedOnTheTargetsHostOnly) {
  FakeAppConfig config = SecureIds();
  Audit audit(config);
  Browser b(audit.app(), *cookie::ParseUrl("https://app.test/"), SystemClock::Instance());
  auto r = b.Send("POST", "/login", "username=alice&password=wonderland",
                  "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);  // 303 to /me, followed with the new cookie
  EXPECT_EQ(b.last_navigation().redirects, Strings{"https://app.test/me"});
  EXPECT_EQ(b.last_navigation().url.path, "/me");
  const net::Exchange& last = audit.app().Exchanges().back();
  EXPECT_EQ(last.request.method, "GET");
  EXPECT_TRUE(last.request.body.empty());
  EXPECT_FALSE(b.Send("GET", "https://other.test/"));  // off-site requests are refused
}

}  // namespace
}  // namespace knox::flows

namespace knox::flows {
namespace {

// An API whose login answers an OAuth-style token in JSON and reads it back from Authorization:
// a random server-side id, destroyed at logout, expired after 10 s.
TEST(AuditFakeApp, BearerOpaqueToken) {
  Audit audit({.expire_after_s = 10, .bearer = true});
  const AuditOutcome out = audit.Run();
  const checks::SessionFacts& f = out.facts;
  EXPECT_FALSE(f.session_cookie);
  ASSERT_TRUE(f.bearer);
  EXPECT_EQ(f.bearer->header, "Authorization");
  EXPECT_EQ(f.bearer->scheme, "Bearer");
  EXPECT_EQ(f.bearer->source, "/access_token");
  EXPECT_EQ(f.bearer->length, 32u);
  EXPECT_EQ(f.kind, SessionKind::kBearerOpaque);
  EXPECT_FALSE(f.jwt);
  EXPECT_EQ(f.tamper_rejected, true);
  EXPECT_EQ(f.logout_invalidates, true);
  EXPECT_FALSE(f.logout_clears_cookie);
  EXPECT_FALSE(f.login_rotates_id);
  EXPECT_FALSE(f.fixation);
  EXPECT_EQ(f.low_entropy, false);
  ASSERT_TRUE(out.entropy);
  EXPECT_EQ(out.entropy->samples, 20u);
  // A bearer token has no cookie lifetime: nothing to wait for, no secret to forge with.
  EXPECT_FALSE(f.expiry_enforced);
  EXPECT_FALSE(f.browser_refuses_session_cookie);
  EXPECT_FALSE(f.carried_over_fields);  // an id has no payload
  ASSERT_TRUE(f.other_cookies);
  EXPECT_TRUE(f.other_cookies->empty());
  const std::string not_applicable =
      "not applicable: the login issues the bearer token, there is no pre-login token to keep or "
      "plant";
  EXPECT_EQ(f.undecided,
            (Undecided{{"login_rotates_id", not_applicable},
                       {"fixation", not_applicable},
                       {"weak_secret", kNotSigned},
                       {"logout_clears_cookie",
                        "not applicable: the client holds the bearer token, no cookie to clear"},
                       {"expiry_enforced",
                        "bearer token without a lifetime: not probed (no idle probe: "
                        "--idle-probe 0) and no secret was found to forge an old token"}}));
  EXPECT_TRUE(std::any_of(out.login_steps.begin(), out.login_steps.end(), [](const auto& s) {
    return s.find("bearer token at /access_token") != std::string::npos;
  }));
  // Every request after the login carried the token in the header, none in a cookie.
  bool sent_header = false;
  for (const net::Exchange& e : audit.app().Exchanges()) {
    for (const auto& [name, value] : e.request.headers) {
      EXPECT_FALSE(name == "Cookie" && value.find("(bearer)") != std::string::npos);
      sent_header = sent_header || (name == "Authorization" && value.starts_with("Bearer "));
    }
  }
  EXPECT_TRUE(sent_header);
  // Findings name the header, never a cookie.
  for (const checks::Finding& finding : checks::RunAll(f)) {
    EXPECT_NE(finding.check->id.substr(0, 10), "KNOX-ATTR-") << finding.check->id;
  }
}

// A JWT bearer API that decodes tokens without verifying them, signed with a weak secret, no exp.
TEST(AuditFakeApp, BearerJwtThatIsNotVerified) {
  Audit audit({.format = "jwt",
               .secret = "secret",
               .logout_destroys = false,
               .accept_tampered = true,
               .bearer = true});
  const AuditOutcome out = audit.Run();
  const checks::SessionFacts& f = out.facts;
  const std::string not_applicable =
      "not applicable: the login issues the bearer token, there is no pre-login token to keep or "
      "plant";
  EXPECT_EQ(f.undecided,
            (Undecided{{"login_rotates_id", not_applicable},
                       {"fixation", not_applicable},
                       {"jwt_key_confusion_accepted",
                        "the token is signed with HS256, not a public-key algorithm: there is no "
                        "public key to confuse"},
                       {"logout_clears_cookie",
                        "not applicable: the client holds the bearer token, no cookie to clear"},
                       {"entropy", "the cookie shows no random id: a signed or encrypted payload"},
                       {"expiry_enforced",
                        "bearer token without a lifetime: not probed (no idle probe: "
                        "--idle-probe 0) and the secret was found but the token carries no issue "
                        "or expiry time to age"},
                       {"jwt_expired_accepted", "the token has no exp claim"}}));
  EXPECT_EQ(f.kind, SessionKind::kBearerJwt);
  EXPECT_EQ(f.format, "jwt");
  ASSERT_TRUE(f.jwt);
  EXPECT_EQ(f.jwt->alg_none_accepted, true);
  EXPECT_EQ(f.jwt->signature_stripped_accepted, true);
  EXPECT_FALSE(f.jwt->key_confusion_accepted);  // HS256: no public key
  EXPECT_EQ(f.jwt->exp_missing, true);
  EXPECT_FALSE(f.jwt->expired_accepted);
  EXPECT_EQ(f.tamper_rejected, false);
  ASSERT_TRUE(f.weak_secret);
  EXPECT_TRUE(f.weak_secret->found);
  EXPECT_EQ(f.logout_invalidates, false);
  EXPECT_EQ(f.readable_fields, (Strings{"role", "user"}));
  std::set<std::string> ids;
  for (const checks::Finding& finding : checks::RunAll(f))
    ids.insert(std::string(finding.check->id));
  for (const char* id : {"KNOX-JWT-001", "KNOX-JWT-002", "KNOX-JWT-004", "KNOX-SECRET-001",
                         "KNOX-SESS-003", "KNOX-TOKEN-001"}) {
    EXPECT_TRUE(ids.contains(id)) << id;
  }
  EXPECT_FALSE(ids.contains("KNOX-JWT-003"));
  EXPECT_FALSE(ids.contains("KNOX-JWT-005"));
}

// A verified HS256 JWT with an hour's exp and a weak secret: the forgeries are refused, and the
// cracked secret signs a copy whose exp passed a minute ago — refused too (the verifier checks
// exp).
TEST(AuditFakeApp, BearerJwtVerifiedWithExp) {
  Audit audit({.format = "jwt",
               .secret = "secret",
               .payload = R"({"user":"alice","exp":)" + std::to_string(kStart + 3600) + "}",
               .bearer = true});
  const AuditOutcome out = audit.Run();
  const checks::SessionFacts& f = out.facts;
  EXPECT_EQ(f.kind, SessionKind::kBearerJwt);
  ASSERT_TRUE(f.jwt);
  EXPECT_EQ(f.jwt->alg_none_accepted, false);
  EXPECT_EQ(f.jwt->signature_stripped_accepted, false);
  EXPECT_EQ(f.jwt->exp_missing, false);
  EXPECT_EQ(f.jwt->expired_accepted, false);
  EXPECT_EQ(f.expiry_enforced, true);
  EXPECT_EQ(f.tamper_rejected, true);
  ASSERT_TRUE(f.weak_secret);
  EXPECT_TRUE(f.weak_secret->found);
  ASSERT_TRUE(out.expiry_method);
  EXPECT_NE(out.expiry_method->find("forged"), std::string::npos) << *out.expiry_method;
  EXPECT_TRUE(audit.slept.empty());

  // The same API whose verifier ignores exp: the expired copy is let in.
  Audit careless({.format = "jwt",
                  .secret = "secret",
                  .payload = R"({"user":"alice","exp":)" + std::to_string(kStart + 3600) + "}",
                  .bearer = true,
                  .ignore_exp = true});
  const AuditOutcome loose = careless.Run();
  ASSERT_TRUE(loose.facts.jwt);
  EXPECT_EQ(loose.facts.jwt->expired_accepted, true);
  EXPECT_EQ(loose.facts.expiry_enforced, false);
  std::set<std::string> ids;
  for (const checks::Finding& finding : checks::RunAll(loose.facts)) {
    ids.insert(std::string(finding.check->id));
  }
  EXPECT_TRUE(ids.contains("KNOX-JWT-005"));
  EXPECT_FALSE(ids.contains("KNOX-LIFE-003"));  // reported once, as the JWT finding
}

// A login in two requests (the user name, then the password), said by the profile's steps.
TEST(AuditFakeApp, MultiStepLogin) {
  profile::Profile p = Credentials();
  p.login_steps = {{.path = "/login/identify", .fields = {{"username", "{user}"}}},
                   {.path = "/login/password", .fields = {{"password", "{password}"}}}};
  FakeAppConfig config = SecureIds();
  config.two_step_login = true;
  Audit audit(config, "https://app.test/", p);
  const AuditOutcome out = audit.Run();
  ASSERT_TRUE(out.facts.session_cookie);
  EXPECT_EQ(out.facts.session_cookie->name, "sid");
  EXPECT_EQ(out.facts.login_rotates_id, true);
  EXPECT_EQ(out.facts.fixation, false);
  EXPECT_EQ(out.facts.logout_invalidates, true);
  EXPECT_EQ(out.facts.expiry_enforced, true);
  // The pending cookie of the first step is not the session.
  ASSERT_TRUE(out.facts.other_cookies);
  ASSERT_EQ(out.facts.other_cookies->size(), 1u);
  EXPECT_EQ(out.facts.other_cookies->front().name, "pending");
  // Both steps were sent, with the credentials in place of the placeholders.
  int identify = 0;
  int password = 0;
  for (const net::Exchange& e : audit.app().Exchanges()) {
    if (e.request.url.ends_with("/login/identify")) {
      ++identify;
      EXPECT_EQ(e.request.body, "username=alice");
    }
    if (e.request.url.ends_with("/login/password")) {
      ++password;
      EXPECT_EQ(e.request.body, "password=wonderland");
    }
  }
  EXPECT_GT(identify, 0);
  EXPECT_EQ(identify, password);

  // Without the steps, the default POST /login does not exist on this app: no login.
  Audit single(config);
  EXPECT_EQ(single.Run().facts.undecided,
            (Undecided{{"session_cookie", "the login did not succeed"}}));
}

// Zero-config against an API that reads only JSON: the form login answered 415 is sent as JSON.
TEST(AuditFakeApp, ZeroConfigJsonLoginAfterA415) {
  profile::Profile p = Credentials();
  p.discover = {.login = true, .protected_path = true, .logout = true};
  FakeAppConfig config = SecureIds();
  config.json_login_only = true;
  config.bearer = true;
  Audit audit(config, "https://app.test/", p);
  const AuditOutcome out = audit.Run();
  ASSERT_TRUE(out.facts.bearer);
  EXPECT_EQ(out.facts.kind, SessionKind::kBearerOpaque);
  EXPECT_EQ(out.facts.logout_invalidates, true);
  EXPECT_TRUE(std::any_of(out.login_steps.begin(), out.login_steps.end(), [](const auto& s) {
    return s == "the form login was answered 415: the login was sent again as a JSON object";
  }));
}

// The profile's pointer names where the token is: one that finds nothing picks up no token, and
// the login, which sets no cookie, does not let the browser in.
TEST(AuditFakeApp, ABearerPointerThatFindsNothing) {
  profile::Profile p = Credentials();
  p.bearer.pointer = "/data/token";
  Audit audit({.bearer = true}, "https://app.test/", p);
  const AuditOutcome out = audit.Run();
  EXPECT_FALSE(out.facts.bearer);
  EXPECT_FALSE(out.facts.session_cookie);
  EXPECT_EQ(out.facts.undecided, (Undecided{{"session_cookie", "the login did not succeed"}}));
}

}  // namespace
}  // namespace knox::flows
