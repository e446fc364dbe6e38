// The FIPS 140-2 (§4.9.1) randomness tests over a bit string, as p-values so that they apply to
// any length rather than exactly 20,000 bits.
#pragma once

#include <vector>

#include "conformance/analysis/entropy.h"

namespace knox::analysis {

// Significance level under which a test fails (the fixed FIPS bounds are about this strict).
inline constexpr double kBitTestAlpha = 1e-4;

// `bits` holds one bit per element (0 or 1). Requires at least 64 bits.
BitTests RunBitTests(const std::vector<unsigned char>& bits);

}  // namespace knox::analysis
