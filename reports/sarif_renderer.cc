#include "reports/sarif_renderer.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <vector>

#include "reports/check_catalog.h"
#include "reports/escape.h"
#include "reports/json_renderer.h"
#include "reports/severity.h"

namespace knox::reports {
namespace {

using Json = nlohmann::ordered_json;

std::string U(std::string_view raw) { return ValidUtf8(raw); }

Json Text(std::string_view raw) { return Json{{"text", U(raw)}}; }

void AddStandardId(Json& properties, const char* name, const std::string& id) {
  if (!id.empty() && id != "n/a") properties[name] = U(id);
}

Json RuleProperties(const CatalogEntry& e) {
  Json tags = Json::array({"security", "knox." + U(FamilyOf(e.id))});
  if (e.cwe > 0) {
    tags.push_back("CWE-" + std::to_string(e.cwe));
    tags.push_back("external/cwe/cwe-" + std::to_string(e.cwe));
  }
  Json properties{{"tags", tags},
                  {"security-severity", SecuritySeverity(SeverityOf(e.severity))},
                  {"severity", SeverityName(SeverityOf(e.severity))}};
  AddStandardId(properties, "asvs4", e.asvs4);
  AddStandardId(properties, "asvs5", e.asvs5);
  AddStandardId(properties, "wstg", e.wstg);
  return properties;
}

Json Rule(const CatalogEntry& e) {
  Json rule = Json::object();
  rule["id"] = U(e.id);
  rule["shortDescription"] = Text(e.title.empty() ? e.id : e.title);
  if (!e.rationale.empty()) rule["fullDescription"] = Text(e.rationale);
  if (!e.remediation.empty()) rule["help"] = Text(e.remediation);
  if (e.cwe > 0) {
    rule["helpUri"] = "https://cwe.mitre.org/data/definitions/" + std::to_string(e.cwe) + ".html";
  }
  rule["defaultConfiguration"] = Json{{"level", SarifLevel(SeverityOf(e.severity))}};
  rule["properties"] = RuleProperties(e);
  return rule;
}

Json EvidenceJson(const ReportFinding& f) {
  Json out = Json::object();
  for (const auto& [k, v] : f.evidence) out[U(k)] = U(v);
  return out;
}

Json ResultJson(const ReportFinding& f, size_t rule_index, const std::string& uri) {
  Json location = {{"physicalLocation", {{"artifactLocation", {{"uri", uri}}}}}};
  return Json{{"ruleId", U(f.id)},
              {"ruleIndex", rule_index},
              {"kind", "fail"},
              {"level", SarifLevel(SeverityOf(f.severity))},
              {"message", Text(f.title + " (" + f.subject + ")")},
              {"locations", Json::array({location})},
              {"partialFingerprints", {{"knoxFinding/v1", FindingFingerprint(f.id, f.subject)}}},
              {"properties", {{"subject", U(f.subject)}, {"evidence", EvidenceJson(f)}}}};
}

Json Results(const Report& r, const std::vector<CatalogEntry>& catalog) {
  const std::string uri = UriEscape(r.target);
  Json results = Json::array();
  for (size_t i = 0; i < catalog.size(); ++i) {
    for (const ReportFinding* f : catalog[i].findings) results.push_back(ResultJson(*f, i, uri));
  }
  return results;
}

Json Driver(const Report& r, const std::vector<CatalogEntry>& catalog,
            const RenderOptions& options) {
  Json rules = Json::array();
  for (const CatalogEntry& e : catalog) rules.push_back(Rule(e));
  Json driver = Json{{"name", "knox"}, {"version", U(r.tool_version)}};
  if (!options.information_uri.empty()) driver["informationUri"] = U(options.information_uri);
  driver["rules"] = rules;
  return driver;
}

Json Invocation(const Report& r) {
  Json inv = Json{{"executionSuccessful", true}};
  if (!r.started_at.empty()) inv["startTimeUtc"] = U(r.started_at);
  // The notes (why a fact stayed undecided, ...) are SARIF notifications (§3.58).
  Json notifications = Json::array();
  for (const std::string& note : r.notes) {
    notifications.push_back(Json{{"level", "note"}, {"message", Text(note)}});
  }
  if (!notifications.empty()) inv["toolExecutionNotifications"] = notifications;
  inv["properties"] = Json{{"insecure_tls", r.insecure_tls}, {"duration_s", r.duration_s}};
  return inv;
}

}  // namespace

std::string FindingFingerprint(std::string_view id, std::string_view subject) {
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  auto mix = [&hash](std::string_view bytes) {
    for (char c : bytes) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;  // FNV-1a 64 prime
    }
  };
  mix(id);
  mix(std::string_view("\0", 1));
  mix(subject);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<size_t>(i)] = kHex[hash & 0xF];
  return out;
}

std::string RenderSarif(const Report& r, const RenderOptions& options) {
  const std::vector<CatalogEntry> catalog = BuildCatalog(r);
  Json run = Json::object();
  run["tool"] = Json{{"driver", Driver(r, catalog, options)}};
  run["invocations"] = Json::array({Invocation(r)});
  run["results"] = Results(r, catalog);
  run["properties"] = Json{{"target", U(r.target)}, {"schema_version", r.schema_version}};
  Json log = Json::object();
  log["$schema"] = kSarifSchemaUri;
  log["version"] = "2.1.0";
  log["runs"] = Json::array({run});
  return DumpJson(log, 2) + "\n";
}

}  // namespace knox::reports
