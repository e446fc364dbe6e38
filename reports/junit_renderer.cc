#include "reports/junit_renderer.h"

#include <cmath>
#include <string_view>
#include <vector>

#include "reports/check_catalog.h"
#include "reports/escape.h"
#include "reports/number_format.h"
#include "reports/severity.h"

namespace knox::reports {
namespace {

std::string Attr(std::string_view name, std::string_view raw_value) {
  return " " + std::string(name) + "=\"" + MarkupEscape(raw_value, /*for_attribute=*/true) + "\"";
}

size_t CountFailures(const std::vector<CatalogEntry>& catalog) {
  size_t failures = 0;
  for (const CatalogEntry& e : catalog) failures += e.findings.empty() ? 0 : 1;
  return failures;
}

std::string FailureMessage(const CatalogEntry& e) {
  std::string subjects;
  for (const ReportFinding* f : e.findings) {
    if (!subjects.empty()) subjects += ", ";
    subjects += f->subject;
  }
  return e.title + " (" + subjects + ")";
}

std::string FailureText(const CatalogEntry& e) {
  std::string text;
  for (const ReportFinding* f : e.findings) {
    text += "subject: " + f->subject + "\n";
    for (const auto& [k, v] : f->evidence) text += "  " + k + ": " + v + "\n";
  }
  if (!e.remediation.empty()) text += "remediation: " + e.remediation + "\n";
  return text;
}

std::string TestCase(const CatalogEntry& e) {
  std::string xml = "    <testcase" + Attr("classname", "knox." + FamilyOf(e.id)) +
                    Attr("name", e.id + " " + e.title) + Attr("time", "0");
  if (e.findings.empty()) return xml + "/>\n";
  const std::string severity(SeverityName(SeverityOf(e.severity)));
  xml += ">\n      <failure" + Attr("message", FailureMessage(e)) + Attr("type", severity) + ">";
  xml += MarkupEscape(FailureText(e)) + "</failure>\n    </testcase>\n";
  return xml;
}

std::string Properties(const Report& r) {
  std::string xml = "    <properties>\n";
  auto add = [&xml](std::string_view name, std::string_view value) {
    xml += "      <property" + Attr("name", name) + Attr("value", value) + "/>\n";
  };
  add("target", r.target);
  add("tool", "knox " + r.tool_version);
  add("started_at", r.started_at);
  add("insecure_tls", r.insecure_tls ? "true" : "false");
  for (const auto& [k, v] : r.profile) add("profile." + k, v);
  return xml + "    </properties>\n";
}

std::string SystemOut(const Report& r) {
  if (r.notes.empty()) return "";
  std::string text;
  for (const std::string& note : r.notes) text += note + "\n";
  return "    <system-out>" + MarkupEscape(text) + "</system-out>\n";
}

}  // namespace

std::string RenderJunit(const Report& r, const RenderOptions&) {
  const std::vector<CatalogEntry> catalog = BuildCatalog(r);
  const std::string tests = std::to_string(catalog.size());
  const std::string failures = std::to_string(CountFailures(catalog));
  const std::string time = std::isfinite(r.duration_s) ? FormatFixed(r.duration_s, 3) : "0";
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites" + Attr("name", "knox") + Attr("tests", tests) + Attr("failures", failures) +
         Attr("errors", "0") + Attr("time", time) + ">\n";
  xml += "  <testsuite" + Attr("name", "knox audit " + r.target) + Attr("tests", tests) +
         Attr("failures", failures) + Attr("errors", "0") + Attr("skipped", "0") +
         Attr("time", time) + Attr("timestamp", r.started_at) + ">\n";
  xml += Properties(r);
  for (const CatalogEntry& e : catalog) xml += TestCase(e);
  xml += SystemOut(r);
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace knox::reports
