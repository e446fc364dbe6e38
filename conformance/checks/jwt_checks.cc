#include "conformance/checks/jwt_checks.h"

#include <optional>

#include "conformance/checks/evidence.h"

namespace knox::checks {
namespace {

// One session finding when the audit decided the JWT fact `member` and it is true.
std::vector<Finding> JwtIf(const CheckInfo& check, const SessionFacts& facts,
                           std::optional<bool> JwtFacts::* member) {
  if (!facts.jwt || (*facts.jwt).*member != true) return {};
  Finding f = SessionFinding(check, facts);
  if (facts.kind) f.evidence.emplace_back("kind", std::string(SessionKindName(*facts.kind)));
  return {std::move(f)};
}

}  // namespace

std::vector<Finding> CheckJwtAlgNoneAccepted(const SessionFacts& facts) {
  return JwtIf(kJwtAlgNoneAccepted, facts, &JwtFacts::alg_none_accepted);
}

std::vector<Finding> CheckJwtSignatureStripped(const SessionFacts& facts) {
  return JwtIf(kJwtSignatureStripped, facts, &JwtFacts::signature_stripped_accepted);
}

std::vector<Finding> CheckJwtKeyConfusion(const SessionFacts& facts) {
  return JwtIf(kJwtKeyConfusion, facts, &JwtFacts::key_confusion_accepted);
}

std::vector<Finding> CheckJwtExpMissing(const SessionFacts& facts) {
  return JwtIf(kJwtExpMissing, facts, &JwtFacts::exp_missing);
}

std::vector<Finding> CheckJwtExpiredAccepted(const SessionFacts& facts) {
  return JwtIf(kJwtExpiredAccepted, facts, &JwtFacts::expired_accepted);
}

}  // namespace knox::checks
