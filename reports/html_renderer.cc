#include "reports/html_renderer.h"

#include <vector>

#include "reports/escape.h"
#include "reports/facts_table.h"
#include "reports/number_format.h"
#include "reports/severity.h"
#include "reports/svg_chart.h"

namespace knox::reports {
namespace {

constexpr std::string_view kStyle = R"css(
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1000px;padding:1em 1.5em;
color:#1d1d1f;background:#fafafa}
h1{margin:.2em 0}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;word-break:break-all}
.warning{background:#fdecea;border:1px solid #c62828;padding:.6em 1em;border-radius:6px;
font-weight:600}
.card{background:#fff;border:1px solid #ddd;border-left:6px solid #888;border-radius:6px;
padding:.6em 1em;margin:.8em 0}
.card.sev-high{border-left-color:#c62828}.card.sev-medium{border-left-color:#ef6c00}
.card.sev-low{border-left-color:#1565c0}.card.sev-info{border-left-color:#757575}
.card h3{margin:.2em 0;font-size:1.05em}
.badge{font-size:.75em;padding:.1em .5em;border-radius:4px;color:#fff;background:#757575;
margin-right:.4em}
.sev-high .badge{background:#c62828}.sev-medium .badge{background:#ef6c00}
.sev-low .badge{background:#1565c0}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.2em .6em;border-bottom:1px solid #eee;vertical-align:top;
word-break:break-all}
th{width:32%;font-weight:600}code{font-family:ui-monospace,monospace;font-size:.92em}
.undecided{color:#888;font-style:italic}svg{max-width:100%;height:auto}
svg text{font:12px system-ui,sans-serif;fill:#333}.bar-high{fill:#c62828}.bar-medium{fill:#ef6c00}
.bar-low{fill:#1565c0}.bar-info{fill:#9e9e9e}.bar-entropy{fill:#2e7d32}
.axis{stroke:#555;stroke-width:1}.limit{stroke:#c62828;stroke-width:1.5;stroke-dasharray:6 4}
footer{margin-top:2em;color:#777;font-size:.85em}
)css";

std::string Esc(std::string_view raw) { return MarkupEscape(raw); }

std::string Head(const Report& r) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
       MarkupEscape(kHtmlContentSecurityPolicy, true) + "\">\n";
  h += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>knox audit: " + Esc(r.target) + "</title>\n";
  h += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  return h;
}

std::string MetaRow(std::string_view label, std::string_view escaped_value) {
  return "<dt>" + std::string(label) + "</dt><dd>" + std::string(escaped_value) + "</dd>\n";
}

std::string Header(const Report& r) {
  std::string h = "<header>\n<h1>knox audit report</h1>\n<dl class=\"meta\">\n";
  h += MetaRow("Target", "<code>" + Esc(r.target) + "</code>");
  h += MetaRow("Started", Esc(r.started_at));
  h += MetaRow("Duration", FormatFixed(r.duration_s, 2) + " s");
  h += MetaRow("Tool", "knox " + Esc(r.tool_version));
  h += MetaRow("Checks run", std::to_string(r.checks.size()));
  h += "</dl>\n</header>\n";
  if (r.insecure_tls) {
    h += "<p class=\"warning\">--insecure was given: TLS certificates were not verified; a "
         "man-in-the-middle could have answered instead of the target.</p>\n";
  }
  return h;
}

std::string Summary(const Report& r) {
  const SeverityCounts c = CountFindings(r);
  std::vector<ChartBar> bars;
  for (ReportSeverity s : kSeveritiesHighFirst) {
    bars.push_back({.label = std::string(SeverityName(s)),
                    .value = static_cast<double>(c.Of(s)),
                    .css_class = std::string(SeverityName(s))});
  }
  return "<section id=\"summary\">\n<h2>Summary</h2>\n<p>" + std::to_string(c.Total()) +
         (c.Total() == 1 ? " finding" : " findings") + " from " + std::to_string(r.checks.size()) +
         " checks.</p>\n" + SvgHorizontalBars("Findings by severity", bars) + "\n</section>\n";
}

std::string EvidenceTable(const Evidence& evidence) {
  if (evidence.empty()) return "";
  std::string t = "<table class=\"evidence\">\n";
  for (const auto& [k, v] : evidence) {
    t += "<tr><th>" + Esc(k) + "</th><td><code>" + Esc(v) + "</code></td></tr>\n";
  }
  return t + "</table>\n";
}

std::string References(const ReportFinding& f) {
  std::string refs;
  if (f.cwe > 0) {
    const std::string n = std::to_string(f.cwe);
    refs += "<a rel=\"noreferrer\" href=\"https://cwe.mitre.org/data/definitions/" + n +
            ".html\">CWE-" + n + "</a>";
  }
  auto add = [&refs](std::string_view prefix, std::string_view id) {
    if (id.empty() || id == "n/a") return;
    refs += (refs.empty() ? "" : ", ") + std::string(prefix) + Esc(id);
  };
  add("ASVS 4.0.3 ", f.asvs4);
  add("ASVS 5.0 ", f.asvs5);
  add("", f.wstg);
  return refs.empty() ? "none" : refs;
}

std::string Card(const ReportFinding& f) {
  const std::string_view sev = SeverityName(SeverityOf(f.severity));
  std::string c = "<article class=\"card sev-" + std::string(sev) +
                  "\">\n<h3><span class=\"badge\">" + std::string(sev) + "</span><code>" +
                  Esc(f.id) + "</code> " + Esc(f.title) + "</h3>\n";
  c += "<p><strong>Subject:</strong> <code>" + Esc(f.subject) + "</code></p>\n";
  c += EvidenceTable(f.evidence);
  if (!f.rationale.empty()) c += "<p><strong>Why:</strong> " + Esc(f.rationale) + "</p>\n";
  if (!f.remediation.empty()) c += "<p><strong>Fix:</strong> " + Esc(f.remediation) + "</p>\n";
  c += "<p><strong>References:</strong> " + References(f) + "</p>\n</article>\n";
  return c;
}

std::string Findings(const Report& r) {
  std::string s = "<section id=\"findings\">\n<h2>Findings</h2>\n";
  if (r.findings.empty()) s += "<p>No findings.</p>\n";
  for (ReportSeverity sev : kSeveritiesHighFirst) {
    for (const ReportFinding& f : r.findings) {
      if (SeverityOf(f.severity) == sev) s += Card(f);
    }
  }
  return s + "</section>\n";
}

std::string KeyValueSection(std::string_view id, std::string_view title,
                            const std::vector<FactRow>& rows) {
  std::string s = "<section id=\"" + std::string(id) + "\">\n<h2>" + std::string(title) + "</h2>\n";
  if (rows.empty()) return s + "<p>None recorded.</p>\n</section>\n";
  s += "<table>\n";
  for (const FactRow& row : rows) {
    s += "<tr><th><code>" + Esc(row.key) + "</code></th><td" +
         (row.undecided ? " class=\"undecided\"" : "") + ">" + Esc(row.value) + "</td></tr>\n";
  }
  return s + "</table>\n</section>\n";
}

std::vector<FactRow> ProfileRows(const Report& r) {
  std::vector<FactRow> rows;
  for (const auto& [k, v] : r.profile) rows.push_back({.key = k, .value = v});
  return rows;
}

std::string Entropy(const Report& r) {
  if (!r.entropy) return "";
  const EntropyChart& e = *r.entropy;
  std::string s = "<section id=\"entropy\">\n<h2>Session id entropy</h2>\n<p>" +
                  std::to_string(e.samples) + " samples, " +
                  std::to_string(e.bits_per_position.size()) + " positions.";
  if (e.bits_per_position.size() > kMaxChartPositions) {
    s += " The chart shows the first " + std::to_string(kMaxChartPositions) + ".";
  }
  return s + "</p>\n" + SvgEntropyChart(e) + "\n</section>\n";
}

std::string ListSection(std::string_view id, std::string_view title, std::string_view tag,
                        const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string s = "<section id=\"" + std::string(id) + "\">\n<h2>" + std::string(title) +
                  "</h2>\n<" + std::string(tag) + ">\n";
  for (const std::string& item : items) s += "<li><code>" + Esc(item) + "</code></li>\n";
  return s + "</" + std::string(tag) + ">\n</section>\n";
}

// Links only to an https:// information URI (the options are trusted, but a link is cheap to
// keep safe); otherwise the footer names knox without a link.
std::string ToolLink(const RenderOptions& options) {
  if (!options.information_uri.starts_with("https://")) return "knox";
  return "<a rel=\"noreferrer\" href=\"" +
         MarkupEscape(UriEscape(options.information_uri), /*for_attribute=*/true) + "\">knox</a>";
}

std::string Footer(const Report& r, const RenderOptions& options) {
  return "<footer>Generated by " + ToolLink(options) + " " + Esc(r.tool_version) +
         ", report schema " + std::to_string(r.schema_version) + ".</footer>\n</body>\n</html>\n";
}

}  // namespace

std::string RenderHtml(const Report& r, const RenderOptions& options) {
  std::string page = Head(r);
  page += Header(r);
  page += Summary(r);
  page += Findings(r);
  page += KeyValueSection("facts", "Session facts", FlattenFacts(r.session));
  page += KeyValueSection("profile", "Profile", ProfileRows(r));
  page += Entropy(r);
  page += ListSection("login", "How knox logged in", "ol", r.login_steps);
  page += ListSection("notes", "Notes", "ul", r.notes);
  page += ListSection("exchanges", "HTTP exchanges", "ol", r.exchanges);
  page += Footer(r, options);
  return page;
}

}  // namespace knox::reports
