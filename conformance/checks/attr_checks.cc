#include "conformance/checks/attr_checks.h"

#include <limits>
#include <string>

#include "conformance/checks/evidence.h"

namespace knox::checks {
namespace {

using cookie::SameSite;
using cookie::SetCookie;

// One finding about the session cookie when its attributes are known and `bad` holds.
template <class Pred>
std::vector<Finding> SessionCookieIf(const CheckInfo& check, const SessionFacts& facts, Pred bad) {
  const SetCookie* attrs = SessionAttributes(facts);
  if (attrs == nullptr || !bad(*attrs)) return {};
  return {CookieFinding(check, *facts.session_cookie)};
}

size_t NameValueBytes(const ObservedCookie& c) { return c.name.size() + c.value_length; }

std::vector<Finding> SizeFindings(const CheckInfo& check, const SessionFacts& facts, size_t above,
                                  size_t up_to) {
  std::vector<Finding> out;
  for (const ObservedCookie* c : AllCookies(facts)) {
    size_t bytes = NameValueBytes(*c);
    if (bytes <= above || bytes > up_to) continue;
    Finding f = CookieFinding(check, *c);
    f.evidence.emplace_back("name_value_bytes", std::to_string(bytes));
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

std::vector<Finding> CheckSecureMissing(const SessionFacts& facts) {
  return SessionCookieIf(kSecureMissing, facts, [](const SetCookie& c) { return !c.secure; });
}

std::vector<Finding> CheckHttpOnlyMissing(const SessionFacts& facts) {
  return SessionCookieIf(kHttpOnlyMissing, facts, [](const SetCookie& c) { return !c.http_only; });
}

std::vector<Finding> CheckSameSiteMissing(const SessionFacts& facts) {
  return SessionCookieIf(kSameSiteMissing, facts,
                         [](const SetCookie& c) { return !c.same_site.has_value(); });
}

std::vector<Finding> CheckSameSiteInvalid(const SessionFacts& facts) {
  return SessionCookieIf(kSameSiteInvalid, facts,
                         [](const SetCookie& c) { return c.same_site == SameSite::kDefault; });
}

std::vector<Finding> CheckSameSiteNone(const SessionFacts& facts) {
  return SessionCookieIf(kSameSiteNone, facts, [](const SetCookie& c) {
    return c.same_site == SameSite::kNone && c.secure;
  });
}

std::vector<Finding> CheckSameSiteNoneWithoutSecure(const SessionFacts& facts) {
  return SessionCookieIf(kSameSiteNoneWithoutSecure, facts, [](const SetCookie& c) {
    return c.same_site == SameSite::kNone && !c.secure;
  });
}

std::vector<Finding> CheckDomainTooBroad(const SessionFacts& facts) {
  auto out = SessionCookieIf(kDomainTooBroad, facts,
                             [](const SetCookie& c) { return c.domain.has_value(); });
  if (!out.empty()) out.front().evidence.emplace_back("domain", *SessionAttributes(facts)->domain);
  return out;
}

std::vector<Finding> CheckBrowserRefusesSessionCookie(const SessionFacts& facts) {
  if (!facts.session_cookie || !facts.browser_refuses_session_cookie.value_or(false)) return {};
  Finding f = CookieFinding(kBrowserRefusesSessionCookie, *facts.session_cookie);
  f.evidence.emplace_back("browser_rule", facts.browser_refusal.value_or("refused"));
  return {std::move(f)};
}

std::vector<Finding> CheckCookieTooLarge(const SessionFacts& facts) {
  return SizeFindings(kCookieTooLarge, facts, kMaxCookieBytes, std::numeric_limits<size_t>::max());
}

std::vector<Finding> CheckCookieNearSizeLimit(const SessionFacts& facts) {
  return SizeFindings(kCookieNearSizeLimit, facts, kNearCookieBytes, kMaxCookieBytes);
}

}  // namespace knox::checks
