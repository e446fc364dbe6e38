#include "conformance/checks/evidence.h"

namespace knox::checks {

Finding CookieFinding(const CheckInfo& check, const ObservedCookie& c) {
  Finding f{.check = &check, .subject = c.name};
  f.evidence.emplace_back("cookie", c.name);
  f.evidence.emplace_back("value_length", std::to_string(c.value_length));
  if (!c.set_from_url.empty()) f.evidence.emplace_back("set_from", c.set_from_url);
  return f;
}

Finding SessionFinding(const CheckInfo& check, const SessionFacts& facts) {
  Finding f{.check = &check, .subject = "session"};
  if (facts.session_cookie) f.evidence.emplace_back("cookie", facts.session_cookie->name);
  if (facts.bearer) {
    f.evidence.emplace_back("header", facts.bearer->header);
    if (!facts.bearer->source.empty()) f.evidence.emplace_back("issued_in", facts.bearer->source);
  }
  return f;
}

const cookie::SetCookie* SessionAttributes(const SessionFacts& facts) {
  if (!facts.session_cookie || !facts.session_cookie->attributes) return nullptr;
  return &*facts.session_cookie->attributes;
}

std::vector<const ObservedCookie*> AllCookies(const SessionFacts& facts) {
  std::vector<const ObservedCookie*> all;
  if (facts.session_cookie) all.push_back(&*facts.session_cookie);
  if (facts.other_cookies) {
    for (const ObservedCookie& c : *facts.other_cookies) all.push_back(&c);
  }
  return all;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

}  // namespace knox::checks
