// JSON report: the whole Report as one JSON document, schema documented in docs/report-schema.md
// (schema_version 1). Output is always valid UTF-8 JSON: each invalid UTF-8 byte from the target
// becomes U+FFFD (ValidUtf8, the rule every format shares; the dump also uses nlohmann's
// error_handler_t::replace, so it can never throw); a non-finite number (duration, entropy) is
// written as null; < > & ', C1 controls, U+2028/U+2029 and bidi controls inside strings are
// written as \u escapes (same value, inert text). Object keys keep the documented order.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "reports/render_options.h"
#include "reports/report.h"

namespace knox::reports {

// The document as a value (for embedding, e.g. in a larger JSON answer); every string and key in
// it is valid UTF-8.
nlohmann::ordered_json ReportToJson(const Report& report);

// ReportToJson dumped with two-space indentation and a final newline.
std::string RenderJson(const Report& report, const RenderOptions& options);

// Dumps any JSON value as UTF-8, replacing invalid bytes; indent as in nlohmann's dump(). The
// characters < > & ' are written as \u003c \u003e \u0026 \u0027, so a string like "</script>"
// never appears literally in the output; C1 controls (U+0080..U+009F), U+2028..U+202E and
// U+2066..U+2069 are written as \u escapes too.
std::string DumpJson(const nlohmann::ordered_json& value, int indent);

}  // namespace knox::reports
