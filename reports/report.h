// Report: everything one `knox audit` run produced, as plain data the renderers turn into text,
// JSON, JUnit XML, SARIF 2.1.0 or a self-contained HTML page (DESIGN §6). The reports layer depends
// only on core/base (and nlohmann::json as a value type): the auditor converts its facts and
// findings into this model. Every string that came from the target (cookie names, URLs, header
// values, evidence) is untrusted: each renderer escapes it for its own output format.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace knox::reports {

inline constexpr int kSchemaVersion = 2;

using Evidence = std::vector<std::pair<std::string, std::string>>;

struct ReportFinding {
  std::string id;  // KNOX-<FAMILY>-<NNN>
  std::string title;
  std::string severity;  // info|low|medium|high
  int cwe = 0;
  std::string asvs4, asvs5, wstg;  // standard ids, or "n/a"
  std::string rationale;
  std::string remediation;
  std::string subject;  // the cookie name, or "session"
  Evidence evidence;
};

// A check that ran and found nothing (JUnit lists it as a passing test case; SARIF as a rule).
struct ReportCheck {
  std::string id;
  std::string title;
  std::string severity;
  // Registry metadata for SARIF rules and JUnit (optional: renderers fall back to a finding's
  // copy, or leave the field out, when these are empty / 0).
  int cwe = 0;
  std::string rationale;
  std::string remediation;
  std::string asvs4, asvs5, wstg;  // standard ids, "n/a", or empty when not supplied
};

// Per-position character entropy of the collected session ids (the HTML report charts it).
struct EntropyChart {
  std::vector<double> bits_per_position;
  double max_bits_per_position = 0;  // log2 of the alphabet size
  size_t samples = 0;
};

struct Report {
  int schema_version = kSchemaVersion;
  std::string tool_version;
  std::string target;      // the URL audited
  std::string started_at;  // RFC 3339 UTC, e.g. 2026-11-26T15:09:43Z
  double duration_s = 0;
  bool insecure_tls = false;            // --insecure was given: certificates were not verified
  Evidence profile;                     // profile summary (paths, user name; never the password)
  nlohmann::json session;               // the facts object (JSON names as in the [audit] issue)
  std::vector<ReportFinding> findings;  // in registry order
  std::vector<ReportCheck> checks;      // every check that ran (findings' ids included)
  // How knox logged in (redirects, the discovered login form, protected page and logout), when
  // there was anything to find out; paths and field names only, never values.
  std::vector<std::string> login_steps;
  std::vector<std::string> notes;  // explanations, e.g. why a fact stayed undecided
  std::optional<EntropyChart> entropy;
  // Exchanges made, for the evidence appendix: "METHOD URL -> STATUS" lines.
  std::vector<std::string> exchanges;
};

}  // namespace knox::reports
