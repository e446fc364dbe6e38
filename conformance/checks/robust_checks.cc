#include "conformance/checks/robust_checks.h"

#include "conformance/checks/evidence.h"

namespace knox::checks {

std::vector<Finding> CheckServerErrorOnTamper(const SessionFacts& facts) {
  if (!facts.tamper_server_errors || facts.tamper_server_errors->empty()) return {};
  Finding f = SessionFinding(kServerErrorOnTamper, facts);
  f.evidence.emplace_back("modifications", Join(*facts.tamper_server_errors));
  return {std::move(f)};
}

}  // namespace knox::checks
