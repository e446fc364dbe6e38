#include "reports/svg_chart.h"

#include <algorithm>
#include <cmath>

#include "reports/escape.h"
#include "reports/number_format.h"

namespace knox::reports {
namespace {

double Drawable(double v) { return std::isfinite(v) && v > 0 ? v : 0; }

std::string Num(double v) { return FormatFixed(v, 2); }

std::string CssClass(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') out.push_back(c);
  }
  return out;
}

std::string SvgText(double x, double y, std::string_view anchor, std::string_view raw) {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" text-anchor=\"" + std::string(anchor) +
         "\">" + MarkupEscape(raw) + "</text>";
}

std::string Rect(double x, double y, double w, double h, std::string_view css_class) {
  return "<rect class=\"" + std::string(css_class) + "\" x=\"" + Num(x) + "\" y=\"" + Num(y) +
         "\" width=\"" + Num(w) + "\" height=\"" + Num(h) + "\"/>";
}

std::string Open(double width, double height, std::string_view title) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 " + Num(width) +
         " " + Num(height) + "\" width=\"" + Num(width) + "\" height=\"" + Num(height) +
         "\"><title>" + MarkupEscape(title) + "</title>";
}

double MaxValue(const std::vector<double>& values, size_t count) {
  double top = 0;
  for (size_t i = 0; i < count; ++i) top = std::max(top, Drawable(values[i]));
  return top;
}

}  // namespace

std::string SvgHorizontalBars(std::string_view title, const std::vector<ChartBar>& bars) {
  constexpr double kLabelWidth = 90, kBarSpace = 260, kRow = 26, kWidth = 400;
  const double height = kRow * static_cast<double>(bars.size()) + 8;
  double top = 0;
  for (const ChartBar& b : bars) top = std::max(top, Drawable(b.value));
  std::string svg = Open(kWidth, height, title);
  for (size_t i = 0; i < bars.size(); ++i) {
    const double y = 4 + kRow * static_cast<double>(i);
    const double v = Drawable(bars[i].value);
    const double w = top > 0 ? kBarSpace * v / top : 0;
    svg += SvgText(kLabelWidth - 8, y + 16, "end", bars[i].label);
    svg += Rect(kLabelWidth, y + 3, w, kRow - 8, "bar bar-" + CssClass(bars[i].css_class));
    svg += SvgText(kLabelWidth + w + 6, y + 16, "start", FormatFixed(v, 0));
  }
  return svg + "</svg>";
}

std::string SvgEntropyChart(const EntropyChart& chart) {
  constexpr double kLeft = 48, kRight = 12, kTop = 16, kBottom = 34, kWidth = 800, kHeight = 260;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  const size_t n = std::min(chart.bits_per_position.size(), kMaxChartPositions);
  const double limit = Drawable(chart.max_bits_per_position);
  double top = std::max(limit, MaxValue(chart.bits_per_position, n));
  if (top <= 0) top = 1;
  auto y_of = [&](double v) { return kTop + plot_h * (1 - std::min(Drawable(v), top) / top); };
  std::string svg = Open(kWidth, kHeight, "Entropy per character position (bits)");
  svg += "<line class=\"axis\" x1=\"" + Num(kLeft) + "\" y1=\"" + Num(kTop + plot_h) + "\" x2=\"" +
         Num(kLeft + plot_w) + "\" y2=\"" + Num(kTop + plot_h) + "\"/>";
  svg += SvgText(kLeft - 6, y_of(top) + 4, "end", Num(top));
  svg += SvgText(kLeft - 6, kTop + plot_h + 4, "end", "0");
  const double slot = n > 0 ? plot_w / static_cast<double>(n) : plot_w;
  for (size_t i = 0; i < n; ++i) {
    const double y = y_of(chart.bits_per_position[i]);
    const double x = kLeft + slot * static_cast<double>(i);
    svg += Rect(x + slot * 0.1, y, slot * 0.8, kTop + plot_h - y, "bar bar-entropy");
  }
  if (limit > 0) {
    svg += "<line class=\"limit\" x1=\"" + Num(kLeft) + "\" y1=\"" + Num(y_of(limit)) + "\" x2=\"" +
           Num(kLeft + plot_w) + "\" y2=\"" + Num(y_of(limit)) + "\"/>";
    svg += SvgText(kLeft + plot_w, y_of(limit) - 4, "end",
                   "maximum " + Num(limit) + " bits (alphabet size)");
  }
  svg += SvgText(kLeft + plot_w / 2, kHeight - 8, "middle",
                 "character position (0.." + std::to_string(n == 0 ? 0 : n - 1) + ")");
  return svg + "</svg>";
}

}  // namespace knox::reports
