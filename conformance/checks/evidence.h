// Helpers the check functions share to start a finding and describe a cookie without its value.
#pragma once

#include <string>
#include <vector>

#include "conformance/checks/facts.h"
#include "conformance/checks/finding.h"

namespace knox::checks {

// A finding about `c` with the evidence every cookie finding carries: name, value length and the
// URL that set it (never the value).
Finding CookieFinding(const CheckInfo& check, const ObservedCookie& c);

// A finding about the session as a whole; names the session cookie when it is known, or the
// header and login-answer member of a bearer token.
Finding SessionFinding(const CheckInfo& check, const SessionFacts& facts);

// The session cookie's attributes when both the cookie and its parse are known, else nullptr.
const cookie::SetCookie* SessionAttributes(const SessionFacts& facts);

// The session cookie followed by every other cookie set (whichever are known).
std::vector<const ObservedCookie*> AllCookies(const SessionFacts& facts);

std::string Join(const std::vector<std::string>& items);  // "a, b, c"

}  // namespace knox::checks
