// The severity vocabulary as the renderers use it: ordering (high first), counts, and the
// mappings onto SARIF 2.1.0 (`level`, §3.27.10) and GitHub code scanning's numeric
// `security-severity` property. Reports carry severities as strings (info|low|medium|high); a
// string outside that set is treated as info, so a malformed report still renders.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "reports/report.h"

namespace knox::reports {

enum class ReportSeverity { kInfo, kLow, kMedium, kHigh };

// Highest first: the order in which the text and HTML reports group findings.
inline constexpr std::array<ReportSeverity, 4> kSeveritiesHighFirst = {
    ReportSeverity::kHigh, ReportSeverity::kMedium, ReportSeverity::kLow, ReportSeverity::kInfo};

ReportSeverity SeverityOf(std::string_view name);  // unknown names -> kInfo
std::string_view SeverityName(ReportSeverity s);   // "info", "low", "medium", "high"

// SARIF result/rule level: high -> "error", medium -> "warning", low and info -> "note".
std::string_view SarifLevel(ReportSeverity s);
// SARIF `properties.security-severity`: high "8.0", medium "5.0", low "3.0", info "0.0".
std::string_view SecuritySeverity(ReportSeverity s);

struct SeverityCounts {
  size_t high = 0, medium = 0, low = 0, info = 0;
  size_t Of(ReportSeverity s) const;
  size_t Total() const { return high + medium + low + info; }
};

SeverityCounts CountFindings(const Report& report);

}  // namespace knox::reports
