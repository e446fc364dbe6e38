// Test helper: JSON equality as the gorilla and gob vectors need it — numbers by value and by
// kind (an integer is not a float: gob's int and float64 must not be confused), object members in
// any order, and the pairs of a {"@go":"map"} rendering as a set (Go's map order is random).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "core/token/json_style.h"

namespace knox::token::testing {

inline bool SameJson(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() != b.is_number_float()) return false;
    if (a.is_number_float()) return a.get<double>() == b.get<double>();
    return a.dump() == b.dump();
  }
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    const bool pairs = a.contains("@go") && a["@go"] == "map" && a.contains("pairs");
    for (const auto& [k, v] : a.items()) {
      if (!b.contains(k)) return false;
      if (pairs && k == "pairs") {
        std::vector<std::string> x, y;
        for (const Json& p : v) x.push_back(p.dump());
        for (const Json& p : b[k]) y.push_back(p.dump());
        std::sort(x.begin(), x.end());
        std::sort(y.begin(), y.end());
        if (x.size() != y.size()) return false;
        // Pairs are compared element by element once sorted by their text.
        std::vector<Json> xs, ys;
        for (const auto& t : x) xs.push_back(Json::parse(t));
        for (const auto& t : y) ys.push_back(Json::parse(t));
        for (size_t i = 0; i < xs.size(); ++i) {
          if (!SameJson(xs[i], ys[i])) return false;
        }
        continue;
      }
      if (!SameJson(v, b[k])) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!SameJson(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace knox::token::testing
