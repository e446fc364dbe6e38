#include "conformance/flows/deciders.h"

#include <algorithm>
#include <map>

#include "core/cookie/set_cookie.h"

namespace knox::flows {
namespace {

using checks::ObservedCookie;
using checks::SessionKind;

bool IsCompanion(std::string_view name) {
  return name.size() > 4 && name.substr(name.size() - 4) == ".sig";
}

}  // namespace

std::string ErrorText(const Error& e) {
  return std::string(ErrorCodeName(e.code)) + ": " + e.message;
}

int64_t LifetimeSeconds(const cookie::SetCookie& c, const SetCookieSeen& seen) {
  if (c.max_age) return *c.max_age;
  if (c.expires) return *c.expires - seen.date.value_or(seen.received_at);
  return 0;
}

ObservedCookie ObserveCookie(const SetCookieSeen& seen) {
  ObservedCookie o{.set_from_url = seen.url};
  auto parsed = cookie::ParseSetCookie(seen.line);
  if (parsed) {
    o.name = parsed->name;
    o.value_length = parsed->value.size();
    o.attributes = *parsed;
  } else {
    const size_t eq = seen.line.find('=');
    o.name = seen.line.substr(0, std::min(eq, seen.line.find(';')));
    o.value_length = eq == std::string::npos ? 0 : seen.line.size() - eq - 1;
  }
  return o;
}

SessionCookieDecision DecideSessionCookie(const SetCookieSeen& seen) {
  SessionCookieDecision d{.cookie = ObserveCookie(seen)};
  if (d.cookie.attributes) d.lifetime_s = LifetimeSeconds(*d.cookie.attributes, seen);
  return d;
}

std::vector<ObservedCookie> DecideOtherCookies(std::span<const SetCookieSeen> seen,
                                               std::string_view session_name) {
  std::map<std::string, ObservedCookie> others;
  for (const SetCookieSeen& s : seen) {
    ObservedCookie o = ObserveCookie(s);
    if (o.name == session_name || others.contains(o.name)) continue;
    if (o.attributes && o.attributes->max_age && *o.attributes->max_age <= 0)
      continue;  // deletions
    others.emplace(o.name, std::move(o));
  }
  std::vector<ObservedCookie> list;
  list.reserve(others.size());
  for (auto& [name, o] : others) list.push_back(std::move(o));
  return list;
}

std::vector<std::string> IdentificationOrder(const CookiePairs& before, const CookiePairs& after) {
  std::vector<std::string> order;
  for (int pass = 0; pass < 3; ++pass) {
    for (const auto& [name, value] : after) {
      const bool changed = ValueOf(before, name) != value;
      const bool wanted = pass == 0   ? changed && !IsCompanion(name)
                          : pass == 1 ? !changed && !IsCompanion(name)
                                      : IsCompanion(name);
      if (wanted) order.push_back(name);
    }
  }
  return order;
}

FieldsDecision DecideFields(const TokenView& view, const std::optional<TokenView>& pre_login) {
  // An opaque id or a ciphertext reveals no field: decided, and empty.
  FieldsDecision d;
  const std::vector<std::string> carried =
      pre_login ? CarriedOverFields(*pre_login, view) : std::vector<std::string>{};
  for (std::string& key : ReadableFields(view)) {
    if (!std::binary_search(carried.begin(), carried.end(), key)) d.readable.push_back(key);
  }
  d.carried_over = carried;
  d.sensitive = SensitiveFields(view, d.readable);
  return d;
}

namespace {

// Why the login that carried the pre-login value tells nothing, or "" when it succeeded.
std::string PlantedLoginFailure(const FixationObservation& o) {
  if (!o.visit) return "the pre-login visit failed: " + ErrorText(o.visit.error());
  if (!o.planted) return "there is no session value to carry into the login";
  if (!o.login) return "the login with the pre-login session failed: " + ErrorText(o.login.error());
  if (!o.victim) return "the login with the pre-login session was not checked";
  if (!*o.victim) {
    return "the login with the pre-login session could not be checked: " +
           ErrorText(o.victim->error());
  }
  if (!(*o.victim)->granted) {
    return "the login made while carrying the pre-login session did not succeed (the protected "
           "path answered " +
           std::to_string((*o.victim)->status) +
           "; e.g. a CSRF token bound to another session): no evidence either way";
  }
  return "";
}

}  // namespace

Decision<bool> DecideFixation(const FixationObservation& o) {
  using D = Decision<bool>;
  if (std::string why = PlantedLoginFailure(o); !why.empty()) return D::Undecided(why);
  if (!o.attacker) return D::Undecided("the attacker's request was not sent");
  if (!*o.attacker) {
    return D::Undecided("the protected request failed: " + ErrorText(o.attacker->error()));
  }
  const bool granted = (*o.attacker)->granted;
  return D::Of(
      granted,
      std::string("fixation: ") + (o.issued ? "server-issued" : "planted") + " pre-login id " +
          (granted ? "was authenticated by the login" : "was not authenticated by the login"));
}

Decision<bool> DecideRotation(const FixationObservation& fixation) {
  using D = Decision<bool>;
  if (std::string why = PlantedLoginFailure(fixation); !why.empty()) return D::Undecided(why);
  const std::string what = std::string("login_rotates_id: the ") +
                           (fixation.issued ? "server-issued" : "planted") + " pre-login value ";
  // The pre-login value alone still logs in after the login: the session it names was kept,
  // whatever the new Set-Cookie looks like (an encrypted id, as Laravel's, is re-encrypted with a
  // new IV on every response, so its value always changes).
  if (fixation.attacker && *fixation.attacker && (**fixation.attacker).granted) {
    const bool changed = fixation.after_login != fixation.planted;
    return D::Of(false, what + (changed ? "changed at login, but still logs in: the session "
                                          "behind it was kept"
                                        : "was kept through the login"));
  }
  // The browser's session cookie after the login (nullopt: the login deleted it, which also
  // replaces the pre-login value) differs from the value it carried in.
  const bool rotated = fixation.after_login != fixation.planted;
  return D::Of(rotated, what + (rotated ? "was replaced at login" : "was kept through the login"));
}

std::vector<std::string> CarriedOverFields(const TokenView& pre_login, const TokenView& login) {
  const std::vector<std::string> before = ReadableFields(pre_login);
  std::vector<std::string> out;
  for (const std::string& key : ReadableFields(login)) {
    if (std::binary_search(before.begin(), before.end(), key)) out.push_back(key);
  }
  return out;
}

Decision<BrowserRefusal> DecideBrowserRefusal(const std::optional<cookie::StoreStatus>& refusal) {
  if (!refusal) return Decision<BrowserRefusal>::Of({.refused = false});
  return Decision<BrowserRefusal>::Of(
      {.refused = true, .rule = std::string(cookie::StoreStatusText(*refusal))});
}

TamperDecision DecideTamper(const TamperObservation& o) {
  using D = Decision<bool>;
  TamperDecision d;
  if (!o.control || !o.control->granted) {
    d.rejected = D::Undecided("the unmodified cookies were not accepted when replayed");
    return d;
  }
  if (o.tries.empty()) {
    d.rejected = D::Undecided("no modification applies to this value");
    return d;
  }
  for (const TamperTry& t : o.tries) {
    if (!t.access) {
      d.rejected = D::Undecided("a tampered request failed: " + ErrorText(t.access.error()));
      return d;
    }
    if (t.access->granted) d.accepted.push_back(t.what);
    if (t.access->status >= 500) d.server_errors.push_back(t.what);
  }
  d.rejected = D::Of(d.accepted.empty());
  return d;
}

Decision<SessionKind> DecideKind(const TokenView& view, const TamperDecision& tamper) {
  using D = Decision<SessionKind>;
  if (!view.unsigned_candidate || !tamper.rejected.decided()) return D::Of(view.kind);
  if (tamper.accepted.empty()) {
    return D::Undecided("readable JSON without a MAC, but modified values were refused");
  }
  return D::Of(SessionKind::kUnsignedPayload);
}

LogoutDecision DecideLogout(const LogoutObservation& o) {
  using D = Decision<bool>;
  if (!o.logout) {
    return {
        .clears_cookie = D::Undecided("the logout request failed: " + ErrorText(o.logout.error())),
        .invalidates = D::Undecided("the logout request failed")};
  }
  LogoutDecision d{.clears_cookie = D::Of(o.after != o.value)};
  if (!o.replay) {
    d.invalidates = D::Undecided("the replay was not sent");
  } else if (!*o.replay) {
    d.invalidates = D::Undecided("the replay failed: " + ErrorText(o.replay->error()));
  } else {
    d.invalidates = D::Of(!(*o.replay)->granted);
  }
  return d;
}

Decision<EntropyFacts> DecideEntropy(const EntropyObservation& o, int64_t now_seconds) {
  using D = Decision<EntropyFacts>;
  if (o.ids.empty()) {
    return D::Undecided("the cookie shows no random id: a signed or encrypted payload");
  }
  const std::string note =
      o.sampling_failure ? "entropy: a sampling login failed: " + ErrorText(*o.sampling_failure)
                         : "";
  auto report = analysis::AnalyzeTokens(o.ids, now_seconds);
  if (!report) {
    D d = D::Undecided(report.error().message);
    d.note = note;
    return d;
  }
  EntropyFacts facts{.bits = report->effective_bits,
                     .low = report->low_entropy || report->non_random,
                     .report = std::move(*report)};
  return D::Of(std::move(facts), note);
}

ExpiryPlan PlanExpiry(int64_t lifetime, int max_wait_seconds, bool secret_found,
                      int idle_probe_seconds) {
  if (lifetime > 0 && lifetime <= max_wait_seconds) {
    return {.method = ExpiryMethod::kWait, .seconds = lifetime + 2};
  }
  if (secret_found) {
    return {.method = ExpiryMethod::kForge,
            .seconds = lifetime > 0 ? lifetime + 60 : 400LL * 24 * 3600};
  }
  if (lifetime <= 0 && idle_probe_seconds > 0) {
    return {.method = ExpiryMethod::kIdle, .seconds = idle_probe_seconds};
  }
  return {};
}

ExpiryDecision DecideExpiry(const ExpiryObservation& o) {
  using D = Decision<bool>;
  const std::string unbounded =
      o.bearer ? "bearer token without a lifetime" : "browser-session cookie";
  const bool replayed = o.login && o.replay && *o.replay;
  if (o.plan.method == ExpiryMethod::kWait) {
    if (!o.login) return {.enforced = D::Undecided("the login before waiting failed")};
    if (!replayed) return {.enforced = D::Undecided("the request after waiting failed")};
    return {.enforced = D::Of(!(*o.replay)->granted),
            .method = "waited " + std::to_string(o.plan.seconds) + " s (lifetime " +
                      std::to_string(o.lifetime) + " s) and replayed the " +
                      (o.bearer ? "token" : "cookie")};
  }
  if (o.plan.method == ExpiryMethod::kIdle) {
    if (!o.login) return {.enforced = D::Undecided("the login before the idle probe failed")};
    if (!replayed) return {.enforced = D::Undecided("the request after the idle probe failed")};
    const std::string waited = std::to_string(o.plan.seconds) + " s";
    if ((*o.replay)->granted) {
      return {.enforced = D::Undecided(unbounded + " still accepted after " + waited +
                                       " unused: an idle timeout, if any, is longer (probe "
                                       "longer with --idle-probe)"),
              .method =
                  "kept a " + unbounded + " unused " + waited + " and replayed it: still accepted"};
    }
    return {.enforced = D::Of(true),
            .method = "kept a " + unbounded + " unused " + waited +
                      " and replayed it: refused (an idle timeout of at most " + waited + ")"};
  }
  if (o.plan.method == ExpiryMethod::kForge && replayed) {
    return {.enforced = D::Of(!(*o.replay)->granted),
            .method = "forged a token issued " + std::to_string(o.plan.seconds) +
                      " s ago with the cracked secret"};
  }
  // A forgery that could not be made or sent ends here too, as it always has.
  const std::string no_forgery =
      o.secret_found ? "the secret was found but the token carries no issue or expiry time to age"
                     : "no secret was found";
  return {.enforced = D::Undecided(
              o.lifetime <= 0
                  ? unbounded + ": not probed (no idle probe: --idle-probe 0) and " +
                        (o.secret_found ? no_forgery : no_forgery + " to forge an old token")
                  : "the lifetime (" + std::to_string(o.lifetime) +
                        " s) is longer than --max-wait and " + no_forgery)};
}

Decision<bool> DecideIdInUrl(std::span<const net::Exchange> exchanges, std::string_view needle) {
  if (needle.size() < 8) {
    return Decision<bool>::Undecided("the session value is too short to search for");
  }
  bool found = false;
  for (const net::Exchange& e : exchanges) {
    if (e.request.url.find(needle) != std::string::npos) found = true;
    if (!e.response) continue;
    for (const std::string& location : e.response->HeaderValues("Location")) {
      if (location.find(needle) != std::string::npos) found = true;
    }
  }
  return Decision<bool>::Of(found);
}

}  // namespace knox::flows
