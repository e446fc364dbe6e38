// A fixed sample Report for the renderer tests (render_test.cc, check_outputs.py through
// render_sample_main.cc): realistic findings, checks, facts, notes, exchanges and an entropy
// chart, with HostilePayload() planted in every string field that can come from the target
// (URL, cookie names, evidence keys and values, facts, notes, exchanges, profile). For tests only.
#pragma once

#include <string>

#include "reports/report.h"

namespace knox::reports::testing {

// Markup, quotes, a CDATA terminator, an ampersand, an ANSI escape, a NUL byte, C1 and bidi
// controls and invalid UTF-8 (a lone continuation byte, 0xFF, a truncated sequence).
std::string HostilePayload();

Report SampleReport();

}  // namespace knox::reports::testing
