// FactsTable: the session facts object of a Report (a JSON object) flattened into key/value rows
// for the text and HTML reports. Nested objects become dotted keys ("session_cookie.name"),
// arrays of scalars one comma-separated value, arrays holding objects indexed keys
// ("other_cookies[0].name"); null is shown as "undecided" (DESIGN §5: no check fires on an
// undecided fact). Values are raw, unescaped text: each renderer escapes them. Nesting deeper
// than kMaxFactDepth is shown as compact JSON. Never throws on any JSON value.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace knox::reports {

inline constexpr int kMaxFactDepth = 8;

struct FactRow {
  std::string key;
  std::string value;
  bool undecided = false;  // the fact was null
};

// Rows in the object's iteration order; a session that is not an object yields no rows, except
// a scalar, which yields one row keyed "session".
std::vector<FactRow> FlattenFacts(const nlohmann::json& session);

}  // namespace knox::reports
