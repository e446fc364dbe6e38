// Lower-case hexadecimal encoding, and a strict decoder (either case, even length, nothing else).
#pragma once

#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox {

std::string HexEncode(std::string_view bytes);

// Value of one hexadecimal digit (either case), or -1.
int HexDigitValue(char c);
Result<std::string> HexDecode(std::string_view text);

}  // namespace knox
