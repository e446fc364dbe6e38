// knox audit URL [...]: the black-box session audit (DESIGN §7, docs/audit.md). Builds the profile
// from flags, a TOML file and the environment, runs the flows against the target and renders the
// report. Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration
// error, 3 target unreachable.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/input_file.h"
#include "conformance/checks/check_info.h"
#include "conformance/flows/audit_report.h"
#include "conformance/flows/auditor.h"
#include "conformance/net/http_client.h"
#include "conformance/profile/profile.h"
#include "core/cookie/url.h"
#include "reports/render.h"

namespace knox::cli {
namespace {

constexpr size_t kMaxProfileBytes = 1 << 20;

struct Flags {
  std::string url;
  std::string profile_file;
  std::optional<std::string> user, password, login, user_field, password_field, protected_path,
      logout, logout_method, session_cookie;
  bool login_json = false;
  std::vector<std::string> headers;
  int max_wait = 30;
  std::optional<int> idle_probe;
  size_t samples = 20;
  std::string wordlist;
  std::string format = "text";
  std::string output;
  std::string fail_on = "low";
  bool insecure = false;
  std::string ca_file;
  double timeout = 10;
  bool show_secrets = false;
  bool explain = false;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
};

void AddFlags(CLI::App& app, Flags& f) {
  app.add_option("URL", f.url, "the target, http:// or https://")->required();
  app.add_option("--profile", f.profile_file, "TOML profile (docs/audit.md)");
  app.add_option("--user", f.user, "user name to log in with (or env KNOX_USER)");
  app.add_option("--password", f.password, "password (prefer env KNOX_PASSWORD)");
  app.add_option("--login", f.login, "login path (default /login)");
  app.add_option("--user-field", f.user_field, "login form field of the user (default username)");
  app.add_option("--password-field", f.password_field, "login form field of the password");
  app.add_flag("--login-json", f.login_json, "send the login as a JSON object");
  app.add_option("--protected", f.protected_path, "a path that needs a login (default /me)");
  app.add_option("--logout", f.logout, "logout path (default /logout)");
  app.add_option("--logout-method", f.logout_method, "logout method (default POST)");
  app.add_option("--session-cookie", f.session_cookie, "the session cookie's name, if ambiguous");
  app.add_option("-H,--header", f.headers, "extra request header 'Name: value' (repeatable)");
  app.add_option("--max-wait", f.max_wait, "wait up to this many seconds for a session to expire")
      ->check(CLI::Range(0, 3600));
  app.add_option("--idle-probe", f.idle_probe,
                 "keep a browser-session cookie unused this many seconds, then replay it "
                 "(default --max-wait; 0 = no idle probe)")
      ->check(CLI::Range(0, 86400));
  app.add_option("--samples", f.samples, "session ids to collect for the entropy analysis")
      ->check(CLI::Range(2, 10000));
  app.add_option("--wordlist", f.wordlist, "more candidate signing secrets, one per line")
      ->check(CLI::ExistingFile);
  app.add_option("--format", f.format, "text|json|junit|sarif|html");
  app.add_option("--output", f.output, "write the report to this file instead of stdout");
  app.add_option("--fail-on", f.fail_on, "exit 1 on a finding at or above: info|low|medium|high");
  app.add_flag("--insecure", f.insecure, "do not verify TLS certificates (recorded in the report)");
  app.add_option("--ca", f.ca_file, "extra trusted CA certificates (PEM)");
  app.add_option("--timeout", f.timeout, "seconds per network operation")
      ->check(CLI::Range(0.1, 600.0));
  app.add_flag("--show-secrets", f.show_secrets, "put a cracked secret itself in the report");
  app.add_flag("--explain", f.explain,
               "print how knox logged in (discovered form, protected page, logout) to stderr "
               "before the audit");
  app.add_option("--threads", f.threads, "threads of the weak-secret search")
      ->check(CLI::Range(1u, 1024u));
}

// CA bundles are read by OpenSSL by name; Debian's whole bundle is about 200 KiB.
constexpr size_t kMaxCaFileBytes = size_t{16} << 20;

Result<std::string> ReadSmallFile(const std::string& path, size_t limit) {
  std::ifstream in;
  if (auto opened = OpenInput("--profile", path, in); !opened) {
    return std::unexpected(opened.error());
  }
  std::string text(limit + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > limit) return Fail(ErrorCode::kLimitExceeded, path + " is larger than 1 MiB");
  return text;
}

// The files the audit reads later, checked before any request is made, so that a bad path is a
// usage error (exit 2) rather than an undecided fact or an "unreachable" target halfway through.
Result<void> CheckFiles(const Flags& f) {
  if (!f.wordlist.empty()) {
    std::ifstream in;
    if (auto opened = OpenInput("--wordlist", f.wordlist, in); !opened) return opened;
  }
  if (!f.ca_file.empty()) {
    auto pem = ReadRegularFile("--ca", f.ca_file, kMaxCaFileBytes);
    if (!pem) return std::unexpected(pem.error());
    if (pem->find("-----BEGIN ") == std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "--ca " + f.ca_file + ": no PEM certificate in it");
    }
  }
  if (!f.output.empty()) {
    std::error_code ec;
    const std::filesystem::path out(f.output);
    if (std::filesystem::is_directory(out, ec)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "cannot write --output " + f.output + ": is a directory");
    }
    const std::filesystem::path parent = out.has_parent_path() ? out.parent_path() : ".";
    if (!std::filesystem::is_directory(parent, ec)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "cannot write --output " + f.output + ": no directory " + parent.string());
    }
  }
  return {};
}

std::optional<std::string> Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::optional<std::string>(v) : std::nullopt;
}

// Flags over the profile file over the defaults; credentials from the environment last.
Result<profile::Profile> BuildProfile(const Flags& f, const cookie::Url& url) {
  profile::Profile p;
  if (url.path != "/" || url.query) p.landing_path = url.path + (url.query ? "?" + *url.query : "");
  if (!f.profile_file.empty()) {
    auto text = ReadSmallFile(f.profile_file, kMaxProfileBytes);
    if (!text) return std::unexpected(text.error());
    auto parsed = profile::ParseProfileToml(*text, p);
    if (!parsed) return parsed;
    p = std::move(*parsed);
  }
  if (!p.login_steps.empty() && (f.login || f.user_field || f.password_field || f.login_json)) {
    return Fail(ErrorCode::kInvalidArgument,
                "--login, --user-field, --password-field and --login-json mean nothing with the "
                "profile's [[login.steps]] (each step says its request)");
  }
  auto set = [](const std::optional<std::string>& flag, std::string& field) {
    if (flag) field = *flag;
  };
  set(f.login, p.login_path);
  set(f.user_field, p.user_field);
  set(f.password_field, p.password_field);
  set(f.protected_path, p.protected_path);
  set(f.logout, p.logout_path);
  set(f.logout_method, p.logout_method);
  if (f.login_json) p.login_json = true;
  // Without a profile, what no flag names is discovered (docs/audit.md "Zero-config login").
  if (f.profile_file.empty()) {
    p.discover.login = !f.login && !f.user_field && !f.password_field && !f.login_json;
    p.discover.protected_path = !f.protected_path;
    p.discover.logout = !f.logout && !f.logout_method;
  }
  if (f.session_cookie) p.session_cookie = f.session_cookie;
  if (f.user) p.user = f.user;
  if (f.password) p.password = f.password;
  if (!p.user) p.user = Env("KNOX_USER");
  if (!p.password && p.password_env) p.password = Env(p.password_env->c_str());
  if (!p.password) p.password = Env("KNOX_PASSWORD");
  if (p.user && !p.password) {
    return Fail(ErrorCode::kInvalidArgument,
                "a user without a password (--password or KNOX_PASSWORD)");
  }
  if (!p.user) p.password.reset();
  for (const std::string& h : f.headers) {
    auto header = profile::ParseHeaderFlag(h);
    if (!header) return std::unexpected(header.error());
    p.headers.push_back(std::move(*header));
  }
  if (auto ok = profile::ValidateProfile(p); !ok) return std::unexpected(ok.error());
  return p;
}

bool HasFindingAtOrAbove(const reports::Report& report, checks::Severity threshold) {
  for (const reports::ReportFinding& f : report.findings) {
    auto s = checks::ParseSeverity(f.severity);
    if (s && *s >= threshold) return true;
  }
  return false;
}

int WriteReport(const Flags& f, const reports::Report& report, reports::Format format) {
  reports::RenderOptions options;
  options.colour = format == reports::Format::kText && f.output.empty() && isatty(STDOUT_FILENO);
  const std::string text = reports::Render(report, format, options);
  if (f.output.empty()) {
    std::cout << text << std::flush;
    return kExitOk;
  }
  std::ofstream out(f.output, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    PrintError("audit", "cannot write " + f.output);
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace

int RunAudit(int argc, char** argv) {
  CLI::App app("Audit the session handling of an HTTP(S) server.", "knox audit");
  Flags f;
  AddFlags(app, f);
  app.footer(
      "Exit codes: 0 no finding at or above --fail-on (default low), 1 findings, 2 usage "
      "error, 3 target unreachable. Only audit servers you are allowed to test.");
  if (int rc = Parse(app, argc, argv); rc >= 0) return rc;

  auto format = reports::ParseFormat(f.format);
  auto fail_on = checks::ParseSeverity(f.fail_on);
  auto url = cookie::ParseUrl(f.url);
  if (!format || !fail_on) {
    PrintError("audit",
               !format ? format.error().message : "--fail-on must be info|low|medium|high");
    return kExitUsage;
  }
  if (!url || (url->scheme != "http" && url->scheme != "https")) {
    PrintError("audit", "URL must be an absolute http:// or https:// URL");
    return kExitUsage;
  }
  if (auto files = CheckFiles(f); !files) {
    PrintError("audit", files.error().message);
    return kExitUsage;
  }
  auto profile = BuildProfile(f, *url);
  if (!profile) {
    PrintError("audit", profile.error().message);
    return kExitUsage;
  }
  net::ClientOptions client_options;
  client_options.timeout = std::chrono::milliseconds(static_cast<int64_t>(f.timeout * 1000));
  client_options.insecure = f.insecure;
  client_options.ca_file = f.ca_file;
  client_options.extra_headers = profile->headers;
  net::HttpClient client(client_options);
  flows::Driver driver(client, *profile, *url, SystemClock::Instance());

  flows::AuditOptions options{
      .max_wait_seconds = f.max_wait,
      .idle_probe_seconds = f.idle_probe.value_or(profile->idle_probe_s.value_or(f.max_wait)),
      .samples = f.samples,
      .wordlist_path = f.wordlist,
      .threads = f.threads,
      .show_secrets = f.show_secrets};
  if (f.explain) {
    options.explain = [](const std::vector<std::string>& steps) {
      std::cerr << "knox audit: how knox logged in:\n";
      if (steps.empty()) std::cerr << "  (the profile's requests; nothing was discovered)\n";
      for (size_t i = 0; i < steps.size(); ++i) {
        std::cerr << "  " << (i + 1) << ". " << steps[i] << "\n";
      }
    };
  }
  if (isatty(STDERR_FILENO)) {
    options.progress = [](std::string_view line) { std::cerr << "knox audit: " << line << "\n"; };
  }
  const std::string started_at = Rfc3339Now();
  const auto start = std::chrono::steady_clock::now();
  auto outcome = flows::RunAudit(driver, options);
  if (!outcome) {
    PrintError("audit", "target unreachable: " + outcome.error().message);
    return kExitNetwork;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  reports::Report report = flows::BuildReport({.target = f.url,
                                               .tool_version = KNOX_VERSION,
                                               .started_at = started_at,
                                               .duration_s = seconds,
                                               .insecure_tls = f.insecure},
                                              *profile, *outcome, client);
  if (int rc = WriteReport(f, report, *format); rc != kExitOk) return rc;
  return HasFindingAtOrAbove(report, *fail_on) ? kExitNegative : kExitOk;
}

}  // namespace knox::cli
