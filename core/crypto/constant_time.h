// Constant-time equality for MACs and other secret-dependent comparisons. The running time depends
// only on the lengths (which are public), never on where the inputs differ.
#pragma once

#include <string_view>

namespace knox::crypto {

bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace knox::crypto
