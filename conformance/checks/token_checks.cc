#include "conformance/checks/token_checks.h"

#include <string>

#include "conformance/checks/evidence.h"

namespace knox::checks {
namespace {

void AddKind(Finding& f, const SessionFacts& facts) {
  if (facts.kind) f.evidence.emplace_back("kind", std::string(SessionKindName(*facts.kind)));
  if (facts.format) f.evidence.emplace_back("format", *facts.format);
}

}  // namespace

// An unsigned session that accepts modification is reported once, by CheckUnsignedSession.
std::vector<Finding> CheckTamperingAccepted(const SessionFacts& facts) {
  if (facts.tamper_rejected != false || facts.kind == SessionKind::kUnsignedPayload) return {};
  Finding f = SessionFinding(kTamperingAccepted, facts);
  AddKind(f, facts);
  return {std::move(f)};
}

std::vector<Finding> CheckUnsignedSession(const SessionFacts& facts) {
  if (facts.kind != SessionKind::kUnsignedPayload || facts.tamper_rejected != false) return {};
  Finding f = SessionFinding(kUnsignedSession, facts);
  AddKind(f, facts);
  if (facts.readable_fields) f.evidence.emplace_back("fields", Join(*facts.readable_fields));
  return {std::move(f)};
}

std::vector<Finding> CheckSensitivePayload(const SessionFacts& facts) {
  if (!facts.sensitive_fields || facts.sensitive_fields->empty()) return {};
  Finding f = SessionFinding(kSensitivePayload, facts);
  AddKind(f, facts);
  f.evidence.emplace_back("sensitive_fields", Join(*facts.sensitive_fields));
  return {std::move(f)};
}

}  // namespace knox::checks
