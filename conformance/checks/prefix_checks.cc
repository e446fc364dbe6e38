#include "conformance/checks/prefix_checks.h"

#include "conformance/checks/evidence.h"
#include "core/cookie/prefix.h"

namespace knox::checks {

std::vector<Finding> CheckHostPrefixMissing(const SessionFacts& facts) {
  if (!facts.session_cookie || cookie::HasHostPrefix(facts.session_cookie->name)) return {};
  Finding f = CookieFinding(kHostPrefixMissing, *facts.session_cookie);
  f.evidence.emplace_back(
      "prefix", cookie::HasSecurePrefix(facts.session_cookie->name) ? "__Secure-" : "none");
  return {std::move(f)};
}

std::vector<Finding> CheckPrefixViolated(const SessionFacts& facts) {
  std::vector<Finding> out;
  for (const ObservedCookie* c : AllCookies(facts)) {
    if (!c->attributes) continue;
    const cookie::SetCookie& a = *c->attributes;
    auto problem = cookie::PrefixViolation({.name = a.name,
                                            .value = a.value,
                                            .secure = a.secure,
                                            .host_only = !a.domain.has_value(),
                                            .path_attribute_is_root = a.path == "/"});
    if (!problem) continue;
    Finding f = CookieFinding(kPrefixViolated, *c);
    f.evidence.emplace_back("problem", std::string(cookie::ProblemText(*problem)));
    f.evidence.emplace_back("secure", a.secure ? "yes" : "no");
    if (a.domain) f.evidence.emplace_back("domain", *a.domain);
    if (a.path) f.evidence.emplace_back("path", *a.path);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace knox::checks
