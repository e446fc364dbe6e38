// Properties of the §5.7 jar under arbitrary sequences of responses, clock moves and requests
// (one operation per input line; the first byte picks the operation — its low two bits — and the
// request context — the bits above: the top-level site, a navigation or not, a safe method or not,
// HTTP or script; all zero is a same-site top-level GET over HTTP — and the second byte a URL from
// a fixed set of secure, insecure, loopback, IP and sibling hosts). After every step: no stored
// cookie breaks a prefix rule, no Secure cookie was accepted from an insecure origin, no HttpOnly
// cookie from script, the per-domain and total limits hold, every store outcome has its text, and
// every Cookie header lists only matching cookies in §5.8.3 order (none HttpOnly for script),
// exactly those CookiesFor returns.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "core/base/clock.h"
#include "core/cookie/cookie_jar.h"
#include "core/cookie/prefix.h"

namespace {

using knox::cookie::Cookie;
using knox::cookie::CookieJar;
using knox::cookie::Url;

constexpr std::array<std::string_view, 10> kUrls = {
    "https://example.com/",           "http://example.com/a/b",    "https://www.example.com/x/y/z",
    "http://sub.www.example.com/x",   "http://localhost:8080/p/q", "http://10.0.0.1/",
    "https://[2001:db8::1]/deep/er/", "https://example.com./",     "https://other.co.uk/a",
    "wss://api.example.com/socket/v1"};

void CheckStored(const CookieJar& jar, const knox::cookie::JarOptions& options) {
  auto all = jar.AllCookies();  // size() may also count expired cookies not yet purged
  if (jar.size() > options.max_cookies || all.size() > jar.size()) std::abort();
  std::map<std::string, size_t> per_domain;
  for (const Cookie& c : all) {
    if (++per_domain[c.domain] > options.max_cookies_per_domain) std::abort();
    if (knox::cookie::PrefixViolation({.name = c.name,
                                       .value = c.value,
                                       .secure = c.secure,
                                       .host_only = c.host_only,
                                       .path_attribute_is_root = c.path == "/"})) {
      std::abort();
    }
    if (c.name.empty() && c.value.empty()) std::abort();
    if (c.path.empty() || c.path.front() != '/') std::abort();
  }
}

void CheckRequest(CookieJar& jar, const Url& url, const knox::cookie::RequestContext& context) {
  auto sent = jar.CookiesFor(url, context);
  std::string header;
  for (const Cookie& c : sent) {
    header += (header.empty() ? "" : "; ") + (c.name.empty() ? c.value : c.name + "=" + c.value);
  }
  if (jar.CookieHeader(url, context) != header) std::abort();
  for (size_t i = 0; i < sent.size(); ++i) {
    const Cookie& c = sent[i];
    if (c.secure && !url.IsPotentiallyTrustworthy()) std::abort();
    if (c.http_only && !context.http_api) std::abort();
    if (!knox::cookie::PathMatch(url.path, c.path)) std::abort();
    if (c.host_only ? c.domain != url.host
                    : !knox::cookie::DomainMatch(url.host, c.domain, url.IsIpAddress())) {
      std::abort();
    }
    if (i == 0) continue;
    const Cookie& prev = sent[i - 1];
    if (prev.path.size() < c.path.size()) std::abort();
    if (prev.path.size() == c.path.size() && prev.creation_ms > c.creation_ms) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::array<Url, kUrls.size()> urls = [] {
    std::array<Url, kUrls.size()> out;
    for (size_t i = 0; i < kUrls.size(); ++i) out[i] = *knox::cookie::ParseUrl(kUrls[i]);
    return out;
  }();
  knox::FakeClock clock = knox::FakeClock::AtSeconds(1735689600);
  knox::cookie::JarOptions options{.max_cookies_per_domain = 5, .max_cookies = 12};
  CookieJar jar(clock, options);
  std::string_view in(reinterpret_cast<const char*>(data), size);
  while (!in.empty()) {
    size_t nl = in.find('\n');
    std::string_view line = in.substr(0, nl);
    in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
    if (line.size() < 2) continue;
    const unsigned op = static_cast<unsigned char>(line[0]) % 4;
    const unsigned ctx = static_cast<unsigned char>(line[0]) >> 2;
    const Url& url = urls[static_cast<unsigned char>(line[1]) % urls.size()];
    knox::cookie::RequestContext context;
    if ((ctx & 3) != 0) {
      context.top_level = urls[((ctx & 3) * 3 + static_cast<unsigned char>(line[1])) % urls.size()];
    }
    context.top_level_navigation = (ctx & 4) == 0;
    context.safe_method = (ctx & 8) == 0;
    context.http_api = (ctx & 16) == 0;
    line.remove_prefix(2);
    if (op <= 1) {
      auto outcome = jar.StoreHeader(line, url, context);
      auto text = knox::cookie::StoreStatusText(outcome.status);
      if (text.empty() || text == "unknown") std::abort();
      auto parsed = knox::cookie::ParseSetCookie(line);
      if (outcome.status == knox::cookie::StoreStatus::kStored &&
          (!parsed || (parsed->secure && !url.IsPotentiallyTrustworthy()) ||
           (parsed->http_only && !context.http_api))) {
        std::abort();
      }
    } else if (op == 2) {
      clock.AdvanceMillis(static_cast<int64_t>(line.size()) * 997'000);
    } else {
      CheckRequest(jar, url, context);
    }
    CheckStored(jar, options);
  }
  return 0;
}
