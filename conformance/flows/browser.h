// Browser: one simulated user agent against one target: the auditor's transport plus two views of
// every Set-Cookie received (docs/audit.md "Two views"):
//   - the browser view: a browser-accurate cookie jar (core/cookie) — what a real browser stores
//     and sends back (BrowserCookiesFor, Refusal);
//   - the server view: what the server set, as sent — the jar's cookies plus every cookie the jar
//     refused to store (a `__Secure-` cookie without Secure, SameSite=None without Secure, ...),
//     with its raw value. Requests send the server view (CookiesFor), so that a server whose
//     session cookie browsers refuse is still audited on what it does.
// Every Set-Cookie line received is kept, with the URL and the response's Date, as the evidence
// the facts are built from.
//
// Redirects (301/302/303/307/308) are followed like a browser follows them, up to kMaxRedirects
// hops, but only on the target's host: http → https of the same host is followed and moves the
// browser to https (last_navigation().upgraded_to_https); off-site redirects and https → http are
// not followed (the 3xx is returned, last_navigation().stopped says why). Set-Cookie is recorded
// on every hop. Requests to another host than the target's are refused (kInvalidArgument).
// Not thread-safe; the transport and clock must outlive the browser.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "conformance/net/transport.h"
#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/cookie/cookie_jar.h"
#include "core/cookie/url.h"

namespace knox::flows {

using CookiePairs = std::vector<std::pair<std::string, std::string>>;

struct SetCookieSeen {
  std::string url;              // the request URL whose response carried it
  std::string line;             // the raw header value
  std::optional<int64_t> date;  // the response's Date header, Unix seconds, when valid
  int64_t received_at = 0;      // local clock, Unix seconds
};

inline constexpr int kMaxRedirects = 10;

// A session carried as a bearer token (docs/audit.md "Bearer tokens") travels among the cookie
// pairs under this name, which no Set-Cookie can set (a cookie name is an RFC 9110 token: no
// parentheses), so that every probe — replay, tamper, logout, expiry — handles it as it handles a
// cookie. The Browser sends it as a header instead of in the Cookie header.
inline constexpr std::string_view kBearerName = "(bearer)";

// How the bearer token is sent: "NAME: SCHEME TOKEN", or "NAME: TOKEN" when the scheme is empty.
struct BearerHeader {
  std::string name = "Authorization";
  std::string scheme = "Bearer";
};

// Where the last Send() ended up.
struct Navigation {
  cookie::Url url;                     // the URL of the final response
  std::vector<std::string> redirects;  // every URL redirected to, in order
  bool upgraded_to_https = false;      // an http → https redirect of the target's host
  std::optional<std::string> stopped;  // why a redirect was not followed
};

class Browser {
 public:
  Browser(net::Transport& transport, cookie::Url base, const Clock& clock);

  // `path` is relative to the target's origin ("/login", may carry a query) or an absolute URL on
  // the target's host. Sends the server view's cookies (CookiesFor) unless `cookies` overrides
  // them (then exactly those pairs are sent, updated on later hops by what the redirects set),
  // records every Set-Cookie in both views, and follows redirects (see above).
  Result<net::Response> Send(std::string_view method, std::string_view path,
                             std::string_view body = {}, std::string_view content_type = {},
                             const std::optional<CookiePairs>& cookies = std::nullopt,
                             const net::Headers& extra_headers = {});

  // The server view for a request to `path`: the jar's cookies in header order, with every cookie
  // the jar refused (the last value set under that name) in place of the jar's value of that name,
  // or appended.
  CookiePairs CookiesFor(std::string_view path = "/");
  // The value of the cookie `name` in the server view for `path`, if any.
  std::optional<std::string> CookieValue(std::string_view name, std::string_view path = "/");
  // The browser view: exactly the cookies a browser would send to `path`.
  CookiePairs BrowserCookiesFor(std::string_view path = "/");
  // Puts name=value (Path=/) into both views as if the target had set it, without recording a
  // Set-Cookie: a pre-login value the audit plants (session fixation). A value the jar refuses
  // (a __Host- name over http, ...) is held in the server view.
  void Plant(std::string_view name, std::string_view value);
  // Holds a bearer token: from now on the server view (CookiesFor, and every request without
  // explicit cookies) carries it as the pair (kBearerName, token).
  void HoldBearer(std::string token) { bearer_ = std::move(token); }
  // How a kBearerName pair is sent (default: Authorization: Bearer).
  void set_bearer_header(BearerHeader header) { bearer_header_ = std::move(header); }
  void DropBearer() { bearer_.reset(); }
  const std::optional<std::string>& bearer() const { return bearer_; }
  // Why the jar refused the last Set-Cookie that set `name`, if it did (nullopt: stored, deleted,
  // or never set).
  std::optional<cookie::StoreStatus> Refusal(std::string_view name) const;

  const std::vector<SetCookieSeen>& set_cookies() const { return seen_; }
  const Navigation& last_navigation() const { return last_; }
  // Off: Send() returns the first response, redirect or not.
  void set_follow_redirects(bool follow) { follow_redirects_ = follow; }
  // The last Set-Cookie line received for `name`, if any.
  const SetCookieSeen* LastSetCookie(std::string_view name) const;
  const cookie::Url& base() const { return base_; }

 private:
  Result<cookie::Url> Resolve(std::string_view path) const;
  // One exchange, no redirect followed.
  Result<net::Response> SendOnce(std::string_view method, const cookie::Url& url,
                                 std::string_view body, std::string_view content_type,
                                 const std::optional<CookiePairs>& cookies,
                                 const net::Headers& extra_headers);
  // Keeps the server view in step with one Set-Cookie line and the jar's verdict on it.
  void RecordServerView(std::string_view line, cookie::StoreStatus status);
  // The jar's cookies for a request to `url` in header order, then the refused ones.
  CookiePairs ServerView(const cookie::Url& url, const cookie::RequestContext& context);

  net::Transport& transport_;
  cookie::Url base_;
  const Clock& clock_;
  cookie::CookieJar jar_;
  struct Refused {
    std::string name;
    std::string value;
    cookie::StoreStatus status;
  };
  std::vector<Refused> refused_;  // cookies the jar refused, last value per name
  std::vector<SetCookieSeen> seen_;
  Navigation last_;
  bool follow_redirects_ = true;
  std::optional<std::string> bearer_;  // the bearer token held (HoldBearer)
  BearerHeader bearer_header_;
};

// "name=value; name2=value2" as a Cookie header (the kBearerName pair left out).
std::string CookieHeader(const CookiePairs& cookies);

// Cookie-set arithmetic the probes build their requests with (pure; copies in, copies out).
std::optional<std::string> ValueOf(const CookiePairs& cookies, std::string_view name);
CookiePairs Without(CookiePairs cookies, std::string_view name);
// Replaces the value of every cookie `name` in place (order kept); nothing when absent.
CookiePairs Replace(CookiePairs cookies, std::string_view name, std::string_view value);
// `cookies` without `name`, then name=value appended.
CookiePairs With(CookiePairs cookies, std::string_view name, std::string_view value);

// The first 8 hex digits of SHA-256(bytes): how evidence names a value without revealing it.
std::string Sha256Prefix(std::string_view bytes);

}  // namespace knox::flows
