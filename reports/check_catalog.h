// CheckCatalog: the checks of a report, each with the findings it produced — the shape JUnit
// (one test case per check) and SARIF (one rule per check, results pointing at rules) need.
// Order: report.checks as given, then the id of any finding whose check is missing from
// report.checks (so no finding is ever dropped from a report). A repeated check id is listed
// once. Metadata missing from a ReportCheck (title, CWE, standard ids, rationale, remediation) is
// taken from the first finding of that id. Entries point into the Report: they live only as long
// as it does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reports/report.h"

namespace knox::reports {

struct CatalogEntry {
  std::string id;
  std::string title;
  std::string severity;
  int cwe = 0;
  std::string rationale;
  std::string remediation;
  std::string asvs4, asvs5, wstg;
  std::vector<const ReportFinding*> findings;  // in report order
};

std::vector<CatalogEntry> BuildCatalog(const Report& report);

// The family of a check id: "KNOX-ATTR-001" -> "ATTR"; "OTHER" when the id has another shape.
std::string FamilyOf(std::string_view id);

}  // namespace knox::reports
