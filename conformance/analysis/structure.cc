#include "conformance/analysis/structure.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <unordered_set>

namespace knox::analysis {
namespace {

constexpr int64_t kYear = 365LL * 24 * 3600;

std::optional<uint64_t> ParseUnsigned(std::string_view s, int base) {
  if (s.empty() || s.size() > (base == 10 ? 18u : 15u)) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) return std::nullopt;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  return v;
}

// Values of the same window of every token, or nullopt if any is not a number in `base`.
std::optional<std::vector<uint64_t>> WindowValues(std::span<const std::string> tokens,
                                                  size_t offset, size_t width, int base) {
  std::vector<uint64_t> values;
  values.reserve(tokens.size());
  for (const auto& t : tokens) {
    auto v = ParseUnsigned(std::string_view(t).substr(offset, width), base);
    if (!v) return std::nullopt;
    values.push_back(*v);
  }
  return values;
}

void FindDuplicates(std::span<const std::string> tokens, Structure& s) {
  std::unordered_set<std::string_view> seen;
  size_t duplicates = 0;
  for (const auto& t : tokens) duplicates += seen.insert(t).second ? 0 : 1;
  if (duplicates > 0) {
    s.findings.push_back({"duplicate", std::to_string(duplicates) + " of " +
                                           std::to_string(tokens.size()) + " samples repeat"});
    s.cap_bits = std::log2(static_cast<double>(seen.size())) + 1;
  }
}

bool IsUuidShape(const std::string& t) {
  if (t.size() != 36) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (t[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(t[i]))) return false;
  }
  return true;
}

void FindUuid(std::span<const std::string> tokens, Structure& s) {
  if (!std::all_of(tokens.begin(), tokens.end(), IsUuidShape)) return;
  char version = tokens.front()[14];
  if (!std::all_of(tokens.begin(), tokens.end(), [&](const auto& t) { return t[14] == version; })) {
    return;
  }
  if (version == '1') {
    s.findings.push_back({"uuid-v1",
                          "UUID version 1: 60-bit timestamp, 14-bit clock sequence "
                          "and node id; only the clock sequence is unpredictable"});
    s.cap_bits = std::min(s.cap_bits.value_or(14), 14.0);
  } else if (version == '4') {
    s.findings.push_back({"uuid-v4", "UUID version 4: at most 122 random bits"});
    s.cap_bits = std::min(s.cap_bits.value_or(122), 122.0);
  }
}

// The whole token is a number that moves monotonically by small steps.
void FindCounter(std::span<const std::string> tokens, Structure& s) {
  for (int base : {10, 16}) {
    std::vector<uint64_t> values;
    for (const auto& t : tokens) {
      auto v = ParseUnsigned(t, base);
      if (!v) break;
      values.push_back(*v);
    }
    if (values.size() != tokens.size()) continue;
    uint64_t max_step = 0;
    bool up = true;
    bool down = true;
    for (size_t i = 1; i < values.size(); ++i) {
      up = up && values[i] > values[i - 1];
      down = down && values[i] < values[i - 1];
      uint64_t step =
          values[i] > values[i - 1] ? values[i] - values[i - 1] : values[i - 1] - values[i];
      max_step = std::max(max_step, step);
    }
    if ((up || down) && max_step <= (1u << 20)) {
      s.findings.push_back({"counter", std::string(base == 10 ? "decimal" : "hex") +
                                           " counter, largest step " + std::to_string(max_step)});
      s.cap_bits = std::min(s.cap_bits.value_or(1e9), std::log2(double(max_step) + 1) + 1);
      return;
    }
  }
}

struct TimestampShape {
  size_t width;
  int base;
  int64_t unit;  // values per second
  const char* label;
};

// A window that holds a Unix time near now, in every sample.
void FindTimestamps(std::span<const std::string> tokens, size_t length, int64_t now, Structure& s) {
  if (tokens.size() < 5) return;  // too few samples to tell a timestamp from chance
  const TimestampShape shapes[] = {{13, 10, 1000, "decimal milliseconds"},
                                   {11, 16, 1000, "hex milliseconds"},
                                   {10, 10, 1, "decimal seconds"},
                                   {8, 16, 1, "hex seconds"}};
  for (size_t offset = 0; offset < length; ++offset) {
    for (const auto& shape : shapes) {
      if (offset + shape.width > length) continue;
      bool overlaps = false;
      for (size_t i = offset; i < offset + shape.width; ++i) overlaps = overlaps || s.covered[i];
      if (overlaps) continue;
      auto values = WindowValues(tokens, offset, shape.width, shape.base);
      if (!values) continue;
      auto [lo, hi] = std::minmax_element(values->begin(), values->end());
      auto low = static_cast<int64_t>(*lo);
      auto high = static_cast<int64_t>(*hi);
      if (low < (now - 10 * kYear) * shape.unit || high > (now + kYear) * shape.unit) continue;
      for (size_t i = offset; i < offset + shape.width; ++i) s.covered[i] = true;
      double spread_bits = std::log2(static_cast<double>(high - low) + 1);
      s.replacement_bits += spread_bits;
      s.findings.push_back({"timestamp", "characters " + std::to_string(offset) + ".." +
                                             std::to_string(offset + shape.width - 1) +
                                             " hold a Unix time in " + shape.label + " (spread " +
                                             std::to_string(high - low) + ")"});
      break;
    }
  }
}

}  // namespace

Structure DetectStructure(std::span<const std::string> tokens, size_t length, int64_t now_seconds) {
  Structure s;
  s.covered.assign(length, false);
  FindDuplicates(tokens, s);
  FindUuid(tokens, s);
  FindCounter(tokens, s);
  FindTimestamps(tokens, length, now_seconds, s);
  return s;
}

}  // namespace knox::analysis
