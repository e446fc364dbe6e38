// What the fast weak-secret engine computes for one crack target: the format's own crack plan
// (Codec::PlanMac, core/token/mac_plan.h) for the target's token and options. nullopt when the
// format or the token's shape has no fast kernel; the generic engine then searches that target.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "conformance/analysis/secret_search.h"
#include "core/token/mac_plan.h"

namespace knox::analysis {

using token::DerivePlanKey;
using token::KeyRule;
using token::MacCheck;
using token::MacPlan;

// nullopt when this target has no fast kernel (see above).
std::optional<MacPlan> PlanMac(const CrackTarget& target);

}  // namespace knox::analysis
