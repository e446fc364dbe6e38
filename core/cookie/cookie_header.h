// The request `Cookie:` header as a server reads it (RFC 6265bis-22 §4.2 and §5.8.3's output form).
// Tolerant on purpose, like the frameworks it stands in for: split on ';', trim SP/HTAB around
// names and values, keep an item without '=' as a nameless cookie (which is how a browser sends
// one), keep duplicate names in the order sent (a server must not assume names are unique), skip
// empty items. Never fails. The returned views point into `header`, which must outlive them.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace knox::cookie {

struct CookiePair {
  std::string_view name;  // empty for a nameless cookie
  std::string_view value;
  friend bool operator==(const CookiePair&, const CookiePair&) = default;
};

std::vector<CookiePair> ParseCookieHeader(std::string_view header);

// The value of the first pair ParseCookieHeader(header) would return with name `name`, without
// building the list (a server looks up its session cookie on every request).
std::optional<std::string_view> FindCookie(std::string_view header, std::string_view name);

}  // namespace knox::cookie
