// Inline SVG charts for the HTML report (no scripts, no external assets: DESIGN §6). Charts are
// SVG fragments meant to be embedded in an HTML5 page; every label passes through MarkupEscape,
// and numbers are clamped to the drawable range (negative, NaN and infinite values draw as 0),
// so any data renders into a well-formed fragment. Colours come from CSS classes the page
// defines (`bar`, `bar-<class>`, `limit`, `axis`).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "reports/report.h"

namespace knox::reports {

struct ChartBar {
  std::string label;
  double value = 0;
  std::string css_class;  // appended as "bar-<css_class>"; [a-z0-9-] only
};

// Horizontal bars, one row per bar, lengths proportional to value, the value printed beside.
std::string SvgHorizontalBars(std::string_view title, const std::vector<ChartBar>& bars);

// Positions beyond this many are not drawn (the caption says so).
inline constexpr size_t kMaxChartPositions = 512;

// Vertical bars of chart.bits_per_position, with a dashed line at max_bits_per_position.
std::string SvgEntropyChart(const EntropyChart& chart);

}  // namespace knox::reports
