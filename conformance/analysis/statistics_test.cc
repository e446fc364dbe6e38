#include "conformance/analysis/statistics.h"

#include <gtest/gtest.h>

namespace knox::analysis {
namespace {

// Critical values from standard chi-square and normal tables.
TEST(Statistics, ChiSquareSurvivalMatchesTables) {
  EXPECT_NEAR(ChiSquareSurvival(3.841, 1), 0.05, 1e-4);
  EXPECT_NEAR(ChiSquareSurvival(18.307, 10), 0.05, 1e-4);
  EXPECT_NEAR(ChiSquareSurvival(30.578, 15), 0.01, 1e-4);
  EXPECT_NEAR(ChiSquareSurvival(63.0, 63), 0.476302, 1e-5);
  EXPECT_NEAR(ChiSquareSurvival(0.0, 5), 1.0, 1e-12);
  EXPECT_LT(ChiSquareSurvival(500, 15), 1e-50);
}

TEST(Statistics, NormalTwoSided) {
  EXPECT_NEAR(NormalTwoSided(1.959964), 0.05, 1e-6);
  EXPECT_NEAR(NormalTwoSided(-1.959964), 0.05, 1e-6);
  EXPECT_NEAR(NormalTwoSided(0), 1.0, 1e-12);
}

}  // namespace
}  // namespace knox::analysis
