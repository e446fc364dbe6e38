// FakeApp: an in-memory web app behind net::Transport, for the audit's unit tests (test-only code,
// linked into tests alone). It answers the default profile's requests:
//
//   GET /          the anonymous visit (starts a pre-login session when configured)
//   POST /login    form fields username and password: 303 to /me with the session cookie
//   GET /me        200 with a valid logged-in session, else 401
//   POST /logout   303 to /
//
// or, with `html_login`, a site that only a zero-config audit finds its way through (an HTML
// login form with a CSRF token bound to a `csrf` cookie, fields `email` and `passwd`):
//
//   GET  /account/login    the form (sets the csrf cookie)
//   POST /account/login    303 to /dashboard with the session cookie; 403 without the token
//   GET  /dashboard        200 with a logout form when logged in, else 302 to /account/login
//   POST /account/logout   (with the form's token) 303 to /
//
// with the behaviour FakeAppConfig scripts: server-side ids (random or a counter), express-session
// signed ids, or the user's data in a signed client-side token (any core/token format, e.g.
// "flask", with a weak secret by default), rotation at login, adoption of a planted id, what the
// logout does, a server-side expiry, tampered values accepted or not, the cookie's attributes,
// the id in a Location URL. Time is the Clock given (a FakeClock the audit's injected sleep
// advances). Every exchange is recorded, in order, as HttpClient records them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "conformance/net/transport.h"
#include "core/base/clock.h"
#include "core/token/codec.h"

namespace knox::flows {

struct FakeAppConfig {
  std::string user = "alice";
  std::string password = "wonderland";
  std::string cookie_name = "sid";
  // How the session travels: "" = a server-side id; "express" = a server-side id inside an
  // express-session signed value; any other core/token format = the user's data (`payload`)
  // signed into the cookie (client-side).
  std::string format;
  std::string secret = "secret";  // the signing secret of `format`
  std::string payload = R"({"role":"admin","user":"alice"})";
  bool counter_ids = false;          // ids "sess000001", "sess000002", ... instead of random ones
  bool issue_before_login = false;   // the anonymous visit starts a session (ids only)
  bool rotate_at_login = true;       // false: the login authenticates the pre-login session
  bool adopt_unknown_ids = false;    // an unknown id sent with the login becomes the session's id
  bool logout_destroys = true;       // the logout ends the session (tokens: a deny list)
  bool logout_clears_cookie = true;  // the logout response deletes the cookie
  std::optional<int64_t> expire_after_s;  // the server refuses sessions older than this
  // No integrity check: tokens are decoded without their MAC, express ids read without theirs,
  // and any value of a server-side id cookie counts as a logged-in session.
  bool accept_tampered = false;
  bool crash_on_invalid = false;  // a session cookie that fails the check is answered 500
  // The session cookie's attributes.
  bool secure = true;
  bool http_only = true;
  std::string same_site = "Lax";   // "" = no SameSite attribute
  std::optional<int64_t> max_age;  // nullopt = a browser-session cookie
  bool id_in_location = false;     // the login redirects to /me?NAME=VALUE
  std::set<std::string> failing;   // "METHOD /path": such requests fail with kUnavailable
  bool html_login = false;         // the HTML site described above instead of the default routes
  // The session is a bearer token: POST /login answers 200 {"access_token": VALUE, ...} and no
  // cookie; requests carry it as "Authorization: Bearer VALUE" (any cookie is ignored).
  bool bearer = false;
  // Client-side tokens: the verifier reads time from a clock stuck in 1970, so it never finds a
  // token expired (a server that does not check exp).
  bool ignore_exp = false;
  // With html_login (ids only): the login page starts the session (none on the landing page) and
  // the form tokens are bound to the session, not to a `csrf` cookie (PHP: session_start() on the
  // form's page, the token in $_SESSION), so a login or logout whose session is not the token's
  // is refused with 403.
  bool session_csrf = false;
  // A two-step login instead of POST /login: POST /login/identify (form `username`) answers 200
  // and a `pending` cookie naming the user; POST /login/password (form `password`, with that
  // cookie) then logs in as POST /login does.
  bool two_step_login = false;
  // POST /login reads only a JSON object {"username", "password"}: any other body is 415.
  bool json_login_only = false;
};

class FakeApp final : public net::Transport {
 public:
  FakeApp(FakeAppConfig config, const Clock& clock);
  ~FakeApp() override;

  Result<net::Response> Send(const net::Request& request) override;
  const std::vector<net::Exchange>& Exchanges() const override { return exchanges_; }

  FakeAppConfig& config() { return config_; }
  // Server-side sessions alive (ids only), logged in or not.
  size_t sessions() const { return sessions_.size(); }

 private:
  struct Session {
    std::string user;  // "" before the login
    int64_t started_at = 0;
  };
  enum class Check { kAbsent, kInvalid, kValid };
  struct Presented {
    Check check = Check::kAbsent;
    std::string id;    // the server-side id (ids and express)
    std::string user;  // the logged-in user, when valid
  };

  Result<net::Response> Handle(const net::Request& request);
  net::Response Landing(const std::map<std::string, std::string>& cookies);
  net::Response Login(const std::map<std::string, std::string>& cookies, const std::string& body);
  net::Response Me(const std::map<std::string, std::string>& cookies);
  net::Response Logout(const std::map<std::string, std::string>& cookies);
  Result<net::Response> HandleHtml(const std::string& method, const std::string& path,
                                   const std::map<std::string, std::string>& cookies,
                                   const std::string& body);
  net::Response LoginPage(const std::map<std::string, std::string>& cookies);
  // session_csrf: the token of the session the cookies carry ("" when it is not a live one).
  std::string SessionToken(const std::map<std::string, std::string>& cookies) const;

  bool ServerSide() const;
  std::string NewId();
  std::string CookieValueFor(const std::string& id) const;  // the id as the cookie carries it
  std::optional<std::string> IdOf(const std::string& value) const;
  Presented Inspect(const std::map<std::string, std::string>& cookies) const;
  bool Expired(int64_t started_at) const;
  std::string SetCookieLine(const std::string& value) const;
  std::string DeletionLine() const;
  net::Response Answer(int status, std::string body = {}) const;

  FakeAppConfig config_;
  const Clock& clock_;
  std::unique_ptr<token::Signer> signer_;            // the format's signer, when `format` is set
  FakeClock stuck_clock_ = FakeClock::AtSeconds(1);  // the signer's clock with ignore_exp
  std::map<std::string, Session> sessions_;
  std::set<std::string> revoked_;  // client-side tokens logged out
  uint64_t counter_ = 0;
  std::vector<net::Exchange> exchanges_;
};

}  // namespace knox::flows
