#include "conformance/analysis/mac_plan.h"

namespace knox::analysis {

std::optional<MacPlan> PlanMac(const CrackTarget& target) {
  if (target.codec == nullptr) return std::nullopt;
  return target.codec->PlanMac(target.options, target.token, target.signature);
}

}  // namespace knox::analysis
