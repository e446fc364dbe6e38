#include "core/cookie/prefix.h"

#include <cstddef>

namespace knox::cookie {
namespace {

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    char p = prefix[i];
    if (p >= 'A' && p <= 'Z') p = static_cast<char>(p - 'A' + 'a');
    if (c != p) return false;
  }
  return true;
}

}  // namespace

bool HasSecurePrefix(std::string_view name) { return StartsWithIgnoreCase(name, "__secure-"); }
bool HasHostPrefix(std::string_view name) { return StartsWithIgnoreCase(name, "__host-"); }

std::optional<Problem> PrefixViolation(const PrefixFacts& facts) {
  if (HasSecurePrefix(facts.name) && !facts.secure) return Problem::kSecurePrefixWithoutSecure;
  if (HasHostPrefix(facts.name) &&
      !(facts.secure && facts.host_only && facts.path_attribute_is_root)) {
    return Problem::kHostPrefixViolation;
  }
  if (facts.name.empty() && (HasSecurePrefix(facts.value) || HasHostPrefix(facts.value))) {
    return Problem::kNamelessPrefix;
  }
  return std::nullopt;
}

}  // namespace knox::cookie
