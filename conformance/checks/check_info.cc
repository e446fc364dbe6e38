#include "conformance/checks/check_info.h"

namespace knox::checks {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
  }
  return "info";
}

Result<Severity> ParseSeverity(std::string_view name) {
  for (Severity s : {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh}) {
    if (SeverityName(s) == name) return s;
  }
  return Fail(ErrorCode::kInvalidArgument, "unknown severity (expected info|low|medium|high)");
}

}  // namespace knox::checks
