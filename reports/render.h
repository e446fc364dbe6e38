// Report rendering entry point (DESIGN §6): picks the renderer for an output format by name, as
// `knox audit --format text|json|junit|sarif|html` and `knox demo --format` do. Rendering itself
// cannot fail: every renderer accepts any Report (untrusted strings included) and returns a
// complete document; only ParseFormat reports an error, for an unknown name.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "reports/render_options.h"
#include "reports/report.h"

namespace knox::reports {

enum class Format { kText, kJson, kJunit, kSarif, kHtml };

inline constexpr std::array<std::string_view, 5> kFormatNames = {"text", "json", "junit", "sarif",
                                                                 "html"};

// Exact lower-case names of kFormatNames; kInvalidArgument (naming the choices) otherwise.
Result<Format> ParseFormat(std::string_view name);
std::string_view FormatName(Format format);

std::string Render(const Report& report, Format format, const RenderOptions& options);

}  // namespace knox::reports
