#include "reports/severity.h"

namespace knox::reports {

ReportSeverity SeverityOf(std::string_view name) {
  if (name == "high") return ReportSeverity::kHigh;
  if (name == "medium") return ReportSeverity::kMedium;
  if (name == "low") return ReportSeverity::kLow;
  return ReportSeverity::kInfo;
}

std::string_view SeverityName(ReportSeverity s) {
  switch (s) {
    case ReportSeverity::kHigh:
      return "high";
    case ReportSeverity::kMedium:
      return "medium";
    case ReportSeverity::kLow:
      return "low";
    case ReportSeverity::kInfo:
      return "info";
  }
  return "info";
}

std::string_view SarifLevel(ReportSeverity s) {
  switch (s) {
    case ReportSeverity::kHigh:
      return "error";
    case ReportSeverity::kMedium:
      return "warning";
    case ReportSeverity::kLow:
    case ReportSeverity::kInfo:
      return "note";
  }
  return "note";
}

std::string_view SecuritySeverity(ReportSeverity s) {
  switch (s) {
    case ReportSeverity::kHigh:
      return "8.0";
    case ReportSeverity::kMedium:
      return "5.0";
    case ReportSeverity::kLow:
      return "3.0";
    case ReportSeverity::kInfo:
      return "0.0";
  }
  return "0.0";
}

size_t SeverityCounts::Of(ReportSeverity s) const {
  switch (s) {
    case ReportSeverity::kHigh:
      return high;
    case ReportSeverity::kMedium:
      return medium;
    case ReportSeverity::kLow:
      return low;
    case ReportSeverity::kInfo:
      return info;
  }
  return 0;
}

SeverityCounts CountFindings(const Report& report) {
  SeverityCounts counts;
  for (const ReportFinding& f : report.findings) {
    switch (SeverityOf(f.severity)) {
      case ReportSeverity::kHigh:
        ++counts.high;
        break;
      case ReportSeverity::kMedium:
        ++counts.medium;
        break;
      case ReportSeverity::kLow:
        ++counts.low;
        break;
      case ReportSeverity::kInfo:
        ++counts.info;
        break;
    }
  }
  return counts;
}

}  // namespace knox::reports
