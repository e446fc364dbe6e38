// A small strict parser for the absolute http, https, ws and wss URLs the cookie jar works with
// (RFC 3986 syntax, with WHATWG-style canonical hosts). It accepts only what it can canonicalise
// unambiguously and fails with kMalformed otherwise: no userinfo, no percent-encoded or non-ASCII
// hosts (pass the A-label), IPv4 only as four decimal octets, IPv6 without zone ids, no spaces or
// control characters anywhere. Hosts are lower-cased; IPv6 is printed per RFC 5952 in brackets;
// a trailing dot is kept (example.com. is a different cookie host from example.com, as in
// browsers). The fragment is dropped. Values are plain data, safe to copy and share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox::cookie {

enum class HostKind { kDomain, kIPv4, kIPv6 };

struct Url {
  std::string scheme;  // "http", "https", "ws" or "wss"
  std::string host;    // canonical; IPv6 includes the brackets
  HostKind host_kind = HostKind::kDomain;
  uint16_t port = 0;                 // the explicit port, or the scheme's default
  std::string path;                  // starts with '/'; "/" when the URL has none
  std::optional<std::string> query;  // without the '?'

  // https and wss.
  bool IsSecureScheme() const;
  // The draft's "secure" for cookies: a secure scheme, or a loopback host ("potentially
  // trustworthy" in W3C Secure Contexts: localhost, *.localhost, 127.0.0.0/8, [::1]).
  bool IsPotentiallyTrustworthy() const;
  bool IsIpAddress() const { return host_kind != HostKind::kDomain; }
  // scheme://host[:port]/path[?query], the port omitted when it is the default.
  std::string Serialize() const;

  friend bool operator==(const Url&, const Url&) = default;
};

Result<Url> ParseUrl(std::string_view text);

// RFC 3986 §5.2 reference resolution against `base`, as a browser resolves a link, a form action
// or a Location header: an absolute http(s) URL, a scheme-relative `//host/path`, an absolute path,
// a relative path (dot segments removed), a query-only `?q` or an empty reference (the base without
// its fragment). Surrounding ASCII whitespace is trimmed; the result is parsed by ParseUrl's rules
// (kMalformed otherwise, e.g. a `javascript:` or `mailto:` reference).
Result<Url> ResolveReference(const Url& base, std::string_view reference);

}  // namespace knox::cookie
