// The metadata of one knox check (DESIGN §5 "checks"): a stable id, a severity and the standard
// references, as constexpr data. Ids are permanent: `KNOX-<FAMILY>-<NNN>`; a retired check keeps
// its id forever and a new check takes the next number. Standard ids are those of CWE 4.x, OWASP
// ASVS 4.0.3 and 5.0.0, and the OWASP WSTG 4.2; "n/a" where no requirement matches closely.
#pragma once

#include <array>
#include <string_view>

#include "core/base/result.h"

namespace knox::checks {

// Ordered: a finding "at or above --fail-on" compares with these.
enum class Severity { kInfo, kLow, kMedium, kHigh };

std::string_view SeverityName(Severity s);  // "info", "low", "medium", "high"
// Inverse of SeverityName (exact, lower case); kInvalidArgument otherwise.
Result<Severity> ParseSeverity(std::string_view name);

// The families of DESIGN §5, in the order the registry lists them.
inline constexpr std::array<std::string_view, 9> kFamilies = {
    "ATTR", "PREFIX", "LIFE", "SESS", "TOKEN", "JWT", "ENTROPY", "SECRET", "ROBUST"};

inline constexpr std::string_view kNotApplicable = "n/a";

struct CheckInfo {
  std::string_view id;     // KNOX-<FAMILY>-<NNN>
  std::string_view title;  // what is wrong, one line
  Severity severity;
  int cwe;                       // CWE id
  std::string_view asvs4;        // OWASP ASVS 4.0.3 requirement, or "n/a"
  std::string_view asvs5;        // OWASP ASVS 5.0.0 requirement, or "n/a"
  std::string_view wstg;         // OWASP WSTG 4.2 test id
  std::string_view rationale;    // why it matters
  std::string_view remediation;  // what to do
};

}  // namespace knox::checks
