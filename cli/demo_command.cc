// knox demo: the embedded default (DESIGN §7, the README's main command). Serves the reference app
// in-process on 127.0.0.1 three times — id mode (memory store), sealed mode, and --insecure-demo —
// audits each with the same flows as `knox audit`, prints the reports and checks the outcome: the
// two secure modes have no finding except those only HTTPS can clear (the servers run over plain
// HTTP on loopback), and the insecure demo shows each of the seed app's mistakes as a finding.
// Exit code 0 when all of that holds, 1 otherwise.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>
#include <thread>

#include "cli/command.h"
#include "cli/commands.h"
#include "conformance/flows/audit_report.h"
#include "conformance/flows/auditor.h"
#include "conformance/net/http_client.h"
#include "core/cookie/url.h"
#include "core/server/reference_server.h"
#include "reports/render.h"

namespace knox::cli {
namespace {

// What a server over plain HTTP cannot avoid, however it is written.
const std::set<std::string> kHttpsOnly = {"KNOX-SESS-006"};

// The seed app's mistakes that --insecure-demo reproduces (docs/serve.md), as knox reports them.
const std::set<std::string> kSeedMistakes = {
    "KNOX-ATTR-001",    // no Secure
    "KNOX-ATTR-002",    // no HttpOnly
    "KNOX-PREFIX-001",  // no __Host- prefix
    "KNOX-SESS-003",    // logout only deletes the cookie: the token stays valid
    "KNOX-TOKEN-003",   // the role is readable in the token
    "KNOX-SECRET-001",  // a known signing secret
};

struct Run {
  std::string title;
  server::SessionMode mode;
};

struct Outcome {
  std::set<std::string> ids;
  bool ok = false;
  std::string verdict;
};

Result<reports::Report> AuditServer(const server::ReferenceServer& srv, unsigned threads) {
  const std::string url = "http://127.0.0.1:" + std::to_string(srv.port()) + "/";
  auto parsed = cookie::ParseUrl(url);
  if (!parsed) return std::unexpected(parsed.error());
  profile::Profile profile;
  profile.user = std::string(server::kDemoUser);
  profile.password = std::string(server::kDemoPassword);
  net::HttpClient client;
  flows::Driver driver(client, profile, *parsed, SystemClock::Instance());
  flows::AuditOptions options{.max_wait_seconds = 5, .samples = 20, .threads = threads};
  if (isatty(STDERR_FILENO)) {
    options.progress = [](std::string_view line) { std::cerr << "knox demo: " << line << "\n"; };
  }
  const std::string started_at = Rfc3339Now();
  const auto start = std::chrono::steady_clock::now();
  auto outcome = flows::RunAudit(driver, options);
  if (!outcome) return std::unexpected(outcome.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return flows::BuildReport({.target = url,
                             .tool_version = KNOX_VERSION,
                             .started_at = started_at,
                             .duration_s = seconds},
                            profile, *outcome, client);
}

Outcome Judge(server::SessionMode mode, const reports::Report& report) {
  Outcome o;
  for (const auto& f : report.findings) o.ids.insert(f.id);
  if (mode == server::SessionMode::kInsecureDemo) {
    std::vector<std::string> missing;
    for (const auto& id : kSeedMistakes) {
      if (!o.ids.contains(id)) missing.push_back(id);
    }
    o.ok = missing.empty();
    o.verdict =
        o.ok ? "every seed mistake found"
             : "missed " + std::to_string(missing.size()) + " seed mistake(s), e.g. " + missing[0];
    return o;
  }
  std::vector<std::string> unexpected;
  for (const auto& id : o.ids) {
    if (!kHttpsOnly.contains(id)) unexpected.push_back(id);
  }
  o.ok = unexpected.empty();
  o.verdict = o.ok ? "no finding except " + std::to_string(o.ids.size()) +
                         " that only HTTPS clears (plain HTTP on loopback)"
                   : "unexpected finding " + unexpected[0];
  return o;
}

}  // namespace

int RunDemo(int argc, char** argv) {
  CLI::App app(
      "Serve the reference app on loopback (secure modes and --insecure-demo) and audit "
      "each.",
      "knox demo");
  std::string format = "text";
  app.add_option("--format", format, "report format: text|json|junit|sarif|html");
  app.footer(
      "Exit codes: 0 the audits came out as designed, 1 otherwise, 3 a server did not "
      "start.");
  if (int rc = Parse(app, argc, argv); rc >= 0) return rc;
  auto fmt = reports::ParseFormat(format);
  if (!fmt) {
    PrintError("demo", fmt.error().message);
    return kExitUsage;
  }
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  const Run runs[] = {{"reference server, id mode (memory store)", server::SessionMode::kId},
                      {"reference server, sealed mode", server::SessionMode::kSealed},
                      {"reference server, --insecure-demo", server::SessionMode::kInsecureDemo}};
  bool all_ok = true;
  std::vector<std::string> summary;
  for (const Run& run : runs) {
    server::ReferenceOptions options;
    options.server.port = 0;
    options.server.threads = 1;
    options.mode = run.mode;
    auto srv = server::ReferenceServer::Start(std::move(options));
    if (!srv) {
      PrintError("demo", "cannot start the " + run.title + ": " + srv.error().message);
      return kExitNetwork;
    }
    auto report = AuditServer(**srv, threads);
    (*srv)->Stop();
    if (!report) {
      PrintError("demo", "audit of the " + run.title + " failed: " + report.error().message);
      return kExitNetwork;
    }
    reports::RenderOptions render;
    render.colour = *fmt == reports::Format::kText && isatty(STDOUT_FILENO);
    std::cout << reports::Render(*report, *fmt, render) << std::flush;
    Outcome o = Judge(run.mode, *report);
    all_ok = all_ok && o.ok;
    summary.push_back((o.ok ? "ok    " : "FAIL  ") + run.title + ": " +
                      std::to_string(o.ids.size()) + " finding(s); " + o.verdict);
  }
  for (const auto& line : summary) std::cerr << "knox demo: " << line << "\n";
  return all_ok ? kExitOk : kExitNegative;
}

}  // namespace knox::cli
