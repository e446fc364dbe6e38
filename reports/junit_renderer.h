// JUnit XML report, for CI systems that show test results (Jenkins, GitLab, GitHub test
// reporters): one <testsuite name="knox audit TARGET"> inside <testsuites>, one <testcase
// classname="knox.FAMILY" name="ID title"> per check that ran (CheckCatalog order); a check that
// produced findings has one <failure message=.. type=SEVERITY> whose text lists every finding's
// subject and evidence. Notes go to the suite's <system-out>. All report text is escaped with
// MarkupEscape (XML 1.0: references for & < > " ', illegal characters and invalid UTF-8 become
// U+FFFD), so the document is well-formed for any input. Never throws (beyond std::bad_alloc).
#pragma once

#include <string>

#include "reports/render_options.h"
#include "reports/report.h"

namespace knox::reports {

std::string RenderJunit(const Report& report, const RenderOptions& options);

}  // namespace knox::reports
