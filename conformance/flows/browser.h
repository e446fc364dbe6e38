// Browser: one simulated user agent against one target: the auditor's transport plus a
// browser-accurate cookie jar (core/cookie), so the cookies sent are exactly those a browser would
// send. Every Set-Cookie line received is kept, with the URL and the response's Date, as the
// evidence the facts are built from. Redirects are not followed (flows look at them).
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

class Browser {
 public:
  Browser(net::Transport& transport, cookie::Url base, const Clock& clock);

  // `path` is relative to the target's origin ("/login", may carry a query). Sends the jar's
  // cookies unless `cookies` overrides them (then exactly those pairs are sent and nothing from
  // the jar), stores every Set-Cookie of the response in the jar.
  Result<net::Response> Send(std::string_view method, std::string_view path,
                             std::string_view body = {}, std::string_view content_type = {},
                             const std::optional<CookiePairs>& cookies = std::nullopt,
                             const net::Headers& extra_headers = {});

  // The cookies this browser would send to `path` (name, value), in header order.
  CookiePairs CookiesFor(std::string_view path = "/");
  // The value of the cookie `name` it would send to `path`, if any.
  std::optional<std::string> CookieValue(std::string_view name, std::string_view path = "/");

  const std::vector<SetCookieSeen>& set_cookies() const { return seen_; }
  // The last Set-Cookie line received for `name`, if any.
  const SetCookieSeen* LastSetCookie(std::string_view name) const;
  const cookie::Url& base() const { return base_; }

 private:
  Result<cookie::Url> Resolve(std::string_view path) const;

  net::Transport& transport_;
  cookie::Url base_;
  const Clock& clock_;
  cookie::CookieJar jar_;
  std::vector<SetCookieSeen> seen_;
};

// "name=value; name2=value2" as a Cookie header.
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
