// Driver: the profile's requests against one target (DESIGN §5 "flows"): the anonymous visit, the
// login (with the CSRF token when the profile asks for one), the protected request that tells
// "logged in" from "not", and the logout. Flows combine these on fresh Browsers.
// "Logged in" is a 2xx answer from the protected path; anything else (401/403, a redirect to the
// login page, an error) counts as refused, and 5xx answers are remembered for the report.
#pragma once

#include <optional>
#include <string>

#include "conformance/flows/browser.h"
#include "conformance/net/transport.h"
#include "conformance/profile/profile.h"
#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/cookie/url.h"

namespace knox::flows {

struct Access {
  bool granted = false;  // 2xx from the protected path
  int status = 0;
};

class Driver {
 public:
  Driver(net::Transport& transport, const profile::Profile& profile, cookie::Url base,
         const Clock& clock);

  Browser NewBrowser() const { return Browser(transport_, base_, clock_); }

  // GET the landing page, then the profile's before-login steps.
  Result<void> Visit(Browser& browser) const;
  // Posts the credentials (kInvalidArgument without any) with the browser's cookies, or exactly
  // `cookies` when given (a planted pre-login session). Returns the login response; whether it
  // worked is for Protected() to say.
  Result<net::Response> Login(Browser& browser,
                              const std::optional<CookiePairs>& cookies = std::nullopt) const;
  // GET the protected path with the browser's cookies.
  Result<Access> Protected(Browser& browser) const;
  // GET the protected path with exactly `cookies`, from a fresh browser, so that whatever the
  // answer sets (e.g. a deletion of an invalid cookie) cannot disturb any live browser.
  Result<Access> Probe(const CookiePairs& cookies) const;
  Result<net::Response> Logout(Browser& browser) const;

  const profile::Profile& profile() const { return profile_; }
  const cookie::Url& base() const { return base_; }
  const Clock& clock() const { return clock_; }
  net::Transport& transport() const { return transport_; }

 private:
  Result<std::optional<std::string>> FetchCsrf(Browser& browser) const;

  net::Transport& transport_;
  const profile::Profile& profile_;
  cookie::Url base_;
  const Clock& clock_;
};

// The value of <input name="NAME" value="..."> in an HTML page (attribute order free, quotes " or
// ', entities &amp; &quot; &#39; decoded), if present.
std::optional<std::string> FindInputValue(std::string_view html, std::string_view name);
// application/x-www-form-urlencoded encoding of one component.
std::string FormEncode(std::string_view text);

}  // namespace knox::flows
