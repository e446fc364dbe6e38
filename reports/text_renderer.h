// Text report: a terminal-friendly summary of one audit (DESIGN §6) — target, time, a warning
// when TLS was not verified, the session facts, findings grouped by severity (high first) with
// their evidence, remediation and references, the notes, and a final count line. Every string
// from the report goes through TerminalSafe, so a cookie name cannot inject terminal escapes;
// ANSI colour codes are written only when options.colour is set. Never throws (beyond
// std::bad_alloc).
#pragma once

#include <string>

#include "reports/render_options.h"
#include "reports/report.h"

namespace knox::reports {

std::string RenderText(const Report& report, const RenderOptions& options);

}  // namespace knox::reports
