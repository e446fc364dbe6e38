// The audit (DESIGN §5 "flows"): drives one target through the profile and determines the
// SessionFacts the checks run over, each with its evidence, or leaves it undecided with the reason.
//
//   anonymous visit → login → session-cookie identification (the cookie whose removal logs the user
//   out; companions like NAME.sig last) → classification and decoding → fixation (a server-issued
//   or planted pre-login id) → tampering → weak-secret search → logout and replay → entropy
//   sampling over fresh logins → expiry (waiting up to max_wait, or forging an old token with a
//   found secret).
//
// Each step is a probe (auditor.cc) that records what its requests observed, and a decider
// (deciders.h, weak_secret.h): a pure function from observations to a fact or the reason it stays
// undecided. The Driver's transport is the network (HttpClient) or, in unit tests, an in-memory
// app (fake_app.h) whose clock the injected `sleep` advances.
//
// Only a failure of the very first request is an error (the target is unreachable); later
// failures leave the affected facts undecided. Secrets found are kept out of the facts; `secret`
// carries one only when show_secrets is set.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/analysis/entropy.h"
#include "conformance/checks/facts.h"
#include "conformance/flows/driver.h"
#include "core/base/result.h"

namespace knox::flows {

struct AuditOptions {
  int max_wait_seconds = 30;
  // How long a browser-session cookie is kept unused before it is replayed (the idle probe);
  // 0 = no idle probe. The CLI's default is --max-wait.
  int idle_probe_seconds = 0;
  size_t samples = 20;
  std::string wordlist_path;  // extra candidates for the weak-secret search ("" = bundled only)
  unsigned threads = 1;
  bool show_secrets = false;
  // Progress lines for long steps (sampling, waiting); may be empty.
  std::function<void(std::string_view)> progress;
  // Called once with "how knox logged in" before the audit's probes (--explain); may be empty.
  std::function<void(const std::vector<std::string>&)> explain;
  // Sleeps (injectable so unit tests need not wait); default std::this_thread::sleep_for.
  std::function<void(int seconds)> sleep;
};

struct AuditOutcome {
  checks::SessionFacts facts;
  std::optional<analysis::EntropyReport> entropy;
  std::vector<std::string> notes;                   // what happened that a reader should know
  std::vector<std::string> tamper_accepted;         // the variants the server accepted
  std::vector<std::string> tamper_server_errors;    // variants answered with 5xx
  std::optional<std::string> secret_sha256_prefix;  // of the secret found (8 hex digits)
  std::optional<std::string> secret;                // only with show_secrets
  std::optional<std::string> expiry_method;         // "waited N s" / "forged token aged N s"
  // How knox logged in: redirects, the discovered login form, protected page and logout, each a
  // sentence naming paths and field names (never values).
  std::vector<std::string> login_steps;
};

// kUnavailable/kTimeout/... when the target cannot be reached at all.
Result<AuditOutcome> RunAudit(const Driver& driver, const AuditOptions& options);

}  // namespace knox::flows
