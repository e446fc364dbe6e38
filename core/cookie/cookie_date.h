// Cookie dates: the user agent's lenient parser (RFC 6265bis-22 §5.1.1) and the server's
// IMF-fixdate formatter (RFC 9110 §5.6.7, the sane-cookie-date of §4.1.1). ParseCookieDate follows
// the draft's algorithm step by step (tokens in any order, first match of each kind wins, two-digit
// years mapped to 1970-2069) and fails with kMalformed where the draft says "abort". Both functions
// are pure and allocation-light; they never read the clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox::cookie {

// Seconds since the Unix epoch of the date in a cookie's Expires attribute, or kMalformed.
Result<int64_t> ParseCookieDate(std::string_view text);

// "Sun, 06 Nov 1994 08:49:37 GMT". kInvalidArgument outside the years 1601..9999, the range that
// ParseCookieDate can read back.
Result<std::string> FormatCookieDate(int64_t seconds);

}  // namespace knox::cookie
