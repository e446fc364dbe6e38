// Deciders: what the audit concludes from what it observed (DESIGN §5 "flows"). The probes
// (auditor.cc) send requests through the Driver and write down what happened in the observation
// structs below; each SessionFacts fact is then decided by a pure function of those observations
// (and, where time matters, of the clock's reading): no I/O, no hidden state. Every decision,
// including every way of staying undecided, is unit-tested on hand-made observations
// (deciders_test.cc); the whole audit runs over an in-memory app in auditor_test.cc.
//
// A Decision is a value or the reason there is none, plus an optional note for the report. The
// weak-secret search, which is CPU work over the observed token rather than a reading of
// exchanges, is decided in weak_secret.h.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "conformance/analysis/entropy.h"
#include "conformance/checks/facts.h"
#include "conformance/flows/browser.h"
#include "conformance/flows/driver.h"
#include "conformance/flows/token_probe.h"
#include "conformance/net/transport.h"
#include "core/base/result.h"

namespace knox::flows {

template <class T>
struct Decision {
  std::optional<T> value;
  // Why there is no value (the report's `undecided` entry). "" = undecided without a reason of its
  // own: an earlier failure, reported under another fact, already explains it.
  std::string undecided;
  std::string note;  // a line for the report's notes ("" = none)

  static Decision Of(T v, std::string note = {}) { return {std::move(v), {}, std::move(note)}; }
  static Decision Undecided(std::string why) { return {std::nullopt, std::move(why), {}}; }
  bool decided() const { return value.has_value(); }
};

// "CODE: message", as undecided reasons quote a failed request.
std::string ErrorText(const Error& e);

// ---- Cookies and their attributes -------------------------------------------------------------

// The cookie one Set-Cookie line sets, its attributes parsed as a browser reads them (nullopt when
// a browser ignores the whole line; the name and value length are then read off the raw line).
checks::ObservedCookie ObserveCookie(const SetCookieSeen& seen);
// How long a browser keeps the cookie: Max-Age, else Expires minus the response's Date (or the
// time received), else 0 (a browser-session cookie).
int64_t LifetimeSeconds(const cookie::SetCookie& c, const SetCookieSeen& seen);

struct SessionCookieDecision {
  checks::ObservedCookie cookie;
  int64_t lifetime_s = 0;  // 0 also when a browser ignores the line
};
// The session cookie's facts, from the last Set-Cookie line that set it.
SessionCookieDecision DecideSessionCookie(const SetCookieSeen& seen);

// Every cookie set other than `session_name`, by name: the first line seen for each name, lines
// that delete a cookie (Max-Age <= 0) skipped. `seen` in the order received.
std::vector<checks::ObservedCookie> DecideOtherCookies(std::span<const SetCookieSeen> seen,
                                                       std::string_view session_name);

// The order in which the session-cookie identification removes cookies: cookies new or changed at
// login first, unchanged ones next, NAME.sig companions last (each group in header order).
std::vector<std::string> IdentificationOrder(const CookiePairs& before, const CookiePairs& after);

// ---- What the cookie's value reveals -----------------------------------------------------------

struct FieldsDecision {
  // Top-level keys of a readable payload (none for an id) that the login put there.
  std::vector<std::string> readable;
  // Keys the pre-login (anonymous) session already held, carried into the login cookie.
  std::vector<std::string> carried_over;
  std::vector<std::string> sensitive;  // sensitive ones among `readable` (sensitive_fields.h)
};
// `pre_login` is the same cookie before the login, when the browser held one.
FieldsDecision DecideFields(const TokenView& view, const std::optional<TokenView>& pre_login);
// The readable keys of `login` that `pre_login` already held (sorted).
std::vector<std::string> CarriedOverFields(const TokenView& pre_login, const TokenView& login);

// ---- Browser refusal ---------------------------------------------------------------------------

struct BrowserRefusal {
  bool refused = false;
  std::string rule;  // StoreStatusText of the jar's verdict, when refused
};
// Whether a browser refuses the session cookie the server set (the jar's verdict on its last
// Set-Cookie; nullopt = stored).
Decision<BrowserRefusal> DecideBrowserRefusal(const std::optional<cookie::StoreStatus>& refusal);

// ---- Fixation and rotation ---------------------------------------------------------------------

// The second login (docs/audit.md "Rotation and fixation"): a fresh browser's pre-login visit; a
// login that carries the pre-login session value; the victim's protected request (did that login
// succeed?); then the attacker's request to the protected path carrying only the pre-login value.
// A step runs only when the one before it succeeded.
struct FixationObservation {
  Result<void> visit = {};  // the pre-login visit
  bool issued = false;      // the server set the session cookie before the login
  // The pre-login value sent with the login: the issued one, else a planted value of the same
  // shape as the audited session cookie (one character changed), for every kind of session.
  std::optional<std::string> planted;
  Result<void> login = {};                 // the login with the planted value
  std::optional<Result<Access>> victim;    // the victim's protected request after that login
  std::optional<std::string> after_login;  // the browser's session cookie after that login
  std::optional<Result<Access>> attacker;  // the attacker's request (nullopt: not sent)
};
// true when the attacker's pre-login value was authenticated by the victim's login. Undecided
// whenever the login carrying the pre-login value did not succeed: a refused login (e.g. a CSRF
// token bound to another session) is no evidence either way.
Decision<bool> DecideFixation(const FixationObservation& o);

// Whether the session cookie after that same login differs from the pre-login value it carried,
// for ids and payloads alike — and false whenever the pre-login value still logs in after it
// (fixation: the session behind it was kept, even if its value changed, as an encrypted id
// re-encrypted on every response does); undecided exactly when DecideFixation is.
Decision<bool> DecideRotation(const FixationObservation& fixation);

// ---- Tampering and the kind of session ---------------------------------------------------------

struct TamperTry {
  std::string what;  // the variant (TamperVariant::what)
  Result<Access> access;
};
// The unmodified cookies replayed (the control), then, when it was accepted, each modified value in
// turn; the probe stops after a request that failed. An accepted control and no tries: no
// modification applies to the value.
struct TamperObservation {
  Result<Access> control = Access{};
  std::vector<TamperTry> tries;
};
struct TamperDecision {
  Decision<bool> rejected;                 // every variant was refused
  std::vector<std::string> accepted;       // variants the server accepted (also when undecided)
  std::vector<std::string> server_errors;  // variants answered with 5xx (also when undecided)
};
TamperDecision DecideTamper(const TamperObservation& o);

// The kind InspectToken read, except for readable JSON without a MAC: that is an unsigned session
// only when the server accepted a modified value, and undecided when it refused them all.
Decision<checks::SessionKind> DecideKind(const TokenView& view, const TamperDecision& tamper);

// ---- Logout ------------------------------------------------------------------------------------

struct LogoutObservation {
  std::string value;                     // the session cookie before the logout
  Result<void> logout = {};              // the logout request
  std::optional<std::string> after;      // the browser's session cookie after the logout response
  std::optional<Result<Access>> replay;  // the pre-logout cookies replayed (nullopt: not sent)
};
struct LogoutDecision {
  Decision<bool> clears_cookie;  // the browser no longer holds the old value
  Decision<bool> invalidates;    // the server refuses the old cookies
};
LogoutDecision DecideLogout(const LogoutObservation& o);

// ---- Entropy -----------------------------------------------------------------------------------

struct EntropyObservation {
  // The random parts of the session ids collected: the audited session's first, then one per
  // sampling login. Empty when the cookie shows none: a client-side payload, or an id encrypted
  // inside the cookie (Laravel: the file session's id, re-encrypted on every response).
  std::vector<std::string> ids;
  std::optional<Error> sampling_failure;  // a sampling login that failed (sampling stopped there)
};
struct EntropyFacts {
  double bits = 0;   // effective entropy estimate
  bool low = false;  // below 64 bits, or failed the randomness tests
  analysis::EntropyReport report;
};
// Decided under the fact name "entropy". `now_seconds` anchors the timestamp detector.
Decision<EntropyFacts> DecideEntropy(const EntropyObservation& o, int64_t now_seconds);

// ---- Expiry ------------------------------------------------------------------------------------

enum class ExpiryMethod { kNone, kWait, kForge, kIdle };
struct ExpiryPlan {
  ExpiryMethod method = ExpiryMethod::kNone;
  // kWait: how long to wait; kForge: how old the forged token is; kIdle: how long the cookie is
  // kept unused
  int64_t seconds = 0;
};
// Wait lifetime + 2 s when the lifetime is in (0, max_wait]; else, with the signing secret found,
// forge a token issued lifetime + 60 s ago (400 days ago for a browser-session cookie); else, for
// a browser-session cookie, an idle probe of `idle_probe_seconds` (> 0); else none.
ExpiryPlan PlanExpiry(int64_t lifetime, int max_wait_seconds, bool secret_found,
                      int idle_probe_seconds = 0);

// A fresh login, then (after waiting or keeping them unused, or with a forged token in place of
// its session cookie) its cookies replayed on the protected path. An idle probe that is refused
// decides expiry_enforced (the server ends unused sessions); one still accepted decides nothing
// (an idle timeout, if any, is longer than the probe).
struct ExpiryObservation {
  int64_t lifetime = 0;
  bool bearer = false;  // the session is a bearer token (the texts say so)
  // The signing secret was found, but the token carries no time to age (the texts say so).
  bool secret_found = false;
  ExpiryPlan plan;
  Result<void> login = {};               // the fresh login
  std::optional<Result<Access>> replay;  // nullopt: not sent (no login, or nothing forged)
};
struct ExpiryDecision {
  Decision<bool> enforced;
  std::optional<std::string> method;  // how it was decided, for the report
};
ExpiryDecision DecideExpiry(const ExpiryObservation& o);

// ---- Session id in URLs ------------------------------------------------------------------------

// Whether `needle` (the session id, or the whole value of a client-side token) appears in any
// request URL or Location header of `exchanges`; undecided for needles under 8 characters.
Decision<bool> DecideIdInUrl(std::span<const net::Exchange> exchanges, std::string_view needle);

}  // namespace knox::flows
