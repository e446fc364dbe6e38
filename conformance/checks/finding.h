// Finding: one problem a check found, with the evidence a reader needs to confirm it. Evidence
// holds names, lengths, attribute values and hash prefixes, never whole secrets or cookie values
// (DESIGN §6); reports escape it, since names and URLs come from the target.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "conformance/checks/check_info.h"

namespace knox::checks {

struct Finding {
  const CheckInfo* check = nullptr;  // points into the registry: static lifetime
  std::string subject;               // the cookie name, or "session"
  std::vector<std::pair<std::string, std::string>> evidence = {};
};

}  // namespace knox::checks
