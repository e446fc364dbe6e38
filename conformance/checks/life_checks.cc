#include "conformance/checks/life_checks.h"

#include <string>

#include "conformance/checks/evidence.h"

namespace knox::checks {
namespace {

std::vector<Finding> LifetimeIn(const CheckInfo& check, const SessionFacts& facts, int64_t above,
                                int64_t up_to) {
  if (!facts.session_cookie || !facts.lifetime_s) return {};
  int64_t s = *facts.lifetime_s;
  if (s <= above || s > up_to) return {};
  Finding f = CookieFinding(check, *facts.session_cookie);
  f.evidence.emplace_back("lifetime_s", std::to_string(s));
  return {std::move(f)};
}

}  // namespace

std::vector<Finding> CheckPersistentSession(const SessionFacts& facts) {
  return LifetimeIn(kPersistentSession, facts, kLongLifetimeS, kVeryLongLifetimeS);
}

std::vector<Finding> CheckSessionTooLong(const SessionFacts& facts) {
  return LifetimeIn(kSessionTooLong, facts, kVeryLongLifetimeS, INT64_MAX);
}

std::vector<Finding> CheckExpiryNotEnforced(const SessionFacts& facts) {
  if (facts.expiry_enforced != false) return {};  // undecided, or enforced
  // An expired JWT that was let in is reported once, by CheckJwtExpiredAccepted.
  if (facts.jwt && facts.jwt->expired_accepted == true) return {};
  Finding f = SessionFinding(kExpiryNotEnforced, facts);
  if (facts.lifetime_s) f.evidence.emplace_back("lifetime_s", std::to_string(*facts.lifetime_s));
  return {std::move(f)};
}

}  // namespace knox::checks
