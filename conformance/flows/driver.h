// Driver: the profile's requests against one target (DESIGN §5 "flows"): the anonymous visit, the
// login (with the CSRF token when the profile asks for one), the protected request that tells
// "logged in" from "not", and the logout. Flows combine these on fresh Browsers.
// "Logged in" is decided by LooksLoggedIn; redirects are followed (Browser). With a discovered
// login form or logout control (docs/audit.md "Zero-config login"), each login or logout first
// GETs the page that holds it, so that its CSRF token is fresh.
#pragma once

#include <optional>
#include <string>

#include "conformance/flows/browser.h"
#include "conformance/flows/login_form.h"
#include "conformance/net/transport.h"
#include "conformance/profile/profile.h"
#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/cookie/url.h"

namespace knox::flows {

struct Access {
  bool granted = false;   // the answer means "logged in" (LooksLoggedIn)
  int status = 0;         // the final status, after redirects
  std::string final_url;  // where the redirects ended
};

// Whether the protected path's answer means "logged in": with the profile's success condition,
// that condition (on the first answer when it names a status or Location: redirects are then
// not followed); otherwise a 2xx answer after redirects that is not a login page — it holds no
// login form and the redirects did not end on the login page's path.
bool LooksLoggedIn(const net::Response& answer, const Navigation& navigation,
                   const std::optional<profile::Success>& success,
                   std::string_view login_page_path);

class Driver {
 public:
  Driver(net::Transport& transport, profile::Profile profile, cookie::Url base, const Clock& clock);

  // A browser on the target that sends a bearer token as the profile's [bearer] says.
  Browser NewBrowser() const;

  // GET the landing page, then the profile's before-login steps.
  Result<void> Visit(Browser& browser) const;
  // Logs in with the credentials (kInvalidArgument without any): with a discovered login form,
  // GETs its page and submits it (fresh hidden inputs, the credentials filled in); otherwise posts
  // the profile's fields. With the browser's cookies, or `cookies` when given (a planted pre-login
  // session: exactly those pairs without a form; with a form, the page's fresh cookies with
  // `cookies` in place of theirs). When the answer holds a bearer token (bearer_token.h; unless
  // DisableBearer), the browser holds it from then on. Returns the final response; whether the
  // login worked is for Protected() to say.
  Result<net::Response> Login(Browser& browser,
                              const std::optional<CookiePairs>& cookies = std::nullopt) const;
  // GET the protected path with the browser's cookies.
  Result<Access> Protected(Browser& browser) const;
  // GET the protected path with exactly `cookies`, from a fresh browser, so that whatever the
  // answer sets (e.g. a deletion of an invalid cookie) cannot disturb any live browser.
  Result<Access> Probe(const CookiePairs& cookies) const;
  // Logs out: the discovered logout control of the protected page (submitted with its CSRF
  // token), else the profile's logout request (with [logout.csrf]'s token).
  Result<net::Response> Logout(Browser& browser) const;

  // The working copy's plan (RunAudit fills it in from discovery).
  void Rebase(cookie::Url base) { base_ = std::move(base); }
  void UseLoginForm(std::string page_path) { login_page_ = std::move(page_path); }
  void UseLogoutOn(std::string page_path) { logout_page_ = std::move(page_path); }
  void SetProtectedPath(std::string path) { profile_.protected_path = std::move(path); }
  // The profile's login is sent as a JSON object from now on.
  void UseJsonLogin() { profile_.login_json = true; }
  // Logins no longer pick up a bearer token (the session cookie alone is the session).
  void DisableBearer() { bearer_ = false; }
  bool bearer_enabled() const { return bearer_; }
  const std::optional<std::string>& login_page() const { return login_page_; }

  const profile::Profile& profile() const { return profile_; }
  const cookie::Url& base() const { return base_; }
  const Clock& clock() const { return clock_; }
  net::Transport& transport() const { return transport_; }

 private:
  // The token `csrf` says where to read, after GETting its page (`default_page` when it names
  // none); kNotFound when absent.
  Result<std::string> FetchToken(Browser& browser, const profile::Csrf& csrf,
                                 std::string_view default_page) const;
  Result<net::Response> LoginWithForm(Browser& browser,
                                      const std::optional<CookiePairs>& cookies) const;
  Result<net::Response> LoginWithProfile(Browser& browser,
                                         const std::optional<CookiePairs>& cookies) const;
  // The profile's [[login.steps]] in order, stopping at a refused (4xx/5xx) answer.
  Result<net::Response> LoginWithSteps(Browser& browser,
                                       const std::optional<CookiePairs>& cookies) const;
  Result<Access> GetProtected(Browser& browser, const std::optional<CookiePairs>& cookies) const;

  net::Transport& transport_;
  profile::Profile profile_;
  cookie::Url base_;
  const Clock& clock_;
  std::optional<std::string> login_page_;   // where the login form is (discovered)
  std::optional<std::string> logout_page_;  // where the logout control is (discovered)
  bool bearer_ = true;                      // logins pick up a bearer token
};

// The value of <input name="NAME" value="..."> in an HTML page, as the HTML reader reads it
// (html_forms.h: attribute order free, any quoting, character references decoded, comments and
// scripts skipped), if present.
std::optional<std::string> FindInputValue(std::string_view html, std::string_view name);

}  // namespace knox::flows
