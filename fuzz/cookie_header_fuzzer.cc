// Properties of the tolerant Cookie-header parser: names and values are views into the input with
// no surrounding SP/HTAB and no ';', names hold no '=', no pair is entirely empty; and joining the
// pairs back as `name=value; ...` parses to the same list; FindCookie finds the first pair of each
// name.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/cookie/cookie_header.h"

namespace {

bool Inside(std::string_view part, std::string_view whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

bool Trimmed(std::string_view s) {
  return s.empty() ||
         (s.front() != ' ' && s.front() != '\t' && s.back() != ' ' && s.back() != '\t');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto pairs = knox::cookie::ParseCookieHeader(in);
  std::string joined;
  for (const auto& p : pairs) {
    if (!Inside(p.name, in) || !Inside(p.value, in)) std::abort();
    if (!Trimmed(p.name) || !Trimmed(p.value)) std::abort();
    if (p.name.find_first_of(";=") != std::string_view::npos) std::abort();
    if (p.value.find(';') != std::string_view::npos) std::abort();
    if (!joined.empty()) joined += "; ";
    joined.append(p.name).append("=").append(p.value);
  }
  auto again = knox::cookie::ParseCookieHeader(joined);
  if (again.size() != pairs.size()) std::abort();
  for (size_t i = 0; i < pairs.size(); ++i) {
    // A nameless item "x" comes back from "=x" as the same (empty name, value) pair.
    if (again[i] != pairs[i]) std::abort();
    // FindCookie agrees with the list: the value of the first pair of each name.
    const bool first_of_name = std::none_of(pairs.begin(), pairs.begin() + static_cast<long>(i),
                                            [&](const auto& p) { return p.name == pairs[i].name; });
    if (first_of_name && knox::cookie::FindCookie(in, pairs[i].name) != pairs[i].value) {
      std::abort();
    }
  }
  return 0;
}
