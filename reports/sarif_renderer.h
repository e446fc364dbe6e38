// SARIF 2.1.0 report (OASIS SARIF v2.1.0, §3.13 sarifLog, §3.14 run, §3.19 toolComponent, §3.49
// reportingDescriptor, §3.27 result), for code-scanning dashboards. One run; tool.driver is knox
// with one rule per check (CheckCatalog order): shortDescription = title, fullDescription =
// rationale, help = remediation, helpUri = the CWE entry, defaultConfiguration.level from the
// severity, properties.tags ("security", "CWE-n", "external/cwe/cwe-n") and
// properties.security-severity ("8.0"/"5.0"/"3.0"/"0.0" for high/medium/low/info), and the
// ASVS/WSTG ids as properties; the report's notes are invocation notifications. One result per
// finding with ruleId/ruleIndex, level, message "title (subject)", a location whose artifact URI is
// the target (UriEscape: always a syntactically valid URI), and partialFingerprints
// "knoxFinding/v1" = FNV-1a-64 of id and subject (stable across runs and machines). Invalid UTF-8
// becomes U+FFFD; never throws (beyond std::bad_alloc).
#pragma once

#include <string>
#include <string_view>

#include "reports/render_options.h"
#include "reports/report.h"

namespace knox::reports {

inline constexpr std::string_view kSarifSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

std::string RenderSarif(const Report& report, const RenderOptions& options);

// The partialFingerprints value of a finding: 16 lower-case hex digits.
std::string FindingFingerprint(std::string_view id, std::string_view subject);

}  // namespace knox::reports
