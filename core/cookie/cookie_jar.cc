#include "core/cookie/cookie_jar.h"

#include <libpsl.h>

#include <algorithm>
#include <limits>
#include <utility>

#include "core/cookie/prefix.h"

namespace knox::cookie {
namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
constexpr int64_t kLongAgo = std::numeric_limits<int64_t>::min();

int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t out;
  if (__builtin_add_overflow(a, b, &out)) return b > 0 ? kNever : kLongAgo;
  return out;
}

int64_t SaturatingMul1000(int64_t seconds) {
  int64_t out;
  if (__builtin_mul_overflow(seconds, int64_t{1000}, &out)) return seconds > 0 ? kNever : kLongAgo;
  return out;
}

bool IsExpired(const Cookie& c, int64_t now_ms) { return c.expiry_ms <= now_ms; }

bool HasControlOrOverLimit(const SetCookie& cookie, const CookieLimits& limits) {
  auto bad = [](char ch) {
    unsigned char u = static_cast<unsigned char>(ch);
    return u <= 0x08 || (u >= 0x0A && u <= 0x1F) || u == 0x7F;
  };
  return cookie.name.size() + cookie.value.size() > limits.max_name_value_bytes ||
         std::any_of(cookie.name.begin(), cookie.name.end(), bad) ||
         std::any_of(cookie.value.begin(), cookie.value.end(), bad);
}

const psl_ctx_t* PublicSuffixList() {
  static const psl_ctx_t* const psl = [] {
    const psl_ctx_t* builtin = psl_builtin();
    return builtin != nullptr ? builtin : psl_latest(nullptr);
  }();
  return psl;
}

// Header order (§5.8.3 step 2): longer paths first, then earlier creation.
bool SendsBefore(const Cookie* a, const Cookie* b) {
  if (a->path.size() != b->path.size()) return a->path.size() > b->path.size();
  if (a->creation_ms != b->creation_ms) return a->creation_ms < b->creation_ms;
  return a->creation_seq < b->creation_seq;
}

}  // namespace

std::string_view StoreStatusText(StoreStatus s) {
  switch (s) {
    case StoreStatus::kStored:
      return "stored";
    case StoreStatus::kExpired:
      return "already expired (deletes a matching cookie, stores nothing)";
    case StoreStatus::kUnparsable:
      return "ignored by the parser (control character or over 4096 bytes)";
    case StoreStatus::kEmptyNameAndValue:
      return "empty name and value";
    case StoreStatus::kNonAsciiDomain:
      return "Domain is not ASCII";
    case StoreStatus::kPublicSuffix:
      return "Domain is a public suffix";
    case StoreStatus::kDomainMismatch:
      return "Domain does not domain-match the request host";
    case StoreStatus::kSecureFromInsecureOrigin:
      return "Secure cookie from an insecure origin";
    case StoreStatus::kHttpOnlyFromScript:
      return "HttpOnly cookie set from script";
    case StoreStatus::kOverwritesSecure:
      return "insecure origin would shadow an existing Secure cookie";
    case StoreStatus::kCrossSiteSameSite:
      return "SameSite cookie set from a cross-site subresource request";
    case StoreStatus::kSameSiteNoneInsecure:
      return "SameSite=None without Secure (Chromium)";
    case StoreStatus::kPartitionedInsecure:
      return "Partitioned without Secure (Chromium)";
    case StoreStatus::kPrefixViolation:
      return "cookie prefix rule violated";
    case StoreStatus::kOverwritesHttpOnly:
      return "script may not overwrite an HttpOnly cookie";
  }
  return "unknown";
}

bool DomainMatch(std::string_view host, std::string_view domain, bool host_is_ip) {
  if (host == domain) return true;
  if (host_is_ip || domain.empty() || host.size() <= domain.size()) return false;
  return host.ends_with(domain) && host[host.size() - domain.size() - 1] == '.';
}

std::string DefaultPath(std::string_view uri_path) {
  if (uri_path.empty() || uri_path.front() != '/') return "/";
  size_t last = uri_path.rfind('/');
  if (last == 0) return "/";
  return std::string(uri_path.substr(0, last));
}

bool PathMatch(std::string_view request_path, std::string_view cookie_path) {
  if (request_path == cookie_path) return true;
  if (!request_path.starts_with(cookie_path)) return false;
  return cookie_path.ends_with('/') || request_path[cookie_path.size()] == '/';
}

CookieJar::CookieJar(const Clock& clock, JarOptions options) : clock_(clock), options_(options) {}

bool CookieJar::IsPublicSuffix(std::string_view domain) {
  const psl_ctx_t* psl = PublicSuffixList();
  if (psl == nullptr) return false;
  std::string z(domain);
  return psl_is_public_suffix2(psl, z.c_str(), PSL_TYPE_ANY) != 0;
}

std::string CookieJar::SiteOf(const Url& url) const {
  // Schemeful site: ws/wss count as http/https; IPs and hosts without a registrable domain
  // (e.g. localhost) are their own site.
  std::string site = url.IsSecureScheme() ? "https://" : "http://";
  const psl_ctx_t* psl = PublicSuffixList();
  const char* registrable = psl != nullptr && !url.IsIpAddress()
                                ? psl_registrable_domain(psl, url.host.c_str())
                                : nullptr;
  site.append(registrable != nullptr ? std::string_view(registrable) : std::string_view(url.host));
  return site;
}

bool CookieJar::IsSameSite(const Url& url, const RequestContext& context) const {
  return !context.top_level || SiteOf(url) == SiteOf(*context.top_level);
}

bool CookieJar::ShadowsSecureCookie(const Cookie& candidate) const {
  for (const auto& [domain, bucket] : by_domain_) {
    if (!DomainMatch(domain, candidate.domain, false) &&
        !DomainMatch(candidate.domain, domain, false)) {
      continue;
    }
    for (const Cookie& old : bucket) {
      if (old.secure && old.name == candidate.name && PathMatch(candidate.path, old.path)) {
        return true;
      }
    }
  }
  return false;
}

StoreOutcome CookieJar::StoreHeader(std::string_view set_cookie, const Url& request_url,
                                    const RequestContext& context) {
  auto parsed = ParseSetCookie(set_cookie, options_.limits);
  if (!parsed) return {StoreStatus::kUnparsable};
  return Store(*parsed, request_url, context);
}

StoreOutcome CookieJar::Store(const SetCookie& in, const Url& request_url,
                              const RequestContext& context) {
  const int64_t now = NowMillis();
  if (HasControlOrOverLimit(in, options_.limits)) return {StoreStatus::kUnparsable};
  if (in.name.empty() && in.value.empty()) return {StoreStatus::kEmptyNameAndValue};
  Cookie c;
  c.name = in.name;
  c.value = in.value;
  c.creation_ms = c.last_access_ms = now;
  c.creation_seq = next_seq_++;
  const int64_t cap = SaturatingAdd(now, SaturatingMul1000(options_.max_lifetime_seconds));
  if (in.max_age) {
    c.persistent = true;
    c.expiry_ms = *in.max_age <= 0
                      ? kLongAgo
                      : std::min(cap, SaturatingAdd(now, SaturatingMul1000(*in.max_age)));
  } else if (in.expires) {
    c.persistent = true;
    c.expiry_ms = std::min(cap, SaturatingMul1000(*in.expires));
  } else {
    c.expiry_ms = kNever;
  }

  std::string domain_attribute = in.domain.value_or("");
  if (std::any_of(domain_attribute.begin(), domain_attribute.end(),
                  [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; })) {
    return {StoreStatus::kNonAsciiDomain};
  }
  const std::string& host = request_url.host;
  if (options_.reject_public_suffixes && !domain_attribute.empty() &&
      IsPublicSuffix(domain_attribute)) {
    if (domain_attribute != host) return {StoreStatus::kPublicSuffix};
    domain_attribute.clear();
  }
  // Chromium: a Domain attribute naming an IP-address host still gives a host-only cookie.
  if (request_url.IsIpAddress() && domain_attribute == host) domain_attribute.clear();
  if (!domain_attribute.empty()) {
    if (!DomainMatch(host, domain_attribute, request_url.IsIpAddress())) {
      return {StoreStatus::kDomainMismatch};
    }
    c.host_only = false;
    c.domain = std::move(domain_attribute);
  } else {
    c.host_only = true;
    c.domain = host;
  }
  c.path = in.path && !in.path->empty() ? *in.path : DefaultPath(request_url.path);

  c.secure = in.secure;
  const bool secure_origin = IsSecureContext(request_url);
  if (c.secure && !secure_origin) return {StoreStatus::kSecureFromInsecureOrigin};
  c.http_only = in.http_only;
  if (c.http_only && !context.http_api) return {StoreStatus::kHttpOnlyFromScript};
  if (!c.secure && !secure_origin && ShadowsSecureCookie(c))
    return {StoreStatus::kOverwritesSecure};

  c.same_site = in.same_site.value_or(SameSite::kDefault);
  if (c.same_site != SameSite::kNone) {
    const bool same_site = IsSameSite(request_url, context);
    if (!same_site && (!context.http_api || !context.top_level_navigation)) {
      return {StoreStatus::kCrossSiteSameSite};
    }
  }
  if (options_.same_site_none_requires_secure && c.same_site == SameSite::kNone && !c.secure) {
    return {StoreStatus::kSameSiteNoneInsecure};
  }
  c.partitioned = in.partitioned;
  if (c.partitioned) {
    if (!c.secure) return {StoreStatus::kPartitionedInsecure};
    c.partition_key = SiteOf(context.top_level ? *context.top_level : request_url);
  }
  if (PrefixViolation({.name = c.name,
                       .value = c.value,
                       .secure = c.secure,
                       .host_only = c.host_only,
                       .path_attribute_is_root = in.path.has_value() && c.path == "/"})) {
    return {StoreStatus::kPrefixViolation};
  }

  StoreOutcome outcome;
  if (auto it = by_domain_.find(c.domain); it != by_domain_.end()) {
    std::vector<Cookie>& bucket = it->second;
    auto old = std::find_if(bucket.begin(), bucket.end(), [&](const Cookie& o) {
      return o.name == c.name && o.host_only == c.host_only && o.path == c.path &&
             o.partition_key == c.partition_key;
    });
    if (old != bucket.end()) {
      if (!context.http_api && old->http_only) return {StoreStatus::kOverwritesHttpOnly};
      c.creation_ms = old->creation_ms;
      c.creation_seq = old->creation_seq;
      bucket.erase(old);
      --total_;
      outcome.replaced = true;
    }
  }
  const std::string domain = c.domain;
  if (IsExpired(c, now)) {
    outcome.status = StoreStatus::kExpired;
  } else {
    by_domain_[domain].push_back(std::move(c));
    ++total_;
  }
  RemoveExpired(now);
  Evict(domain);
  return outcome;
}

void CookieJar::RemoveExpired(int64_t now_ms) {
  for (auto it = by_domain_.begin(); it != by_domain_.end();) {
    std::vector<Cookie>& bucket = it->second;
    size_t before = bucket.size();
    std::erase_if(bucket, [now_ms](const Cookie& c) { return IsExpired(c, now_ms); });
    total_ -= before - bucket.size();
    it = bucket.empty() ? by_domain_.erase(it) : std::next(it);
  }
}

void CookieJar::Evict(const std::string& domain) {
  auto older = [](const Cookie& a, const Cookie& b) {
    return a.last_access_ms != b.last_access_ms ? a.last_access_ms < b.last_access_ms
                                                : a.creation_seq < b.creation_seq;
  };
  // Expired cookies are already gone; what is left goes least-recently-accessed first.
  if (auto it = by_domain_.find(domain);
      it != by_domain_.end() && it->second.size() > options_.max_cookies_per_domain) {
    std::vector<Cookie>& bucket = it->second;
    size_t excess = bucket.size() - options_.max_cookies_per_domain;
    std::sort(bucket.begin(), bucket.end(), older);
    bucket.erase(bucket.begin(), bucket.begin() + static_cast<std::ptrdiff_t>(excess));
    total_ -= excess;
    if (bucket.empty()) by_domain_.erase(it);
  }
  while (total_ > options_.max_cookies) {
    auto victim_bucket = by_domain_.end();
    const Cookie* victim = nullptr;
    for (auto it = by_domain_.begin(); it != by_domain_.end(); ++it) {
      for (const Cookie& c : it->second) {
        if (victim == nullptr || older(c, *victim)) {
          victim = &c;
          victim_bucket = it;
        }
      }
    }
    std::vector<Cookie>& bucket = victim_bucket->second;
    bucket.erase(bucket.begin() + (victim - bucket.data()));
    --total_;
    if (bucket.empty()) by_domain_.erase(victim_bucket);
  }
}

std::vector<Cookie> CookieJar::CookiesFor(const Url& url, const RequestContext& context) {
  const int64_t now = NowMillis();
  const bool secure_origin = IsSecureContext(url);
  const bool same_site = IsSameSite(url, context);
  std::string partition_key;
  std::vector<Cookie*> matches;
  std::string_view candidate = url.host;
  while (!candidate.empty()) {
    if (auto it = by_domain_.find(std::string(candidate)); it != by_domain_.end()) {
      std::vector<Cookie>& bucket = it->second;
      size_t before = bucket.size();
      std::erase_if(bucket, [now](const Cookie& c) { return IsExpired(c, now); });
      total_ -= before - bucket.size();
      for (Cookie& c : bucket) {
        if (c.host_only ? c.domain != url.host
                        : !DomainMatch(url.host, c.domain, url.IsIpAddress())) {
          continue;
        }
        if (!PathMatch(url.path, c.path)) continue;
        if (c.secure && !secure_origin) continue;
        if (c.http_only && !context.http_api) continue;
        if (!same_site) {
          SameSite effective = c.same_site;
          if (effective == SameSite::kDefault) {
            effective = options_.lax_by_default ? SameSite::kLax : SameSite::kNone;
          }
          if (effective == SameSite::kStrict) continue;
          if (effective == SameSite::kLax &&
              !(context.top_level_navigation && context.safe_method)) {
            continue;
          }
        }
        if (c.partitioned) {
          if (partition_key.empty())
            partition_key = SiteOf(context.top_level ? *context.top_level : url);
          if (c.partition_key != partition_key) continue;
        }
        matches.push_back(&c);
      }
    }
    if (url.IsIpAddress()) break;
    size_t dot = candidate.find('.');
    candidate = dot == std::string_view::npos ? std::string_view() : candidate.substr(dot + 1);
  }
  std::sort(matches.begin(), matches.end(), SendsBefore);
  std::vector<Cookie> out;
  out.reserve(matches.size());
  for (Cookie* c : matches) {
    c->last_access_ms = now;
    out.push_back(*c);
  }
  return out;
}

std::string CookieJar::CookieHeader(const Url& url, const RequestContext& context) {
  std::string out;
  for (const Cookie& c : CookiesFor(url, context)) {
    if (!out.empty()) out += "; ";
    if (!c.name.empty()) {
      out += c.name;
      out += '=';
    }
    out += c.value;
  }
  return out;
}

std::vector<Cookie> CookieJar::AllCookies() const {
  const int64_t now = NowMillis();
  std::vector<Cookie> out;
  out.reserve(total_);
  for (const auto& [domain, bucket] : by_domain_) {
    for (const Cookie& c : bucket) {
      if (!IsExpired(c, now)) out.push_back(c);
    }
  }
  return out;
}

}  // namespace knox::cookie
