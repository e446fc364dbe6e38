// Set-Cookie: the user agent's parser (RFC 6265bis-22 §5.6) and the server's serialiser (§4.1).
// ParseSetCookie reproduces the draft's algorithm exactly; it knows nothing about the request URL
// or the time, so it records attributes as received (after the draft's per-attribute processing)
// and leaves default-path, domain matching, lifetime capping and prefix enforcement to CookieJar
// (§5.7). It fails with kMalformed only where the draft says "ignore the set-cookie-string
// entirely" (control characters, name+value over 4096 bytes); everything else the draft silently
// ignores is reported in `problems`. SerializeSetCookie emits the canonical form and refuses
// anything a browser would reject or read differently (kInvalidArgument). All functions are pure
// and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace knox::cookie {

struct CookieLimits {
  size_t max_name_value_bytes =
      4096;  // §5.6 step 5: name + value longer than this: ignore the line
  size_t max_attribute_value_bytes = 1024;  // §5.6: a longer attribute value: ignore the attribute
};

// The enforcement a SameSite attribute asks for. kDefault: the attribute was present with an
// unrecognised value, which the draft treats like an absent attribute ("Default" enforcement).
enum class SameSite { kDefault, kNone, kLax, kStrict };
std::string_view SameSiteName(SameSite s);  // "Default", "None", "Lax", "Strict"

// Things a browser silently ignores or fixes up, and risky combinations, for the CLI and the
// auditor.
enum class Problem {
  kNameless,                   // no '=' or empty name: a nameless cookie
  kAttributeTooLong,           // an attribute value over the limit was ignored
  kInvalidExpires,             // Expires not a cookie-date: ignored
  kInvalidMaxAge,              // Max-Age not (-)DIGITs: ignored
  kMaxAgeOverridesExpires,     // both present: Max-Age wins
  kLifetimeOverCap,            // Max-Age longer than 400 days: capped by the browser
  kEmptyDomain,                // Domain= with no value: ignored
  kDomainLeadingDot,           // leading '.' of Domain removed
  kPathNotAbsolute,            // Path empty or not starting with '/': the default-path is used
  kUnknownSameSite,            // SameSite value not Strict/Lax/None: default enforcement
  kSameSiteNoneWithoutSecure,  // Chromium rejects the cookie
  kPartitionedWithoutSecure,   // Chromium rejects the cookie
  kSecurePrefixWithoutSecure,  // __Secure- without Secure: rejected
  kHostPrefixViolation,        // __Host- without Secure, with Domain, or without Path=/: rejected
  kNamelessPrefix,      // nameless cookie whose value starts with __Secure-/__Host-: rejected
  kDuplicateAttribute,  // an attribute repeated: the last one wins
  kUnknownAttribute,    // an attribute the draft does not define: ignored
};
std::string_view ProblemText(Problem p);

struct SetCookie {
  std::string name = {};                // empty for a nameless cookie
  std::string value = {};               // surrounding DQUOTEs are part of the value (§5.6)
  std::optional<int64_t> expires = {};  // last valid Expires, seconds since the epoch (not capped)
  std::optional<int64_t> max_age = {};  // last valid Max-Age in seconds, as sent (may be <= 0)
  std::optional<std::string> domain =
      {};  // last non-empty Domain, lower-cased, one leading '.' removed
  std::optional<std::string> path = {};  // last Path; "" = invalid, the jar uses the default-path
  bool secure = false;
  bool http_only = false;
  bool partitioned = false;
  std::optional<SameSite> same_site = {};  // last SameSite attribute
  std::vector<Problem> problems = {};      // in the order found, each at most once

  bool HasProblem(Problem p) const;
  friend bool operator==(const SetCookie&, const SetCookie&) = default;
};

// RFC 6265bis-22 §5.6. `header` is the field value of one Set-Cookie header.
Result<SetCookie> ParseSetCookie(std::string_view header, const CookieLimits& limits = {});

// Canonical wire form: `name=value; Expires=<IMF-fixdate>; Max-Age=N; Domain=d; Path=p; Secure;
// HttpOnly; SameSite=Lax; Partitioned`. Requires a token name, cookie-octet value (optionally in
// DQUOTEs), a LDH domain, a Path starting with '/', and the prefix and Secure rules browsers
// enforce. `problems` are ignored. Whenever it succeeds, ParseSetCookie(result) equals `cookie` up
// to problems.
Result<std::string> SerializeSetCookie(const SetCookie& cookie, const CookieLimits& limits = {});

}  // namespace knox::cookie
