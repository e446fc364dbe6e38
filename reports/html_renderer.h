// HTML report: one self-contained HTML5 page (DESIGN §6) — no JavaScript, no external assets,
// inline CSS and inline SVG charts: a header (target, time, tool), a warning when TLS was not
// verified, a severity bar chart, one card per finding (grouped high first), the session facts,
// the profile, a per-position entropy chart when the report has one, the notes and the HTTP
// exchanges. Every string from the report is HTML-escaped (MarkupEscape: & < > " ' and invalid
// UTF-8 / control characters), in SVG text too, and a Content-Security-Policy meta element
// (default-src 'none'; style-src 'unsafe-inline') keeps a browser from running any script even
// if an escaping bug let markup through. Never throws (beyond std::bad_alloc).
#pragma once

#include <string>
#include <string_view>

#include "reports/render_options.h"
#include "reports/report.h"

namespace knox::reports {

inline constexpr std::string_view kHtmlContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

std::string RenderHtml(const Report& report, const RenderOptions& options);

}  // namespace knox::reports
