// Small, dependency-free statistics used by the randomness analysis: chi-square and normal tail
// probabilities. Accuracy is that of the classic series / continued-fraction evaluations of the
// regularized incomplete gamma function (relative error ~1e-12), far beyond what the tests need.
#pragma once

#include <cstddef>

namespace knox::analysis {

// P(X >= x) for X ~ chi-square with `dof` degrees of freedom.
double ChiSquareSurvival(double x, double dof);

// Two-sided P(|Z| >= |z|) for a standard normal Z.
double NormalTwoSided(double z);

}  // namespace knox::analysis
