#include "reports/sample_report.h"

#include <cmath>
#include <string_view>

namespace knox::reports::testing {
namespace {

ReportFinding WeakSecretFinding() {
  return ReportFinding{
      .id = "KNOX-SECRET-001",
      .title = "Session signing secret found in a wordlist",
      .severity = "high",
      .cwe = 521,
      .asvs4 = "2.10.4",
      .asvs5 = "n/a",
      .wstg = "WSTG-SESS-01",
      .rationale = "Anyone who knows the secret forges sessions.",
      .remediation = "Use a random 32-byte secret.",
      .subject = "session",
      .evidence = {{"format", "flask"}, {"secret_length", "6"}, {"secret_sha256_prefix", "5e88"}}};
}

ReportFinding SecureMissingFinding(const std::string& hostile) {
  return ReportFinding{
      .id = "KNOX-ATTR-001",
      .title = "Session cookie without Secure",
      .severity = "medium",
      .cwe = 614,
      .asvs4 = "3.4.1",
      .asvs5 = "3.3.1",
      .wstg = "WSTG-SESS-02",
      .rationale = "Without Secure the browser also sends the cookie over plain HTTP.",
      .remediation = "Set Secure; better, name it __Host-... with Path=/ and no Domain.",
      .subject = "sid" + hostile,
      .evidence = {{"cookie", "sid" + hostile}, {"set_from" + hostile, hostile}}};
}

// A finding whose check is missing from report.checks: renderers must still list it.
ReportFinding UnlistedCheckFinding(const std::string& hostile) {
  return ReportFinding{.id = "KNOX-LIFE-002",
                       .title = "Session cookie lifetime over 400 days",
                       .severity = "low",
                       .cwe = 613,
                       .asvs4 = "3.3.1",
                       .asvs5 = "n/a",
                       .wstg = "WSTG-SESS-07",
                       .rationale = "Browsers cap lifetimes at 400 days.",
                       .remediation = "Use a shorter Max-Age.",
                       .subject = hostile,
                       .evidence = {{"max_age_days", "900"}}};
}

nlohmann::json SessionFacts(const std::string& hostile) {
  return nlohmann::json{
      {"https", true},
      {"session_cookie",
       {{"name", "sid" + hostile},
        {"value_length", 88},
        {"attributes", {{"secure", false}, {"http_only", true}, {"same_site", nullptr}}}}},
      {"other_cookies", nlohmann::json::array({{{"name", hostile}, {"value_length", 3}}})},
      {"kind", "signed-payload"},
      {"format", "flask"},
      {"login_rotates_id", nullptr},
      {"readable_fields", {"user_id", hostile}},
      {"entropy_bits", 121.5}};
}

EntropyChart Entropy() {
  EntropyChart chart{.max_bits_per_position = 6.0, .samples = 200};
  for (int i = 0; i < 43; ++i) chart.bits_per_position.push_back(5.2 + 0.5 * std::sin(i));
  chart.bits_per_position[0] = 1.0;  // a constant-ish prefix, as real tokens often have
  return chart;
}

std::vector<ReportCheck> Checks() {
  return {{.id = "KNOX-ATTR-001",
           .title = "Session cookie without Secure",
           .severity = "medium",
           .cwe = 614,
           .rationale = "Without Secure the browser also sends the cookie over HTTP.",
           .remediation = "Set Secure.",
           .asvs4 = "3.4.1",
           .asvs5 = "3.3.1",
           .wstg = "WSTG-SESS-02"},
          {.id = "KNOX-ATTR-002",
           .title = "Session cookie without HttpOnly",
           .severity = "medium",
           .cwe = 1004,
           .rationale = "Scripts can read the cookie.",
           .remediation = "Set HttpOnly."},
          {.id = "KNOX-PREFIX-001",
           .title = "Session cookie without a __Host- prefix",
           .severity = "info"},
          {.id = "KNOX-SECRET-001",
           .title = "Session signing secret found in a wordlist",
           .severity = "high"}};
}

}  // namespace

std::string HostilePayload() {
  static constexpr char kBytes[] =
      "<script>alert(1)</script>\"'<![CDATA[x]]>&amp;\x1b[31mRED\x1b]0;title\x07"
      "\x00nul\x08\x0b\xc2\x9b\xe2\x80\xae\x80\xff\xe2\x82";
  return std::string(kBytes, sizeof kBytes - 1);
}

Report SampleReport() {
  const std::string hostile = HostilePayload();
  Report r;
  r.tool_version = "0.1.0";
  r.target = "https://victim.example/app?q=" + hostile;
  r.started_at = "2026-11-26T15:09:43Z";
  r.duration_s = 3.25;
  r.insecure_tls = true;
  r.profile = {{"login_path", "/login"}, {"user", "alice" + hostile}};
  r.session = SessionFacts(hostile);
  r.findings = {WeakSecretFinding(), SecureMissingFinding(hostile), UnlistedCheckFinding(hostile)};
  r.checks = Checks();
  r.notes = {"fixation undecided: the login form " + hostile + " was not found"};
  r.entropy = Entropy();
  r.exchanges = {"GET " + r.target + " -> 200", "POST https://victim.example/login -> 302"};
  return r;
}

}  // namespace knox::reports::testing
