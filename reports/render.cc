#include "reports/render.h"

#include "reports/escape.h"
#include "reports/html_renderer.h"
#include "reports/json_renderer.h"
#include "reports/junit_renderer.h"
#include "reports/sarif_renderer.h"
#include "reports/text_renderer.h"

namespace knox::reports {

Result<Format> ParseFormat(std::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "json") return Format::kJson;
  if (name == "junit") return Format::kJunit;
  if (name == "sarif") return Format::kSarif;
  if (name == "html") return Format::kHtml;
  return Fail(ErrorCode::kInvalidArgument, "unknown report format '" +
                                               TerminalSafe(name.substr(0, 32)) +
                                               "' (expected text, json, junit, sarif or html)");
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kText:
      return kFormatNames[0];
    case Format::kJson:
      return kFormatNames[1];
    case Format::kJunit:
      return kFormatNames[2];
    case Format::kSarif:
      return kFormatNames[3];
    case Format::kHtml:
      return kFormatNames[4];
  }
  return kFormatNames[0];
}

std::string Render(const Report& report, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::kText:
      return RenderText(report, options);
    case Format::kJson:
      return RenderJson(report, options);
    case Format::kJunit:
      return RenderJunit(report, options);
    case Format::kSarif:
      return RenderSarif(report, options);
    case Format::kHtml:
      return RenderHtml(report, options);
  }
  return RenderText(report, options);
}

}  // namespace knox::reports
