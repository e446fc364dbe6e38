#include "conformance/analysis/statistics.h"

#include <cmath>

namespace knox::analysis {
namespace {

constexpr int kMaxIterations = 1000;
constexpr double kEpsilon = 1e-14;

// Regularized lower incomplete gamma P(a, x) by its power series (converges fast for x < a + 1).
double LowerSeries(double a, double x) {
  double term = 1.0 / a;
  double sum = term;
  for (int n = 1; n < kMaxIterations; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * kEpsilon) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Regularized upper incomplete gamma Q(a, x) by Lentz's continued fraction (for x >= a + 1).
double UpperContinuedFraction(double a, double x) {
  constexpr double kTiny = 1e-300;
  double b = x + 1.0 - a;
  double c = 1.0 / kTiny;
  double d = 1.0 / b;
  double h = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

}  // namespace

double ChiSquareSurvival(double x, double dof) {
  if (dof <= 0) return 1.0;
  if (x <= 0) return 1.0;
  double a = dof / 2.0;
  double half = x / 2.0;
  if (half < a + 1.0) return 1.0 - LowerSeries(a, half);
  return UpperContinuedFraction(a, half);
}

double NormalTwoSided(double z) { return std::erfc(std::fabs(z) / std::sqrt(2.0)); }

}  // namespace knox::analysis
