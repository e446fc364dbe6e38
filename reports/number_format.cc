#include "reports/number_format.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace knox::reports {

std::string FormatFixed(double value, int decimals) {
  if (!std::isfinite(value)) return "n/a";
  std::array<char, 64> buf{};
  const int precision = std::clamp(decimals, 0, 9);
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value,
                                 std::chars_format::fixed, precision);
  if (ec != std::errc()) return "n/a";  // |value| too large for 64 characters
  return std::string(buf.data(), end);
}

}  // namespace knox::reports
