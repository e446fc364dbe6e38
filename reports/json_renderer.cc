#include "reports/json_renderer.h"

#include <cstdio>
#include <string_view>

#include "reports/escape.h"
#include "reports/severity.h"

namespace knox::reports {
namespace {

using Json = nlohmann::ordered_json;

// Containers nested deeper than this in the session facts are written as a JSON text string, so
// the walk below never recurses without bound.
constexpr int kMaxSessionDepth = 64;

std::string U(std::string_view raw) { return ValidUtf8(raw); }

Json StringList(const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const std::string& item : items) out.push_back(U(item));
  return out;
}

// A copy of the facts with every string and key made valid UTF-8 (the same U+FFFD rule as every
// other format, rather than nlohmann's own replacement rule).
Json SanitizedFacts(const nlohmann::json& v, int depth) {
  if (v.is_string()) return U(v.get_ref<const std::string&>());
  if (!v.is_structured()) return Json(v);
  if (depth >= kMaxSessionDepth) {
    return U(v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  Json out = v.is_object() ? Json::object() : Json::array();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (v.is_object()) {
      out[U(it.key())] = SanitizedFacts(*it, depth + 1);
    } else {
      out.push_back(SanitizedFacts(*it, depth + 1));
    }
  }
  return out;
}

// Evidence as an object; a key given twice keeps one entry, its values joined by "; ".
Json EvidenceObject(const Evidence& evidence) {
  Json out = Json::object();
  for (const auto& [k, v] : evidence) {
    const std::string key = U(k);
    auto it = out.find(key);
    if (it == out.end()) {
      out[key] = U(v);
    } else {
      *it = it->get<std::string>() + "; " + U(v);
    }
  }
  return out;
}

Json FindingJson(const ReportFinding& f) {
  return Json{{"id", U(f.id)},
              {"title", U(f.title)},
              {"severity", U(f.severity)},
              {"cwe", f.cwe},
              {"asvs4", U(f.asvs4)},
              {"asvs5", U(f.asvs5)},
              {"wstg", U(f.wstg)},
              {"subject", U(f.subject)},
              {"evidence", EvidenceObject(f.evidence)},
              {"rationale", U(f.rationale)},
              {"remediation", U(f.remediation)}};
}

Json CheckJson(const ReportCheck& c) {
  return Json{
      {"id", U(c.id)},     {"title", U(c.title)},         {"severity", U(c.severity)},
      {"cwe", c.cwe},      {"asvs4", U(c.asvs4)},         {"asvs5", U(c.asvs5)},
      {"wstg", U(c.wstg)}, {"rationale", U(c.rationale)}, {"remediation", U(c.remediation)}};
}

Json EntropyJson(const std::optional<EntropyChart>& chart) {
  if (!chart) return nullptr;
  return Json{{"bits_per_position", chart->bits_per_position},
              {"max_bits_per_position", chart->max_bits_per_position},
              {"samples", chart->samples}};
}

Json SummaryJson(const Report& report) {
  const SeverityCounts c = CountFindings(report);
  return Json{{"high", c.high}, {"medium", c.medium}, {"low", c.low}, {"info", c.info}};
}

Json ListJson(const auto& items, auto convert) {
  Json out = Json::array();
  for (const auto& item : items) out.push_back(convert(item));
  return out;
}

// DumpJson's second pass over a dump (valid UTF-8): the characters below are not JSON syntax, so
// they occur only inside strings, where the \\u form means the same. Written so, the document stays
// inert if a browser treats it as HTML or embeds it in a <script> block, and a terminal showing
// it meets no C1 control or bidi override. Appends the form of the character at text[i] and
// returns how many bytes it consumed.
size_t AppendInertJson(std::string_view text, size_t i, std::string& out) {
  auto escape = [&out](unsigned code) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", code);
    out += buf;
  };
  const auto c = static_cast<unsigned char>(text[i]);
  const auto next = [&](size_t k) -> unsigned {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  if (c == '<' || c == '>' || c == '&' || c == '\'') {
    escape(c);
    return 1;
  }
  if (c == 0xC2 && next(1) >= 0x80 && next(1) <= 0x9F) {  // C1 controls
    escape(next(1));
    return 2;
  }
  const bool line_or_bidi = c == 0xE2 && ((next(1) == 0x80 && next(2) >= 0xA8 && next(2) <= 0xAE) ||
                                          (next(1) == 0x81 && next(2) >= 0xA6 && next(2) <= 0xA9));
  if (line_or_bidi) {  // U+2028..U+202E, U+2066..U+2069
    escape(0x2000u | ((next(1) & 0x3Fu) << 6) | (next(2) & 0x3Fu));
    return 3;
  }
  out.push_back(text[i]);
  return 1;
}

}  // namespace

nlohmann::ordered_json ReportToJson(const Report& r) {
  Json doc = Json::object();
  doc["schema_version"] = r.schema_version;
  doc["tool"] = Json{{"name", "knox"}, {"version", U(r.tool_version)}};
  doc["target"] = U(r.target);
  doc["started_at"] = U(r.started_at);
  doc["duration_s"] = r.duration_s;
  doc["insecure_tls"] = r.insecure_tls;
  doc["profile"] = EvidenceObject(r.profile);
  doc["session"] = r.session.is_null() ? Json::object() : SanitizedFacts(r.session, 0);
  doc["findings"] = ListJson(r.findings, FindingJson);
  doc["checks"] = ListJson(r.checks, CheckJson);
  doc["login_steps"] = StringList(r.login_steps);
  doc["notes"] = StringList(r.notes);
  doc["entropy"] = EntropyJson(r.entropy);
  doc["exchanges"] = StringList(r.exchanges);
  doc["summary"] = SummaryJson(r);
  return doc;
}

std::string DumpJson(const nlohmann::ordered_json& value, int indent) {
  const std::string text = value.dump(indent, ' ', false, Json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); i += AppendInertJson(text, i, out)) {
  }
  return out;
}

std::string RenderJson(const Report& report, const RenderOptions&) {
  return DumpJson(ReportToJson(report), 2) + "\n";
}

}  // namespace knox::reports
