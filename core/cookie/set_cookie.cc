#include "core/cookie/set_cookie.h"

#include <algorithm>
#include <limits>

#include "core/base/ascii.h"
#include "core/base/http_token.h"
#include "core/cookie/cookie_date.h"
#include "core/cookie/prefix.h"

namespace knox::cookie {
namespace {

constexpr int64_t kMaxLifetimeSeconds = 400LL * 24 * 3600;  // §5.6.1/§5.6.2 cookie-age-limit

bool IsWsp(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimWsp(std::string_view s) {
  while (!s.empty() && IsWsp(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsWsp(s.back())) s.remove_suffix(1);
  return s;
}

// %x00-08 / %x0A-1F / %x7F: HTAB is allowed.
bool IsForbiddenControl(unsigned char c) {
  return c <= 0x08 || (c >= 0x0A && c <= 0x1F) || c == 0x7F;
}

void AddProblem(SetCookie& cookie, Problem p) {
  if (!cookie.HasProblem(p)) cookie.problems.push_back(p);
}

// Max-Age (§5.6.2): a DIGIT or '-' DIGIT first, then only DIGITs. Saturates instead of overflowing.
std::optional<int64_t> ParseMaxAge(std::string_view v) {
  bool negative = !v.empty() && v.front() == '-';
  if (negative) v.remove_prefix(1);
  if (v.empty()) return std::nullopt;
  int64_t out = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return std::nullopt;
    int digit = c - '0';
    if (out > (std::numeric_limits<int64_t>::max() - digit) / 10) {
      out = std::numeric_limits<int64_t>::max();
    } else {
      out = out * 10 + digit;
    }
  }
  return negative ? -out : out;
}

enum Attr : unsigned {
  kExpiresBit = 1,
  kMaxAgeBit = 2,
  kDomainBit = 4,
  kPathBit = 8,
  kSecureBit = 16,
  kHttpOnlyBit = 32,
  kSameSiteBit = 64,
  kPartitionedBit = 128,
};

// Applies one cookie-av (§5.6.1-§5.6.8). Returns the attribute's bit, or 0 for an unknown name.
unsigned ApplyAttribute(std::string_view name, std::string_view value, SetCookie& cookie) {
  if (EqualsIgnoreCase(name, "expires")) {
    auto date = ParseCookieDate(value);
    if (date) {
      cookie.expires = *date;
    } else {
      AddProblem(cookie, Problem::kInvalidExpires);
    }
    return kExpiresBit;
  }
  if (EqualsIgnoreCase(name, "max-age")) {
    auto seconds = ParseMaxAge(value);
    if (seconds) {
      cookie.max_age = seconds;
    } else {
      AddProblem(cookie, Problem::kInvalidMaxAge);
    }
    return kMaxAgeBit;
  }
  if (EqualsIgnoreCase(name, "domain")) {
    if (value.empty()) {
      AddProblem(cookie, Problem::kEmptyDomain);  // "SHOULD ignore the cookie-av entirely"
      return kDomainBit;
    }
    if (value.front() == '.') {
      value.remove_prefix(1);
      AddProblem(cookie, Problem::kDomainLeadingDot);
    }
    cookie.domain = AsciiStrToLower(value);
    return kDomainBit;
  }
  if (EqualsIgnoreCase(name, "path")) {
    if (value.empty() || value.front() != '/') {
      cookie.path = std::string();  // the default-path, resolved by the jar
      AddProblem(cookie, Problem::kPathNotAbsolute);
    } else {
      cookie.path = std::string(value);
    }
    return kPathBit;
  }
  if (EqualsIgnoreCase(name, "secure")) {
    cookie.secure = true;
    return kSecureBit;
  }
  if (EqualsIgnoreCase(name, "httponly")) {
    cookie.http_only = true;
    return kHttpOnlyBit;
  }
  if (EqualsIgnoreCase(name, "samesite")) {
    if (EqualsIgnoreCase(value, "none")) {
      cookie.same_site = SameSite::kNone;
    } else if (EqualsIgnoreCase(value, "lax")) {
      cookie.same_site = SameSite::kLax;
    } else if (EqualsIgnoreCase(value, "strict")) {
      cookie.same_site = SameSite::kStrict;
    } else {
      cookie.same_site = SameSite::kDefault;
      AddProblem(cookie, Problem::kUnknownSameSite);
    }
    return kSameSiteBit;
  }
  if (EqualsIgnoreCase(name, "partitioned")) {
    cookie.partitioned = true;
    return kPartitionedBit;
  }
  return 0;
}

void AddSummaryProblems(SetCookie& cookie) {
  if (cookie.expires && cookie.max_age) AddProblem(cookie, Problem::kMaxAgeOverridesExpires);
  if (cookie.max_age && *cookie.max_age > kMaxLifetimeSeconds) {
    AddProblem(cookie, Problem::kLifetimeOverCap);
  }
  if (cookie.same_site == SameSite::kNone && !cookie.secure) {
    AddProblem(cookie, Problem::kSameSiteNoneWithoutSecure);
  }
  if (cookie.partitioned && !cookie.secure) AddProblem(cookie, Problem::kPartitionedWithoutSecure);
  // Without the request URL, a Domain attribute is taken to mean "not host-only", and an invalid
  // Path (the default-path, unknown here) is given the benefit of the doubt.
  auto violation = PrefixViolation({
      .name = cookie.name,
      .value = cookie.value,
      .secure = cookie.secure,
      .host_only = !cookie.domain || cookie.domain->empty(),
      .path_attribute_is_root = cookie.path && (cookie.path->empty() || *cookie.path == "/"),
  });
  if (violation) AddProblem(cookie, *violation);
}

// cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
bool IsCookieOctet(unsigned char c) {
  return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
         (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

bool IsValidCookieValue(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return std::all_of(v.begin(), v.end(),
                     [](char c) { return IsCookieOctet(static_cast<unsigned char>(c)); });
}

// A host name of letter-digit-hyphen labels (underscores tolerated, as browsers do), no empty
// label.
bool IsValidDomainValue(std::string_view d) {
  if (d.empty() || d.front() == '.' || d.back() == '.' || d.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(d.begin(), d.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_';
  });
}

// av-octet = %x20-3A / %x3C-7E, and no surrounding whitespace (the parser would trim it).
bool IsValidPathValue(std::string_view p) {
  if (p.empty() || p.front() != '/' || IsWsp(p.back())) return false;
  return std::all_of(p.begin(), p.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return (u >= 0x20 && u <= 0x3A) || (u >= 0x3C && u <= 0x7E);
  });
}

}  // namespace

std::string_view SameSiteName(SameSite s) {
  switch (s) {
    case SameSite::kDefault:
      return "Default";
    case SameSite::kNone:
      return "None";
    case SameSite::kLax:
      return "Lax";
    case SameSite::kStrict:
      return "Strict";
  }
  return "Default";
}

std::string_view ProblemText(Problem p) {
  switch (p) {
    case Problem::kNameless:
      return "nameless cookie (no name before '=')";
    case Problem::kAttributeTooLong:
      return "attribute value over 1024 bytes ignored";
    case Problem::kInvalidExpires:
      return "invalid Expires ignored";
    case Problem::kInvalidMaxAge:
      return "Max-Age not numeric ignored";
    case Problem::kMaxAgeOverridesExpires:
      return "Max-Age and Expires both present: Max-Age wins";
    case Problem::kLifetimeOverCap:
      return "Max-Age over 400 days: capped to 400 days";
    case Problem::kEmptyDomain:
      return "empty Domain ignored";
    case Problem::kDomainLeadingDot:
      return "leading '.' of Domain removed";
    case Problem::kPathNotAbsolute:
      return "Path does not start with /: default-path used";
    case Problem::kUnknownSameSite:
      return "unrecognised SameSite value: default enforcement";
    case Problem::kSameSiteNoneWithoutSecure:
      return "SameSite=None without Secure";
    case Problem::kPartitionedWithoutSecure:
      return "Partitioned without Secure";
    case Problem::kSecurePrefixWithoutSecure:
      return "__Secure- prefix without Secure";
    case Problem::kHostPrefixViolation:
      return "__Host- prefix needs Secure, no Domain and Path=/";
    case Problem::kNamelessPrefix:
      return "nameless cookie whose value starts with a prefix";
    case Problem::kDuplicateAttribute:
      return "attribute repeated: the last one wins";
    case Problem::kUnknownAttribute:
      return "unknown attribute ignored";
  }
  return "unknown problem";
}

bool SetCookie::HasProblem(Problem p) const {
  return std::find(problems.begin(), problems.end(), p) != problems.end();
}

Result<SetCookie> ParseSetCookie(std::string_view header, const CookieLimits& limits) {
  for (char c : header) {
    if (IsForbiddenControl(static_cast<unsigned char>(c))) {
      return Fail(ErrorCode::kMalformed, "Set-Cookie contains a control character");
    }
  }
  size_t semi = header.find(';');
  std::string_view pair = header.substr(0, semi);
  std::string_view attributes =
      semi == std::string_view::npos ? std::string_view() : header.substr(semi);
  std::string_view name, value;
  if (size_t eq = pair.find('='); eq == std::string_view::npos) {
    value = pair;
  } else {
    name = pair.substr(0, eq);
    value = pair.substr(eq + 1);
  }
  name = TrimWsp(name);
  value = TrimWsp(value);
  if (name.size() + value.size() > limits.max_name_value_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "Set-Cookie name and value exceed 4096 bytes");
  }
  SetCookie cookie;
  cookie.name = std::string(name);
  cookie.value = std::string(value);
  if (name.empty()) AddProblem(cookie, Problem::kNameless);

  unsigned seen = 0;
  while (!attributes.empty()) {
    attributes.remove_prefix(1);  // the ';'
    size_t next = attributes.find(';');
    std::string_view av = attributes.substr(0, next);
    attributes = next == std::string_view::npos ? std::string_view() : attributes.substr(next);
    std::string_view attr_name = av, attr_value;
    if (size_t eq = av.find('='); eq != std::string_view::npos) {
      attr_name = av.substr(0, eq);
      attr_value = av.substr(eq + 1);
    }
    attr_name = TrimWsp(attr_name);
    attr_value = TrimWsp(attr_value);
    if (attr_value.size() > limits.max_attribute_value_bytes) {
      AddProblem(cookie, Problem::kAttributeTooLong);
      continue;
    }
    unsigned bit = ApplyAttribute(attr_name, attr_value, cookie);
    if (bit == 0 && !attr_name.empty()) AddProblem(cookie, Problem::kUnknownAttribute);
    if ((seen & bit) != 0) AddProblem(cookie, Problem::kDuplicateAttribute);
    seen |= bit;
  }
  AddSummaryProblems(cookie);
  return cookie;
}

Result<std::string> SerializeSetCookie(const SetCookie& cookie, const CookieLimits& limits) {
  if (!IsHttpToken(cookie.name)) {
    return Fail(ErrorCode::kInvalidArgument, "cookie name is not an RFC 9110 token");
  }
  if (!IsValidCookieValue(cookie.value)) {
    return Fail(ErrorCode::kInvalidArgument, "cookie value has a byte outside cookie-octet");
  }
  if (cookie.name.size() + cookie.value.size() > limits.max_name_value_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "cookie name and value exceed 4096 bytes");
  }
  auto violation = PrefixViolation({.name = cookie.name,
                                    .value = cookie.value,
                                    .secure = cookie.secure,
                                    .host_only = !cookie.domain,
                                    .path_attribute_is_root = cookie.path == "/"});
  if (violation) return Fail(ErrorCode::kInvalidArgument, std::string(ProblemText(*violation)));
  if (cookie.same_site == SameSite::kNone && !cookie.secure) {
    return Fail(ErrorCode::kInvalidArgument,
                "SameSite=None without Secure is rejected by Chromium");
  }
  if (cookie.same_site == SameSite::kDefault) {
    return Fail(ErrorCode::kInvalidArgument, "SameSite must be Strict, Lax or None");
  }
  if (cookie.partitioned && !cookie.secure) {
    return Fail(ErrorCode::kInvalidArgument, "Partitioned without Secure is rejected by Chromium");
  }
  // Appends only: g++ 12 -O3 reports a false -Wrestrict on `"literal" + std::string` (PR 105329).
  std::string out;
  out.append(cookie.name).append("=").append(cookie.value);
  if (cookie.expires) {
    auto date = FormatCookieDate(*cookie.expires);
    if (!date) return std::unexpected(date.error());
    out.append("; Expires=").append(*date);
  }
  if (cookie.max_age) out.append("; Max-Age=").append(std::to_string(*cookie.max_age));
  if (cookie.domain) {
    if (!IsValidDomainValue(*cookie.domain) ||
        cookie.domain->size() > limits.max_attribute_value_bytes) {
      return Fail(ErrorCode::kInvalidArgument, "Domain is not a host name");
    }
    out.append("; Domain=").append(AsciiStrToLower(*cookie.domain));
  }
  if (cookie.path) {
    if (!IsValidPathValue(*cookie.path) || cookie.path->size() > limits.max_attribute_value_bytes) {
      return Fail(ErrorCode::kInvalidArgument, "Path must start with / and hold only av-octets");
    }
    out.append("; Path=").append(*cookie.path);
  }
  if (cookie.secure) out += "; Secure";
  if (cookie.http_only) out += "; HttpOnly";
  if (cookie.same_site) out.append("; SameSite=").append(SameSiteName(*cookie.same_site));
  if (cookie.partitioned) out += "; Partitioned";
  return out;
}

}  // namespace knox::cookie
