#include "reports/check_catalog.h"

#include <unordered_map>

namespace knox::reports {
namespace {

CatalogEntry FromCheck(const ReportCheck& c) {
  return CatalogEntry{.id = c.id,
                      .title = c.title,
                      .severity = c.severity,
                      .cwe = c.cwe,
                      .rationale = c.rationale,
                      .remediation = c.remediation,
                      .asvs4 = c.asvs4,
                      .asvs5 = c.asvs5,
                      .wstg = c.wstg};
}

void FillFromFinding(CatalogEntry& e, const ReportFinding& f) {
  if (e.title.empty()) e.title = f.title;
  if (e.severity.empty()) e.severity = f.severity;
  if (e.cwe == 0) e.cwe = f.cwe;
  if (e.rationale.empty()) e.rationale = f.rationale;
  if (e.remediation.empty()) e.remediation = f.remediation;
  if (e.asvs4.empty()) e.asvs4 = f.asvs4;
  if (e.asvs5.empty()) e.asvs5 = f.asvs5;
  if (e.wstg.empty()) e.wstg = f.wstg;
}

}  // namespace

std::vector<CatalogEntry> BuildCatalog(const Report& report) {
  std::vector<CatalogEntry> entries;
  std::unordered_map<std::string, size_t> index;
  for (const ReportCheck& c : report.checks) {
    if (index.emplace(c.id, entries.size()).second) entries.push_back(FromCheck(c));
  }
  for (const ReportFinding& f : report.findings) {
    auto [it, added] = index.emplace(f.id, entries.size());
    if (added) entries.push_back(CatalogEntry{.id = f.id});
    CatalogEntry& e = entries[it->second];
    if (e.findings.empty()) FillFromFinding(e, f);
    e.findings.push_back(&f);
  }
  return entries;
}

std::string FamilyOf(std::string_view id) {
  static constexpr std::string_view kPrefix = "KNOX-";
  if (!id.starts_with(kPrefix)) return "OTHER";
  std::string_view rest = id.substr(kPrefix.size());
  const size_t dash = rest.find('-');
  if (dash == 0 || dash == std::string_view::npos) return "OTHER";
  for (char c : rest.substr(0, dash)) {
    if (c < 'A' || c > 'Z') return "OTHER";
  }
  return std::string(rest.substr(0, dash));
}

}  // namespace knox::reports
