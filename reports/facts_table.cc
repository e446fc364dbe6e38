#include "reports/facts_table.h"

#include <string_view>

namespace knox::reports {
namespace {

using Json = nlohmann::json;

std::string CompactJson(const Json& v) {
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string ScalarText(const Json& v) {
  if (v.is_string()) return v.get_ref<const std::string&>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  return CompactJson(v);
}

bool HoldsContainer(const Json& array) {
  for (const Json& item : array) {
    if (item.is_structured()) return true;
  }
  return false;
}

std::string JoinScalars(const Json& array) {
  if (array.empty()) return "(none)";
  std::string out;
  for (const Json& item : array) {
    if (!out.empty()) out += ", ";
    out += item.is_null() ? "undecided" : ScalarText(item);
  }
  return out;
}

std::string Child(std::string_view prefix, std::string_view key) {
  if (prefix.empty()) return std::string(key);
  return std::string(prefix) + "." + std::string(key);
}

void Flatten(const Json& v, const std::string& key, int depth, std::vector<FactRow>& rows) {
  if (v.is_null()) {
    rows.push_back({.key = key, .value = "undecided", .undecided = true});
  } else if (depth >= kMaxFactDepth && v.is_structured()) {
    rows.push_back({.key = key, .value = CompactJson(v)});
  } else if (v.is_object()) {
    if (v.empty()) rows.push_back({.key = key, .value = "(none)"});
    for (auto it = v.begin(); it != v.end(); ++it)
      Flatten(*it, Child(key, it.key()), depth + 1, rows);
  } else if (v.is_array() && HoldsContainer(v)) {
    for (size_t i = 0; i < v.size(); ++i) {
      Flatten(v[i], key + "[" + std::to_string(i) + "]", depth + 1, rows);
    }
  } else if (v.is_array()) {
    rows.push_back({.key = key, .value = JoinScalars(v)});
  } else {
    rows.push_back({.key = key, .value = ScalarText(v)});
  }
}

}  // namespace

std::vector<FactRow> FlattenFacts(const nlohmann::json& session) {
  std::vector<FactRow> rows;
  if (session.is_object()) {
    for (auto it = session.begin(); it != session.end(); ++it) Flatten(*it, it.key(), 1, rows);
  } else if (!session.is_null() && !session.is_array()) {
    Flatten(session, "session", 1, rows);
  }
  return rows;
}

}  // namespace knox::reports
