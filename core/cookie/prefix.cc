#include "core/cookie/prefix.h"

#include "core/base/ascii.h"

namespace knox::cookie {

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
