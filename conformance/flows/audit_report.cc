#include "conformance/flows/audit_report.h"

#include <cmath>

#include "conformance/checks/registry.h"
#include "core/cookie/prefix.h"

namespace knox::flows {
namespace {

using nlohmann::json;

template <class T>
json Optional(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

std::string SameSiteText(const cookie::SetCookie& c) {
  if (!c.same_site) return "missing";
  if (*c.same_site == cookie::SameSite::kDefault) return "invalid";
  return std::string(cookie::SameSiteName(*c.same_site));
}

// The attributes of one observed cookie under the fact names.
json CookieJson(const checks::ObservedCookie& o) {
  json j = {
      {"name", o.name}, {"size", o.name.size() + o.value_length}, {"set_from", o.set_from_url}};
  if (!o.attributes) {
    j["ignored_by_browsers"] = true;
    return j;
  }
  const cookie::SetCookie& c = *o.attributes;
  const bool host = cookie::HasHostPrefix(c.name), secure_prefix = cookie::HasSecurePrefix(c.name);
  j["secure"] = c.secure;
  j["http_only"] = c.http_only;
  j["same_site"] = SameSiteText(c);
  j["path"] = Optional(c.path);
  if (c.domain) j["domain"] = *c.domain;  // absent for a host-only cookie (see host_only)
  j["host_only"] = !c.domain.has_value();
  j["prefix"] = host ? "__Host-" : secure_prefix ? "__Secure-" : "none";
  j["prefix_valid"] = host || secure_prefix
                          ? json(!c.HasProblem(cookie::Problem::kHostPrefixViolation) &&
                                 !c.HasProblem(cookie::Problem::kSecurePrefixWithoutSecure))
                          : json(nullptr);
  j["value_sha256_prefix"] = Sha256Prefix(c.value);
  return j;
}

json EntropyJson(const AuditOutcome& o) {
  if (!o.entropy) return nullptr;
  const analysis::EntropyReport& e = *o.entropy;
  json structure = json::array();
  for (const auto& s : e.structure) structure.push_back({{"kind", s.kind}, {"detail", s.detail}});
  return {{"bits", e.effective_bits},   {"low_entropy", o.facts.low_entropy.value_or(false)},
          {"samples", e.samples},       {"alphabet", e.alphabet},
          {"confidence", e.confidence}, {"non_random", e.non_random},
          {"below_128", e.below_128},   {"structure", structure}};
}

json WeakSecretJson(const AuditOutcome& o) {
  if (!o.facts.weak_secret) return nullptr;
  json j = {{"found", o.facts.weak_secret->found}, {"candidates", o.facts.weak_secret->candidates}};
  if (o.facts.weak_secret->found) {
    j["length"] = Optional(o.facts.weak_secret->length);
    j["sha256_prefix"] = Optional(o.secret_sha256_prefix);
    if (o.secret) j["secret"] = *o.secret;
  }
  return j;
}

void AddSessionCookie(const checks::SessionFacts& f, json& j) {
  if (!f.session_cookie) {
    j["cookie_name"] = nullptr;
    return;
  }
  json c = CookieJson(*f.session_cookie);
  j["cookie_name"] = c["name"];
  for (const char* key : {"secure", "http_only", "same_site", "path", "host_only", "prefix",
                          "prefix_valid", "size", "value_sha256_prefix"}) {
    j[key] = c.contains(key) ? c[key] : json(nullptr);
  }
  if (c.contains("domain")) j["domain"] = c["domain"];
  j["lifetime_s"] = f.lifetime_s && *f.lifetime_s != 0 ? json(*f.lifetime_s) : json(nullptr);
  j["persistent"] = f.lifetime_s ? json(*f.lifetime_s != 0) : json(nullptr);
}

// Evidence beyond what the check itself attaches.
void AddEvidence(const AuditOutcome& o, std::string_view id, reports::Evidence& evidence) {
  auto join = [](const std::vector<std::string>& items) {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
    return s;
  };
  if (id == "KNOX-TOKEN-001" && !o.tamper_accepted.empty()) {
    evidence.emplace_back("accepted_modifications", join(o.tamper_accepted));
  }
  if (id == "KNOX-LIFE-003" && o.expiry_method) evidence.emplace_back("method", *o.expiry_method);
  if (id == "KNOX-SECRET-001") {
    if (o.secret_sha256_prefix)
      evidence.emplace_back("secret_sha256_prefix", *o.secret_sha256_prefix);
    if (o.secret) evidence.emplace_back("secret", *o.secret);
  }
}

json BearerJson(const checks::SessionFacts& f) {
  if (!f.bearer) return nullptr;
  return {{"header", f.bearer->header},
          {"scheme", f.bearer->scheme},
          {"issued_in", f.bearer->source},
          {"length", f.bearer->length}};
}

json JwtJson(const checks::SessionFacts& f) {
  if (!f.jwt) return nullptr;
  return {{"alg_none_accepted", Optional(f.jwt->alg_none_accepted)},
          {"signature_stripped_accepted", Optional(f.jwt->signature_stripped_accepted)},
          {"key_confusion_accepted", Optional(f.jwt->key_confusion_accepted)},
          {"exp_missing", Optional(f.jwt->exp_missing)},
          {"expired_accepted", Optional(f.jwt->expired_accepted)}};
}

}  // namespace

json FactsJson(const AuditOutcome& o) {
  const checks::SessionFacts& f = o.facts;
  json j = json::object();
  AddSessionCookie(f, j);
  j["bearer"] = BearerJson(f);
  j["jwt"] = JwtJson(f);
  j["https"] = Optional(f.https);
  j["kind"] = f.kind ? json(std::string(checks::SessionKindName(*f.kind))) : json(nullptr);
  j["signed"] = Optional(f.signed_value);
  j["format"] = Optional(f.format);
  j["browser_refuses_session_cookie"] = Optional(f.browser_refuses_session_cookie);
  j["browser_refusal"] = Optional(f.browser_refusal);
  j["login_rotates_id"] = Optional(f.login_rotates_id);
  j["fixation"] = Optional(f.fixation);
  j["logout_clears_cookie"] = Optional(f.logout_clears_cookie);
  j["logout_invalidates"] = Optional(f.logout_invalidates);
  j["expiry_enforced"] = Optional(f.expiry_enforced);
  j["expiry_method"] = Optional(o.expiry_method);
  j["tamper_rejected"] = Optional(f.tamper_rejected);
  j["tamper_accepted"] = o.tamper_accepted;
  j["tamper_server_errors"] = o.tamper_server_errors;
  j["readable_fields"] = Optional(f.readable_fields);
  j["carried_over_fields"] = Optional(f.carried_over_fields);
  j["sensitive_fields"] = Optional(f.sensitive_fields);
  j["weak_secret"] = WeakSecretJson(o);
  j["entropy"] = EntropyJson(o);
  j["low_entropy"] = Optional(f.low_entropy);
  j["session_id_in_url"] = Optional(f.session_id_in_url);
  json others = json::array();
  if (f.other_cookies) {
    for (const auto& c : *f.other_cookies) others.push_back(CookieJson(c));
  }
  j["other_cookies"] = others;
  json undecided = json::object();
  for (const auto& [fact, why] : f.undecided) undecided[fact] = why;
  j["undecided"] = undecided;
  return j;
}

reports::Report BuildReport(const ReportContext& context, const profile::Profile& profile,
                            const AuditOutcome& outcome, const net::Transport& transport) {
  reports::Report r;
  r.tool_version = context.tool_version;
  r.target = context.target;
  r.started_at = context.started_at;
  r.duration_s = context.duration_s;
  r.insecure_tls = context.insecure_tls;
  r.profile = profile.Summary();
  r.session = FactsJson(outcome);
  for (const checks::Finding& f : checks::RunAll(outcome.facts)) {
    reports::ReportFinding rf{.id = std::string(f.check->id),
                              .title = std::string(f.check->title),
                              .severity = std::string(checks::SeverityName(f.check->severity)),
                              .cwe = f.check->cwe,
                              .asvs4 = std::string(f.check->asvs4),
                              .asvs5 = std::string(f.check->asvs5),
                              .wstg = std::string(f.check->wstg),
                              .rationale = std::string(f.check->rationale),
                              .remediation = std::string(f.check->remediation),
                              .subject = f.subject,
                              .evidence = f.evidence};
    AddEvidence(outcome, rf.id, rf.evidence);
    r.findings.push_back(std::move(rf));
  }
  for (const checks::Check& c : checks::AllChecks()) {
    reports::ReportCheck rc{.id = std::string(c.info->id),
                            .title = std::string(c.info->title),
                            .severity = std::string(checks::SeverityName(c.info->severity))};
    rc.cwe = c.info->cwe;
    rc.rationale = std::string(c.info->rationale);
    rc.remediation = std::string(c.info->remediation);
    rc.asvs4 = std::string(c.info->asvs4);
    rc.asvs5 = std::string(c.info->asvs5);
    rc.wstg = std::string(c.info->wstg);
    r.checks.push_back(std::move(rc));
  }
  r.login_steps = outcome.login_steps;
  r.notes = outcome.notes;
  for (const auto& [fact, why] : outcome.facts.undecided)
    r.notes.push_back(fact + " undecided: " + why);
  if (outcome.entropy) {
    reports::EntropyChart chart{.max_bits_per_position = 0, .samples = outcome.entropy->samples};
    for (const auto& p : outcome.entropy->positions)
      chart.bits_per_position.push_back(p.shannon_bits);
    chart.max_bits_per_position =
        std::log2(static_cast<double>(std::max<size_t>(outcome.entropy->alphabet_size, 1)));
    r.entropy = std::move(chart);
  }
  for (const net::Exchange& e : transport.Exchanges()) {
    std::string line = e.request.method + " " + e.request.url + " -> ";
    line += e.response ? std::to_string(e.response->status)
                       : std::string(ErrorCodeName(e.response.error().code));
    r.exchanges.push_back(std::move(line));
  }
  return r;
}

}  // namespace knox::flows
