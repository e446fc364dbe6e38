// The check registry (DESIGN §5): every check knox knows, in id order, as a constexpr table of
// {metadata, function}. `knox checks` and docs/checks.md list it; the auditor runs it over the
// facts it determined. Pure and thread-safe; the table and its CheckInfo live for the program.
#pragma once

#include <span>
#include <vector>

#include "conformance/checks/check_info.h"
#include "conformance/checks/facts.h"
#include "conformance/checks/finding.h"

namespace knox::checks {

using CheckFn = std::vector<Finding> (*)(const SessionFacts&);

struct Check {
  const CheckInfo* info;
  CheckFn run;
};

// In id order: families as in kFamilies, then by number.
std::span<const Check> AllChecks();

// The findings of every check, in registry order. Undecided facts produce no finding.
std::vector<Finding> RunAll(const SessionFacts& facts);

}  // namespace knox::checks
