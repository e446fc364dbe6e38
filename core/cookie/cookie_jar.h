// CookieJar: a browser's cookie store (RFC 6265bis-22 §5.7 storage model and §5.8.3 retrieval),
// with Chromium's choices where the draft leaves them to the user agent (docs/cookies.md lists
// them): public suffixes from libpsl's built-in list, Secure allowed from loopback over http,
// SameSite=None and Partitioned require Secure, unspecified SameSite enforced as Lax, 180 cookies
// per domain and 3000 in total, lifetimes capped at 400 days, partitioned cookies keyed by the
// top-level site. Time comes only from the injected Clock, which must outlive the jar. Not
// thread-safe: one jar per simulated browser, used from one thread (Cookies() and CookieHeader()
// update last-access times).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/cookie/set_cookie.h"
#include "core/cookie/url.h"

namespace knox::cookie {

struct JarOptions {
  size_t max_cookies_per_domain = 180;  // Chromium's kDomainMaxCookies
  size_t max_cookies = 3000;            // the draft's suggested minimum, Chromium's kMaxCookies
  int64_t max_lifetime_seconds = 400LL * 24 * 3600;
  bool reject_public_suffixes = true;
  bool lax_by_default = true;                  // Chromium: no SameSite attribute means Lax
  bool same_site_none_requires_secure = true;  // Chromium: otherwise the cookie is rejected
  CookieLimits limits = {};
};

// Who is asking. The default is a same-site, top-level GET navigation over HTTP (not script).
struct RequestContext {
  // The top-level site's URL ("site for cookies"); nullopt: the request is its own top level.
  std::optional<Url> top_level = {};
  bool top_level_navigation = true;  // the request navigates the top-level browsing context
  bool safe_method = true;           // GET/HEAD/OPTIONS/TRACE (Lax sends only on these cross-site)
  bool http_api = true;              // false: document.cookie / CookieStore (a "non-HTTP" API)
};

// A stored cookie (§5.7's fields). Times are milliseconds since the epoch.
struct Cookie {
  std::string name;
  std::string value;
  std::string domain;  // the host for host-only cookies
  std::string path;
  int64_t expiry_ms = 0;  // INT64_MAX for session cookies
  bool persistent = false;
  bool host_only = true;
  bool secure = false;
  bool http_only = false;
  SameSite same_site = SameSite::kDefault;
  bool partitioned = false;
  std::string partition_key;  // the top-level site of partitioned cookies, else empty
  int64_t creation_ms = 0;
  int64_t last_access_ms = 0;
  uint64_t creation_seq = 0;  // orders cookies created within the same millisecond
};

// Why a Set-Cookie was not stored (kStored when it was).
enum class StoreStatus {
  kStored,
  kExpired,  // already expired: removed any cookie it replaces, stored nothing (a deletion)
  kUnparsable,
  kEmptyNameAndValue,
  kNonAsciiDomain,
  kPublicSuffix,
  kDomainMismatch,
  kSecureFromInsecureOrigin,
  kHttpOnlyFromScript,
  kOverwritesSecure,   // §5.7 step 16: an insecure origin may not shadow a Secure cookie
  kCrossSiteSameSite,  // SameSite != None set from a cross-site, non-navigation context
  kSameSiteNoneInsecure,
  kPartitionedInsecure,
  kPrefixViolation,
  kOverwritesHttpOnly,  // script may not replace an HttpOnly cookie
};
std::string_view StoreStatusText(StoreStatus s);

struct StoreOutcome {
  StoreStatus status = StoreStatus::kStored;
  bool replaced = false;  // an existing cookie with the same name, domain, host-only and path went
};

class CookieJar {
 public:
  explicit CookieJar(const Clock& clock, JarOptions options = {});

  // §5.7 for one parsed Set-Cookie received in the response to `request_url`.
  StoreOutcome Store(const SetCookie& cookie, const Url& request_url,
                     const RequestContext& context = {});
  // Parses (§5.6) then stores one Set-Cookie header value.
  StoreOutcome StoreHeader(std::string_view set_cookie, const Url& request_url,
                           const RequestContext& context = {});

  // The cookies a browser sends with a request to `url`, in header order (§5.8.3: longer paths
  // first, then earlier creation). Updates their last-access time.
  std::vector<Cookie> CookiesFor(const Url& url, const RequestContext& context = {});
  // The `Cookie` header value for that request ("" when none): name=value pairs joined by "; ",
  // a nameless cookie as its value alone.
  std::string CookieHeader(const Url& url, const RequestContext& context = {});

  // Every unexpired stored cookie, in no particular order (does not touch last-access times).
  std::vector<Cookie> AllCookies() const;
  // Cookies held, counting expired ones not purged yet (purges happen on Store and lookups).
  size_t size() const { return total_; }

  // Whether `domain` is a public suffix (libpsl's built-in list, ICANN and private sections).
  static bool IsPublicSuffix(std::string_view domain);

 private:
  int64_t NowMillis() const { return clock_.NowMillis(); }
  bool IsSecureContext(const Url& url) const { return url.IsPotentiallyTrustworthy(); }
  bool IsSameSite(const Url& url, const RequestContext& context) const;
  std::string SiteOf(const Url& url) const;
  bool ShadowsSecureCookie(const Cookie& candidate) const;
  void RemoveExpired(int64_t now_ms);
  void Evict(const std::string& domain);

  const Clock& clock_;
  JarOptions options_;
  // Cookies bucketed by their domain field, so a lookup visits only the host and its parents.
  std::unordered_map<std::string, std::vector<Cookie>> by_domain_;
  size_t total_ = 0;
  uint64_t next_seq_ = 0;
};

// §5.1.3 domain-match, §5.1.4 default-path and path-match.
bool DomainMatch(std::string_view host, std::string_view domain, bool host_is_ip);
std::string DefaultPath(std::string_view uri_path);
bool PathMatch(std::string_view request_path, std::string_view cookie_path);

}  // namespace knox::cookie
