// ASCII case, for the protocol text that compares case-insensitively: HTTP field names and media
// types (RFC 9110 §5.1, §8.3.1), cookie attribute names, prefixes and domains (RFC 6265bis §5.6,
// §4.1.3), URL schemes and hosts, digest and month names. Only 'A'-'Z' and 'a'-'z' change case;
// every other byte, including UTF-8, is left as it is, and nothing depends on the C locale (unlike
// std::tolower). All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace knox {

constexpr char AsciiToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
constexpr char AsciiToUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

// A copy of `s` with ASCII letters lower-cased (upper-cased).
std::string AsciiStrToLower(std::string_view s);
std::string AsciiStrToUpper(std::string_view s);

// ASCII case-insensitive comparisons.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
// The first position at or after `from` where `needle` occurs in `hay`, ignoring ASCII case;
// std::string_view::npos when there is none.
size_t FindIgnoreCase(std::string_view hay, std::string_view needle, size_t from = 0);

}  // namespace knox
