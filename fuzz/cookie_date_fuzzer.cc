// Properties of §5.1.1 cookie-date parsing: every accepted date lies in 1601..9999 and formats as
// an IMF-fixdate that parses back to the same second; and formatting any representable second
// (taken from the input's first 8 bytes) parses back to itself.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "core/cookie/cookie_date.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto seconds = knox::cookie::ParseCookieDate(in)) {
    auto text = knox::cookie::FormatCookieDate(*seconds);
    if (!text) std::abort();
    auto back = knox::cookie::ParseCookieDate(*text);
    if (!back || *back != *seconds) std::abort();
  }
  if (size >= 8) {
    int64_t t;
    std::memcpy(&t, data, sizeof t);
    if (auto text = knox::cookie::FormatCookieDate(t)) {
      auto back = knox::cookie::ParseCookieDate(*text);
      if (!back || *back != t) std::abort();
    }
  }
  return 0;
}
