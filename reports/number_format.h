// Locale-independent number formatting for the renderers (libstdc++ 12 has no <format>, and
// reports must not depend on fmt: DESIGN §1). Non-finite values render as "n/a".
#pragma once

#include <string>

namespace knox::reports {

// Fixed notation with `decimals` digits after the point (0..9), e.g. FormatFixed(3.14159, 2)
// == "3.14".
std::string FormatFixed(double value, int decimals);

}  // namespace knox::reports
