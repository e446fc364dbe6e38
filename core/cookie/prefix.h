// Cookie name prefixes (RFC 6265bis-22 §4.1.3 and §5.7 steps 19-21): `__Secure-` and `__Host-`,
// matched ASCII case-insensitively as draft-22 (and current Chromium and Firefox) do, including a
// nameless cookie whose value starts with a prefix (which would otherwise be sent as `__Host-x` and
// be indistinguishable from a real prefixed cookie on the server). Pure functions.
#pragma once

#include <optional>
#include <string_view>

#include "core/cookie/set_cookie.h"

namespace knox::cookie {

bool HasSecurePrefix(std::string_view name);
bool HasHostPrefix(std::string_view name);

// What a prospective cookie needs to know for the prefix rules.
struct PrefixFacts {
  std::string_view name;
  std::string_view value;
  bool secure = false;
  bool host_only = false;
  bool path_attribute_is_root = false;  // a Path attribute was present and the cookie's path is "/"
};

// The prefix rule the cookie breaks (the jar must then ignore it), or nullopt.
std::optional<Problem> PrefixViolation(const PrefixFacts& facts);

}  // namespace knox::cookie
