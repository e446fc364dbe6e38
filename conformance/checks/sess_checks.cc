#include "conformance/checks/sess_checks.h"

#include <optional>

#include "conformance/checks/evidence.h"

namespace knox::checks {
namespace {

// One session finding when the flow decided `fact` and it equals `bad`.
std::vector<Finding> SessionIf(const CheckInfo& check, const SessionFacts& facts,
                               const std::optional<bool>& fact, bool bad) {
  if (fact != bad) return {};  // undecided, or the good outcome
  return {SessionFinding(check, facts)};
}

}  // namespace

std::vector<Finding> CheckNoRotationAtLogin(const SessionFacts& facts) {
  return SessionIf(kNoRotationAtLogin, facts, facts.login_rotates_id, false);
}

std::vector<Finding> CheckSessionFixation(const SessionFacts& facts) {
  return SessionIf(kSessionFixation, facts, facts.fixation, true);
}

std::vector<Finding> CheckLogoutNotInvalidating(const SessionFacts& facts) {
  return SessionIf(kLogoutNotInvalidating, facts, facts.logout_invalidates, false);
}

std::vector<Finding> CheckLogoutNotClearing(const SessionFacts& facts) {
  return SessionIf(kLogoutNotClearing, facts, facts.logout_clears_cookie, false);
}

std::vector<Finding> CheckSessionIdInUrl(const SessionFacts& facts) {
  return SessionIf(kSessionIdInUrl, facts, facts.session_id_in_url, true);
}

std::vector<Finding> CheckCleartextHttp(const SessionFacts& facts) {
  // No session cookie or bearer token seen: nothing travels in clear.
  if (!facts.session_cookie && !facts.bearer) return {};
  return SessionIf(kCleartextHttp, facts, facts.https, false);
}

}  // namespace knox::checks
