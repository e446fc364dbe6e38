// knox checks [--format text|json|md]: lists the check registry (DESIGN §5, §7). The md output is
// docs/checks.md verbatim; a ctest test keeps the two equal.
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "cli/command.h"
#include "cli/commands.h"
#include "conformance/checks/registry.h"

namespace knox::cli {
namespace {

using checks::Check;
using checks::CheckInfo;

std::string Cwe(const CheckInfo& c) { return "CWE-" + std::to_string(c.cwe); }

void PrintText(std::ostream& out) {
  size_t title_width = 0;
  for (const Check& c : checks::AllChecks())
    title_width = std::max(title_width, c.info->title.size());
  auto row = [&](std::string_view id, std::string_view sev, std::string_view cwe,
                 std::string_view title, std::string_view asvs4, std::string_view asvs5,
                 std::string_view wstg) {
    auto pad = [&](std::string_view s, size_t w) {
      out << s << std::string(w > s.size() ? w - s.size() : 0, ' ') << "  ";
    };
    pad(id, 16);
    pad(sev, 6);
    pad(cwe, 8);
    pad(title, title_width);
    pad(asvs4, 6);
    pad(asvs5, 6);
    out << wstg << "\n";
  };
  row("ID", "SEV", "CWE", "TITLE", "ASVS4", "ASVS5", "WSTG");
  for (const Check& c : checks::AllChecks()) {
    const CheckInfo& i = *c.info;
    row(i.id, checks::SeverityName(i.severity), Cwe(i), i.title, i.asvs4, i.asvs5, i.wstg);
  }
}

void PrintJson(std::ostream& out) {
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (const Check& c : checks::AllChecks()) {
    const CheckInfo& i = *c.info;
    all.push_back({{"id", i.id},
                   {"title", i.title},
                   {"severity", checks::SeverityName(i.severity)},
                   {"cwe", i.cwe},
                   {"asvs4", i.asvs4},
                   {"asvs5", i.asvs5},
                   {"wstg", i.wstg},
                   {"rationale", i.rationale},
                   {"remediation", i.remediation}});
  }
  out << all.dump(2) << "\n";
}

constexpr std::string_view kMarkdownIntro = R"(# knox checks

<!-- Generated: knox checks --format md > docs/checks.md (a ctest test fails when stale). -->

Every problem `knox audit` reports is a finding of one of these checks (DESIGN §5). Ids are
permanent: `KNOX-<FAMILY>-<NNN>`; a retired check keeps its id and a new check takes the next
number. A check reads only facts the audit decided: a fact it could not decide (a flow that failed,
a format it does not know, a probe that was not run) never produces a finding. The audit that
determines the facts is not built yet; this registry is its contract.

References: [CWE](https://cwe.mitre.org/), OWASP ASVS 4.0.3 and 5.0.0 requirement ids, OWASP
WSTG 4.2 test ids. `n/a` means no requirement of that ASVS version matches the check closely;
knox does not stretch an id to fill the column. Mapping notes:

- Thresholds: lifetime 12 hours and 30 days (ASVS 4.0.3 3.3.2's level 2 and level 1
  re-authentication periods); entropy 64 bits (ASVS 4.0.3 3.2.2) and 128 bits (ASVS 5.0 7.2.3);
  cookie size 4096 bytes of name + value (RFC 6265bis-22 §5.6, ASVS 5.0 3.3.5), "close" above 3072.
- No CWE entry is specific to cookie scope or size: KNOX-ATTR-007 uses CWE-200 (the session
  is exposed to other hosts), KNOX-ATTR-008/009 CWE-400 (lost sessions, oversized headers).
  The prefix checks use CWE-384: the prefix is what stops another host planting the session id.
- A Path narrower than `/` is not reported: Path is not a security boundary between pages of one
  origin, and ASVS 4.0.3 3.4.5 asks for the most precise path. A `__Host-` cookie without `Path=/`
  is reported by KNOX-PREFIX-002.
- Weak secrets use CWE-1391 (Use of Weak Credentials) and ASVS 4.0.3 2.10.4 (secrets kept out of
  source code, where default keys come from).

)";

void PrintMarkdown(std::ostream& out) {
  out << kMarkdownIntro;
  out << "| Id | Severity | Title | CWE | ASVS 4.0.3 | ASVS 5.0 | WSTG |\n"
      << "|---|---|---|---|---|---|---|\n";
  for (const Check& c : checks::AllChecks()) {
    const CheckInfo& i = *c.info;
    out << "| " << i.id << " | " << checks::SeverityName(i.severity) << " | " << i.title << " | "
        << Cwe(i) << " | " << i.asvs4 << " | " << i.asvs5 << " | " << i.wstg << " |\n";
  }
  for (const Check& c : checks::AllChecks()) {
    const CheckInfo& i = *c.info;
    out << "\n## " << i.id << ": " << i.title << "\n\n"
        << "Severity " << checks::SeverityName(i.severity) << " · " << Cwe(i) << " · ASVS 4.0.3 "
        << i.asvs4 << " · ASVS 5.0 " << i.asvs5 << " · " << i.wstg << "\n\n"
        << i.rationale << "\n\n"
        << "Remediation: " << i.remediation << "\n";
  }
}

}  // namespace

int RunChecks(int argc, char** argv) {
  CLI::App app("List the checks of knox audit: id, severity, CWE, ASVS and WSTG references.",
               "knox checks");
  std::string format = "text";
  app.add_option("--format", format, "text (a table), json (an array) or md (docs/checks.md)")
      ->check(CLI::IsMember({"text", "json", "md"}));
  if (int rc = Parse(app, argc, argv); rc >= 0) return rc;
  if (format == "json") {
    PrintJson(std::cout);
  } else if (format == "md") {
    PrintMarkdown(std::cout);
  } else {
    PrintText(std::cout);
  }
  return kExitOk;
}

}  // namespace knox::cli
