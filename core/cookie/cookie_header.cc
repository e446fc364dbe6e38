#include "core/cookie/cookie_header.h"

namespace knox::cookie {
namespace {

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The next pair of `header`, which is advanced past it; nullopt when none is left.
std::optional<CookiePair> NextPair(std::string_view& header) {
  while (!header.empty()) {
    size_t semi = header.find(';');
    std::string_view item = TrimOws(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) return CookiePair{std::string_view(), item};
    return CookiePair{TrimOws(item.substr(0, eq)), TrimOws(item.substr(eq + 1))};
  }
  return std::nullopt;
}

}  // namespace

std::vector<CookiePair> ParseCookieHeader(std::string_view header) {
  std::vector<CookiePair> out;
  while (auto pair = NextPair(header)) out.push_back(*pair);
  return out;
}

std::optional<std::string_view> FindCookie(std::string_view header, std::string_view name) {
  while (auto pair = NextPair(header)) {
    if (pair->name == name) return pair->value;
  }
  return std::nullopt;
}

}  // namespace knox::cookie
