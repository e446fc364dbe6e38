#include "reports/text_renderer.h"

#include <algorithm>
#include <string_view>

#include "reports/escape.h"
#include "reports/facts_table.h"
#include "reports/number_format.h"
#include "reports/severity.h"

namespace knox::reports {
namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kCyan = "\x1b[36m";
constexpr std::string_view kReset = "\x1b[0m";
constexpr size_t kMaxLabelWidth = 36;

std::string_view SeverityColour(ReportSeverity s) {
  switch (s) {
    case ReportSeverity::kHigh:
      return kRed;
    case ReportSeverity::kMedium:
      return kYellow;
    case ReportSeverity::kLow:
      return kCyan;
    case ReportSeverity::kInfo:
      return kDim;
  }
  return kDim;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Accumulates the report; every piece of report data passes through Safe() exactly once.
class TextWriter {
 public:
  explicit TextWriter(bool colour) : colour_(colour) {}

  static std::string Safe(std::string_view raw) { return TerminalSafe(raw); }

  std::string Paint(std::string_view safe_text, std::string_view code) const {
    if (!colour_) return std::string(safe_text);
    return std::string(code) + std::string(safe_text) + std::string(kReset);
  }

  void Heading(std::string_view title) { Line(Paint(title, kBold)); }
  void Blank() { out_ += "\n"; }
  void Line(std::string_view safe_line) {
    out_ += safe_line;
    out_ += "\n";
  }

  // "  label   value" with the label padded to width; label and value are already safe.
  void Field(std::string_view indent, std::string_view label, size_t width,
             std::string_view value) {
    std::string line(indent);
    line += label;
    line.append(width > label.size() ? width - label.size() : 0, ' ');
    line += "  ";
    line += value;
    Line(line);
  }

  std::string Take() { return std::move(out_); }

 private:
  bool colour_;
  std::string out_;
};

void WriteHeader(const Report& r, TextWriter& w) {
  w.Heading("knox audit report");
  w.Field("  ", "target", 7, TextWriter::Safe(r.target));
  w.Field("  ", "started", 7,
          TextWriter::Safe(r.started_at) + " (" + FormatFixed(r.duration_s, 2) + " s)");
  w.Field("  ", "tool", 7, "knox " + TextWriter::Safe(r.tool_version));
  w.Field("  ", "checks", 7, std::to_string(r.checks.size()) + " ran");
  if (r.insecure_tls) {
    w.Blank();
    w.Line(
        w.Paint("WARNING: --insecure was given: TLS certificates were not verified; a "
                "man-in-the-middle could have answered instead of the target.",
                kRed));
  }
}

size_t LabelWidth(const std::vector<std::string>& labels) {
  size_t width = 0;
  for (const std::string& l : labels) width = std::max(width, l.size());
  return std::min(width, kMaxLabelWidth);
}

void WriteProfile(const Report& r, TextWriter& w) {
  if (r.profile.empty()) return;
  std::vector<std::string> keys;
  for (const auto& [k, v] : r.profile) keys.push_back(TextWriter::Safe(k));
  const size_t width = LabelWidth(keys);
  w.Blank();
  w.Heading("Profile");
  for (size_t i = 0; i < keys.size(); ++i) {
    w.Field("  ", keys[i], width, TextWriter::Safe(r.profile[i].second));
  }
}

void WriteFacts(const Report& r, TextWriter& w) {
  const std::vector<FactRow> rows = FlattenFacts(r.session);
  w.Blank();
  w.Heading("Session facts");
  if (rows.empty()) {
    w.Line("  (none recorded)");
    return;
  }
  std::vector<std::string> keys;
  for (const FactRow& row : rows) keys.push_back(TextWriter::Safe(row.key));
  const size_t width = LabelWidth(keys);
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string value = TextWriter::Safe(rows[i].value);
    w.Field("  ", keys[i], width, rows[i].undecided ? w.Paint(value, kDim) : value);
  }
}

std::string References(const ReportFinding& f) {
  std::string refs;
  auto add = [&refs](std::string_view prefix, std::string_view id) {
    if (id.empty() || id == "n/a") return;
    if (!refs.empty()) refs += ", ";
    refs += prefix;
    refs += TextWriter::Safe(id);
  };
  if (f.cwe > 0) add("CWE-", std::to_string(f.cwe));
  add("ASVS 4.0.3 ", f.asvs4);
  add("ASVS 5.0 ", f.asvs5);
  add("", f.wstg);
  return refs.empty() ? "none" : refs;
}

void WriteEvidence(const Evidence& evidence, TextWriter& w) {
  if (evidence.empty()) return;
  bool first = true;
  for (const auto& [k, v] : evidence) {
    w.Field("    ", first ? "evidence" : "", 11, TextWriter::Safe(k) + ": " + TextWriter::Safe(v));
    first = false;
  }
}

void WriteFinding(const ReportFinding& f, TextWriter& w) {
  const ReportSeverity s = SeverityOf(f.severity);
  w.Line("  " + w.Paint(TextWriter::Safe(f.id), SeverityColour(s)) + "  " +
         w.Paint(TextWriter::Safe(f.title), kBold));
  w.Field("    ", "subject", 11, TextWriter::Safe(f.subject));
  WriteEvidence(f.evidence, w);
  if (!f.rationale.empty()) w.Field("    ", "why", 11, TextWriter::Safe(f.rationale));
  if (!f.remediation.empty()) w.Field("    ", "remediation", 11, TextWriter::Safe(f.remediation));
  w.Field("    ", "references", 11, References(f));
}

void WriteFindings(const Report& r, TextWriter& w) {
  const SeverityCounts counts = CountFindings(r);
  w.Blank();
  w.Heading("Findings");
  if (counts.Total() == 0) w.Line("  none");
  for (ReportSeverity s : kSeveritiesHighFirst) {
    if (counts.Of(s) == 0) continue;
    w.Line(w.Paint(Upper(SeverityName(s)) + " (" + std::to_string(counts.Of(s)) + ")",
                   SeverityColour(s)));
    for (const ReportFinding& f : r.findings) {
      if (SeverityOf(f.severity) == s) WriteFinding(f, w);
    }
  }
}

void WriteLoginSteps(const Report& r, TextWriter& w) {
  if (r.login_steps.empty()) return;
  w.Blank();
  w.Heading("How knox logged in");
  for (size_t i = 0; i < r.login_steps.size(); ++i) {
    w.Line("  " + std::to_string(i + 1) + ". " + TextWriter::Safe(r.login_steps[i]));
  }
}

void WriteNotes(const Report& r, TextWriter& w) {
  if (r.notes.empty()) return;
  w.Blank();
  w.Heading("Notes");
  for (const std::string& note : r.notes) w.Line("  - " + TextWriter::Safe(note));
}

ReportSeverity Worst(const SeverityCounts& c) {
  for (ReportSeverity s : kSeveritiesHighFirst) {
    if (c.Of(s) > 0) return s;
  }
  return ReportSeverity::kInfo;
}

void WriteSummaryLine(const Report& r, TextWriter& w) {
  const SeverityCounts c = CountFindings(r);
  std::string line = std::to_string(c.Total()) + (c.Total() == 1 ? " finding" : " findings");
  line += " (" + std::to_string(c.high) + " high, " + std::to_string(c.medium) + " medium, " +
          std::to_string(c.low) + " low, " + std::to_string(c.info) + " info) from " +
          std::to_string(r.checks.size()) + " checks; " + std::to_string(r.exchanges.size()) +
          " HTTP exchanges.";
  w.Blank();
  w.Line(w.Paint(line, c.Total() == 0 ? kBold : SeverityColour(Worst(c))));
}

}  // namespace

std::string RenderText(const Report& report, const RenderOptions& options) {
  TextWriter w(options.colour);
  WriteHeader(report, w);
  WriteProfile(report, w);
  WriteFacts(report, w);
  WriteFindings(report, w);
  WriteLoginSteps(report, w);
  WriteNotes(report, w);
  WriteSummaryLine(report, w);
  return w.Take();
}

}  // namespace knox::reports
