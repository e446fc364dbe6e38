// Turns an audit's outcome into the facts JSON (the report's `session` object, with the fact names
// of the [audit] issue: docs/report-schema.md) and the renderers' Report: findings of every check
// in the registry, with extra evidence (which tampered values were accepted, how expiry was
// decided, a SHA-256 prefix of the secret found). Cookie values and secrets never appear, except
// the secret itself when the user asked for it with --show-secrets.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "conformance/flows/auditor.h"
#include "conformance/net/transport.h"
#include "conformance/profile/profile.h"
#include "reports/report.h"

namespace knox::flows {

nlohmann::json FactsJson(const AuditOutcome& outcome);

struct ReportContext {
  std::string target;
  std::string tool_version;
  std::string started_at;  // RFC 3339 UTC
  double duration_s = 0;
  bool insecure_tls = false;
};

reports::Report BuildReport(const ReportContext& context, const profile::Profile& profile,
                            const AuditOutcome& outcome, const net::Transport& transport);

}  // namespace knox::flows
