#include "conformance/checks/secret_checks.h"

#include <string>

#include "conformance/checks/evidence.h"

namespace knox::checks {

std::vector<Finding> CheckWeakSecret(const SessionFacts& facts) {
  if (!facts.weak_secret || !facts.weak_secret->found) return {};
  Finding f = SessionFinding(kWeakSecret, facts);
  if (facts.format) f.evidence.emplace_back("format", *facts.format);
  if (facts.weak_secret->length) {
    f.evidence.emplace_back("secret_length", std::to_string(*facts.weak_secret->length));
  }
  return {std::move(f)};
}

}  // namespace knox::checks
