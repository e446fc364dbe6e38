// The audit's probes: each sends its requests through the Driver and writes down what happened in
// an observation (deciders.h); the deciders turn observations into facts, and Record() writes a
// decision into the outcome. Probes never decide and deciders never send.
#include "conformance/flows/auditor.h"

#include <chrono>
#include <thread>

#include "conformance/flows/bearer_token.h"
#include "conformance/flows/deciders.h"
#include "conformance/flows/html_forms.h"
#include "conformance/flows/jwks.h"
#include "conformance/flows/jwt_probe.h"
#include "conformance/flows/login_form.h"
#include "conformance/flows/token_probe.h"
#include "conformance/flows/weak_secret.h"
#include "core/token/registry.h"

namespace knox::flows {
namespace {

using checks::SessionKind;

struct Context {
  const Driver& driver;
  const AuditOptions& options;
  AuditOutcome& out;
  std::vector<SetCookieSeen> seen;  // every Set-Cookie line of every browser, in order

  checks::SessionFacts& facts() { return out.facts; }
  void Undecided(std::string fact, std::string why) {
    out.facts.undecided.emplace_back(std::move(fact), std::move(why));
  }
  void Note(std::string note) { out.notes.push_back(std::move(note)); }
  void Progress(std::string_view line) {
    if (options.progress) options.progress(line);
  }
  void Collect(const Browser& b) {
    seen.insert(seen.end(), b.set_cookies().begin(), b.set_cookies().end());
  }
};

// Writes a decision into the fact `slot`, or the reason it stays undecided, and its note.
template <class T>
void Record(Context& ctx, std::string_view fact, const Decision<T>& d, std::optional<T>& slot) {
  if (!d.note.empty()) ctx.Note(d.note);
  if (d.value) {
    slot = d.value;
  } else if (!d.undecided.empty()) {
    ctx.Undecided(std::string(fact), d.undecided);
  }
}

Result<void> Succeeded(const Result<net::Response>& r) {
  if (!r) return std::unexpected(r.error());
  return {};
}

// The session cookie: the cookie whose removal turns the protected answer from 2xx into a refusal,
// tried in IdentificationOrder.
Result<std::optional<std::string>> IdentifySession(Context& ctx, const CookiePairs& before,
                                                   const CookiePairs& after) {
  const profile::Profile& p = ctx.driver.profile();
  if (p.session_cookie) {
    if (!ValueOf(after, *p.session_cookie)) return std::nullopt;
    return *p.session_cookie;
  }
  for (const std::string& name : IdentificationOrder(before, after)) {
    auto access = ctx.driver.Probe(Without(after, name));
    if (!access) return std::unexpected(access.error());
    if (!access->granted) return name;
  }
  return std::nullopt;
}

// The second login: a fresh browser visits (and opens the discovered login form's page when the
// visit set no session cookie); it carries the server-issued pre-login value (or, when the server
// issues none, a planted value of the same shape) into a login; the victim's
// protected request says whether that login succeeded; then the attacker's copy alone asks for
// the protected path. `pre_login` receives the issued pre-login value and the session cookie
// after the login, for the carried-over fields.
struct SecondLogin {
  FixationObservation fixation;
  std::optional<TokenView> pre_login;    // the server-issued pre-login value
  std::optional<TokenView> after_login;  // the session cookie after the login
};

SecondLogin ProbeSecondLogin(Context& ctx, const TokenView& view) {
  SecondLogin s;
  FixationObservation& o = s.fixation;
  const std::string& path = ctx.driver.profile().protected_path;
  Browser b = ctx.driver.NewBrowser();
  o.visit = ctx.driver.Visit(b);
  if (!o.visit) return s;
  // A site that starts its session on the login form's page (PHP's session_start() there, not on
  // the landing page) issues the pre-login id when a browser opens that page: an attacker gets a
  // real one the same way, and a server that refuses ids it did not issue (PHP's
  // use_strict_mode) would never adopt a made-up one, whose login its CSRF check then refuses.
  if (!ValueOf(b.CookiesFor(path), view.name) && ctx.driver.login_page()) {
    if (auto page = b.Send("GET", *ctx.driver.login_page()); !page) {
      o.visit = std::unexpected(page.error());
      return s;
    }
  }
  const CookiePairs pre = b.CookiesFor(path);
  o.planted = ValueOf(pre, view.name);
  o.issued = o.planted.has_value();
  if (o.issued) {
    s.pre_login = InspectToken(view.name, *o.planted, pre);
  } else {
    // Not the character the tamper probe flips (the middle one): a server that adopts the planted
    // id would otherwise have logged in the very value the tamper probe then sends.
    o.planted = FlipChar(view.value, view.value.size() / 3);
    b.Plant(view.name, *o.planted);
  }
  // The login POST carries exactly the pre-login value (what an attacker fixed), even when a
  // CSRF page fetched on the way re-issues the cookie; a server that binds its CSRF token to
  // another session refuses it, and then nothing is decided.
  o.login = Succeeded(ctx.driver.Login(b, With(pre, view.name, *o.planted)));
  ctx.Collect(b);
  if (!o.login) return s;
  o.victim = ctx.driver.Protected(b);
  ctx.Collect(b);
  if (!*o.victim || !(*o.victim)->granted) return s;
  o.after_login = b.CookieValue(view.name, path);
  if (o.after_login) s.after_login = InspectToken(view.name, *o.after_login, b.CookiesFor(path));
  o.attacker = ctx.driver.Probe(With(Without(pre, view.name), view.name, *o.planted));
  return s;
}

// The live cookies replayed unmodified, then each tampered variant until a request fails.
TamperObservation ProbeTamper(Context& ctx, const TokenView& view, const CookiePairs& live) {
  TamperObservation o{.control = ctx.driver.Probe(live)};
  if (!o.control || !o.control->granted) return o;
  for (TamperVariant& v : TamperVariants(view, live)) {
    o.tries.push_back({.what = std::move(v.what), .access = ctx.driver.Probe(v.cookies)});
    if (!o.tries.back().access) break;
  }
  return o;
}

void RecordTamper(Context& ctx, const TamperDecision& d) {
  ctx.out.tamper_accepted = d.accepted;
  ctx.out.tamper_server_errors = d.server_errors;
  Record(ctx, "tamper_rejected", d.rejected, ctx.facts().tamper_rejected);
  if (d.rejected.decided()) ctx.facts().tamper_server_errors = d.server_errors;
}

void RecordWeakSecret(Context& ctx, const WeakSecretDecision& d) {
  Record(ctx, "weak_secret", d.weak_secret, ctx.facts().weak_secret);
  if (d.sha256_prefix) ctx.out.secret_sha256_prefix = d.sha256_prefix;
  if (d.secret) ctx.out.secret = d.secret;
  if (d.format) ctx.facts().format = d.format;
}

// Logs out on the audited browser, then replays the cookies it held before.
LogoutObservation ProbeLogout(Context& ctx, Browser& browser, const TokenView& view,
                              const CookiePairs& live) {
  LogoutObservation o{.value = view.value};
  o.logout = Succeeded(ctx.driver.Logout(browser));
  if (!o.logout) return o;
  o.after = browser.CookieValue(view.name, ctx.driver.profile().protected_path);
  o.replay = ctx.driver.Probe(live);
  return o;
}

// Logs in on a fresh browser and returns the cookies it would send to the protected path.
Result<CookiePairs> FreshLogin(Context& ctx) {
  Browser b = ctx.driver.NewBrowser();
  const profile::Profile& p = ctx.driver.profile();
  if (!p.before_login.empty() || p.csrf) {
    if (auto v = ctx.driver.Visit(b); !v) return std::unexpected(v.error());
  }
  auto login = ctx.driver.Login(b);
  ctx.Collect(b);
  if (!login) return std::unexpected(login.error());
  return b.CookiesFor(p.protected_path);
}

// The random part of the audited session's id, then that of `samples` - 1 fresh logins.
EntropyObservation SampleIds(Context& ctx, const TokenView& first) {
  EntropyObservation o;
  if (!first.random_part) return o;
  o.ids.push_back(*first.random_part);
  for (size_t i = 1; i < ctx.options.samples; ++i) {
    if (i % 5 == 0)
      ctx.Progress("sampling session ids: " + std::to_string(i) + "/" +
                   std::to_string(ctx.options.samples));
    auto cookies = FreshLogin(ctx);
    if (!cookies) {
      o.sampling_failure = cookies.error();
      break;
    }
    auto value = ValueOf(*cookies, first.name);
    if (!value) continue;
    TokenView view = InspectToken(first.name, *value, *cookies);
    if (view.random_part) o.ids.push_back(*view.random_part);
  }
  return o;
}

void RecordEntropy(Context& ctx, const Decision<EntropyFacts>& d) {
  if (!d.note.empty()) ctx.Note(d.note);
  if (!d.value) {
    ctx.Undecided("entropy", d.undecided);
    return;
  }
  ctx.facts().entropy_bits = d.value->bits;
  ctx.facts().low_entropy = d.value->low;
  ctx.out.entropy = d.value->report;
}

void Sleep(Context& ctx, int seconds) {
  if (ctx.options.sleep) {
    ctx.options.sleep(seconds);
    return;
  }
  for (int left = seconds; left > 0; --left) {
    if (left % 5 == 0)
      ctx.Progress("waiting for the session to expire: " + std::to_string(left) + " s left");
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

// A token for the same payload, issued `age` seconds ago, signed with the found secret. Formats
// that write the issue time around the payload are aged this way; a JWT with an exp claim gets its
// time claims moved back until it expired a minute ago (ForgeExpiredJwt).
std::optional<std::string> Forge(const FoundSecret& found, const TokenView& view, int64_t now,
                                 int64_t age) {
  if (!JwtAlg(view).empty() && view.decoded->expires) return ForgeExpiredJwt(found, view, now);
  if (!view.decoded || !view.decoded->timestamp) return std::nullopt;
  if (found.target.codec->traits().issue_time != token::IssueTime::kEnvelope) return std::nullopt;
  token::Options options = found.target.options;
  options.secrets = {found.secret};
  options.timestamp = now - age;
  options.timestamped = true;
  auto signer = found.target.codec->NewSigner(options);
  if (!signer) return std::nullopt;
  auto signed_token = (*signer)->Sign(view.decoded->payload);
  if (!signed_token) return std::nullopt;
  return signed_token->token;
}

// Whether Forge() can age this token: a secret was found and the format writes the issue time
// around the payload, and this token carries one.
bool CanForge(const std::optional<FoundSecret>& found, const TokenView& view) {
  if (found && !JwtAlg(view).empty() && view.decoded->expires) return true;  // ForgeExpiredJwt
  return found && found->target.codec->traits().issue_time == token::IssueTime::kEnvelope &&
         view.decoded && view.decoded->timestamp;
}

// A fresh login whose cookies are replayed after waiting out the lifetime, or with a token forged
// to be older than it in place of the session cookie.
ExpiryObservation ProbeExpiry(Context& ctx, const TokenView& view, int64_t lifetime,
                              const std::optional<FoundSecret>& found) {
  ExpiryObservation o{.lifetime = lifetime,
                      .bearer = ctx.facts().bearer.has_value(),
                      .secret_found = found.has_value(),
                      .plan = PlanExpiry(lifetime, ctx.options.max_wait_seconds,
                                         CanForge(found, view), ctx.options.idle_probe_seconds)};
  if (o.plan.method == ExpiryMethod::kWait || o.plan.method == ExpiryMethod::kIdle) {
    auto cookies = FreshLogin(ctx);
    if (!cookies) {
      o.login = std::unexpected(cookies.error());
      return o;
    }
    Sleep(ctx, static_cast<int>(o.plan.seconds));
    o.replay = ctx.driver.Probe(*cookies);
  } else if (o.plan.method == ExpiryMethod::kForge) {
    auto forged = Forge(*found, view, ctx.driver.clock().NowSeconds(), o.plan.seconds);
    auto cookies = FreshLogin(ctx);
    if (!cookies) {
      o.login = std::unexpected(cookies.error());
      return o;
    }
    if (forged) o.replay = ctx.driver.Probe(With(*cookies, view.name, *forged));
  }
  return o;
}

void RecordOtherCookies(Context& ctx, const std::string& session_name) {
  ctx.facts().other_cookies = DecideOtherCookies(ctx.seen, session_name);
}

// Readable payload keys, split into those the login put there and those the pre-login session
// already held: from the audited login when its browser carried a pre-login session, else from
// the second login (which carries the anonymous one).
void RecordFields(Context& ctx, const TokenView& view, const std::optional<TokenView>& main_pre,
                  const SecondLogin& second) {
  const FieldsDecision fields = DecideFields(view, main_pre);
  ctx.facts().readable_fields = fields.readable;
  ctx.facts().sensitive_fields = fields.sensitive;
  const bool readable =
      view.decoded && view.decoded->is_json && view.kind != SessionKind::kEncryptedPayload;
  if (!readable) return;
  if (main_pre) {
    ctx.facts().carried_over_fields = fields.carried_over;
  } else if (second.pre_login && second.after_login) {
    ctx.facts().carried_over_fields = CarriedOverFields(*second.pre_login, *second.after_login);
  } else if (second.fixation.visit && !second.fixation.issued) {
    ctx.facts().carried_over_fields = std::vector<std::string>{};  // no anonymous session
  } else {
    ctx.Undecided("carried_over_fields",
                  "the login carrying the anonymous session did not succeed");
  }
}

// The key-confusion probe of a JWT signed with a public-key algorithm: the server's JWK Set (the
// profile's [bearer] jwks, else kJwksPaths), then the token re-signed HS256 with each key's PEM.
KeyConfusionObservation ProbeKeyConfusion(Context& ctx, const TokenView& view,
                                          const CookiePairs& live) {
  KeyConfusionObservation o{.alg = JwtAlg(view)};
  if (!IsAsymmetricAlg(o.alg)) return o;
  const profile::Profile& p = ctx.driver.profile();
  std::vector<std::string> paths;
  if (!p.bearer.jwks_path.empty()) {
    paths.push_back(p.bearer.jwks_path);
  } else {
    for (std::string_view path : kJwksPaths) paths.emplace_back(path);
  }
  Browser b = ctx.driver.NewBrowser();
  std::vector<std::string> pems;
  for (size_t i = 0; i < paths.size() && pems.empty(); ++i) {
    o.looked_at.push_back(paths[i]);
    auto r = b.Send("GET", paths[i], {}, {}, CookiePairs{});
    if (!r || r->status != 200) continue;
    std::optional<std::string> jwks_uri;
    pems = PublicKeyPems(r->body, &jwks_uri);
    if (pems.empty() && jwks_uri) {
      o.looked_at.push_back(*jwks_uri);
      auto keys = b.Send("GET", *jwks_uri, {}, {}, CookiePairs{});  // refused when off-site
      if (keys && keys->status == 200) pems = PublicKeyPems(keys->body, nullptr);
    }
  }
  o.keys = pems.size();
  for (TamperVariant& v : KeyConfusionVariants(view, live, pems)) {
    o.tries.push_back({.what = std::move(v.what), .access = ctx.driver.Probe(v.cookies)});
    if (!o.tries.back().access) break;
  }
  return o;
}

void RecordJwt(Context& ctx, const JwtDecision& d) {
  checks::JwtFacts& jwt = ctx.facts().jwt.emplace();
  Record(ctx, "jwt_alg_none_accepted", d.alg_none_accepted, jwt.alg_none_accepted);
  Record(ctx, "jwt_signature_stripped_accepted", d.signature_stripped_accepted,
         jwt.signature_stripped_accepted);
  Record(ctx, "jwt_key_confusion_accepted", d.key_confusion_accepted, jwt.key_confusion_accepted);
  Record(ctx, "jwt_exp_missing", d.exp_missing, jwt.exp_missing);
}

// Whether the session's lifetime is a JWT's: no cookie lifetime, and an exp claim.
bool LifetimeFromExp(const TokenView& view, int64_t cookie_lifetime) {
  return cookie_lifetime <= 0 && !JwtAlg(view).empty() && view.decoded->expires;
}

// How long a fresh session lasts: the cookie's lifetime, else (a bearer token, or a cookie
// without one) a JWT's exp minus its iat (minus now when it has no iat: it was just issued).
int64_t SessionLifetime(Context& ctx, const TokenView& view, int64_t cookie_lifetime) {
  if (!LifetimeFromExp(view, cookie_lifetime)) return cookie_lifetime;
  const int64_t issued = view.decoded->timestamp.value_or(ctx.driver.clock().NowSeconds());
  return std::max<int64_t>(*view.decoded->expires - issued, 1);
}

// The expired_accepted fact of a JWT: decided when the expiry probe replayed a token after its
// exp claim had passed (waited past it, or forged with the time claims moved back).
void RecordJwtExpiry(Context& ctx, const TokenView& view, bool lifetime_from_exp,
                     const ExpiryObservation& o, const ExpiryDecision& expiry) {
  if (!ctx.facts().jwt) return;
  if (!view.decoded->expires) {
    ctx.Undecided("jwt_expired_accepted", "the token has no exp claim");
    return;
  }
  const bool past_exp = o.plan.method == ExpiryMethod::kForge ||
                        (o.plan.method == ExpiryMethod::kWait && lifetime_from_exp);
  if (!past_exp || !expiry.enforced.value) {
    ctx.Undecided("jwt_expired_accepted",
                  "no token past its exp was replayed (exp beyond --max-wait and no secret found)");
    return;
  }
  ctx.facts().jwt->expired_accepted = !*expiry.enforced.value;
}

// The authenticated part of the audit, after a successful login on `browser`.
void AuditSession(Context& ctx, Browser& browser, const CookiePairs& before) {
  const profile::Profile& p = ctx.driver.profile();
  const CookiePairs live = browser.CookiesFor(p.protected_path);
  const bool bearer = ctx.facts().bearer.has_value();
  auto name = bearer ? Result<std::optional<std::string>>(std::string(kBearerName))
                     : IdentifySession(ctx, before, live);
  if (!name || !*name) {
    ctx.Note(name ? "no cookie gates the protected path: the session is not carried by a cookie "
                    "alone (name it with a profile's session_cookie)"
                  : "session identification failed: " + ErrorText(name.error()));
    ctx.Undecided("session_cookie", "no single cookie gates the protected path");
    RecordOtherCookies(ctx, "");
    return;
  }
  const TokenView view = InspectToken(**name, *ValueOf(live, **name), live);
  int64_t lifetime = 0;
  if (const SetCookieSeen* seen = browser.LastSetCookie(**name); seen != nullptr) {
    SessionCookieDecision cookie = DecideSessionCookie(*seen);
    lifetime = cookie.lifetime_s;
    ctx.facts().session_cookie = std::move(cookie.cookie);
    ctx.facts().lifetime_s = lifetime;
  }
  const bool lifetime_from_exp = LifetimeFromExp(view, lifetime);
  lifetime = SessionLifetime(ctx, view, lifetime);
  ctx.facts().format = view.format;
  if (!bearer) {
    const Decision<BrowserRefusal> refusal = DecideBrowserRefusal(browser.Refusal(**name));
    ctx.facts().browser_refuses_session_cookie = refusal.value->refused;
    if (refusal.value->refused) ctx.facts().browser_refusal = refusal.value->rule;
  }

  SecondLogin second;
  if (bearer) {
    for (const char* fact : {"login_rotates_id", "fixation"}) {
      ctx.Undecided(fact,
                    "not applicable: the login issues the bearer token, there is no "
                    "pre-login token to keep or plant");
    }
  } else {
    ctx.Progress("testing rotation and fixation");
    second = ProbeSecondLogin(ctx, view);
    Record(ctx, "login_rotates_id", DecideRotation(second.fixation), ctx.facts().login_rotates_id);
    Record(ctx, "fixation", DecideFixation(second.fixation), ctx.facts().fixation);
  }
  std::optional<TokenView> main_pre;
  if (auto value = ValueOf(before, **name)) main_pre = InspectToken(**name, *value, before);
  RecordFields(ctx, view, main_pre, second);

  ctx.Progress(bearer ? "testing tampered tokens" : "testing tampered cookies");
  const TamperObservation tampered = ProbeTamper(ctx, view, live);
  const TamperDecision tamper = DecideTamper(tampered);
  RecordTamper(ctx, tamper);
  Record(ctx, "kind", DecideKind(view, tamper), ctx.facts().kind);
  if (ctx.facts().kind) {
    ctx.facts().signed_value =
        *ctx.facts().kind != SessionKind::kUnsignedPayload && view.signed_value;
    if (bearer) {
      ctx.facts().kind = checks::IsJwtKind(*ctx.facts().kind) ? SessionKind::kBearerJwt
                                                              : SessionKind::kBearerOpaque;
    }
  }
  if (!JwtAlg(view).empty()) {
    ctx.Progress("testing JWT forgeries");
    RecordJwt(ctx, DecideJwt(view, tampered, ProbeKeyConfusion(ctx, view, live)));
  }

  const WeakSecretDecision secret = DecideWeakSecret(view, ctx.options);
  RecordWeakSecret(ctx, secret);

  ctx.Progress("testing logout");
  const LogoutDecision logout = DecideLogout(ProbeLogout(ctx, browser, view, live));
  if (bearer) {
    ctx.Undecided("logout_clears_cookie",
                  "not applicable: the client holds the bearer token, no cookie to clear");
  } else {
    Record(ctx, "logout_clears_cookie", logout.clears_cookie, ctx.facts().logout_clears_cookie);
  }
  Record(ctx, "logout_invalidates", logout.invalidates, ctx.facts().logout_invalidates);
  ctx.Collect(browser);

  const EntropyObservation ids = SampleIds(ctx, view);  // before the clock is read
  RecordEntropy(ctx, DecideEntropy(ids, ctx.driver.clock().NowSeconds()));

  const ExpiryObservation expiry_seen = ProbeExpiry(ctx, view, lifetime, secret.found);
  const ExpiryDecision expiry = DecideExpiry(expiry_seen);
  Record(ctx, "expiry_enforced", expiry.enforced, ctx.facts().expiry_enforced);
  ctx.out.expiry_method = expiry.method;
  RecordJwtExpiry(ctx, view, lifetime_from_exp, expiry_seen, expiry);

  Record(ctx, "session_id_in_url",
         DecideIdInUrl(ctx.driver.transport().Exchanges(), view.random_part.value_or(view.value)),
         ctx.facts().session_id_in_url);
  RecordOtherCookies(ctx, bearer ? "" : **name);
}

struct LoginAttempt {
  Browser browser;
  CookiePairs before;  // the cookies the browser held before the login
  Result<Access> access = Access{};
  std::string landed_on;   // the path (and query) the login's redirects ended on
  std::string login_body;  // the login's final answer (a bearer token may be in it)
  int login_status = 0;    // and its status
};

// The answers of an API to a body it cannot read: 400 (e.g. Express's JSON parser, Spring), 415
// Unsupported Media Type, 422 (FastAPI/Pydantic validation).
bool RefusedAsBody(int status) { return status == 400 || status == 415 || status == 422; }

// The login answered a bearer token: the session is the token unless the cookies alone let the
// browser in (then the cookie is audited and the token ignored). Writes facts().bearer.
void ChooseSessionCarrier(Context& ctx, Driver& working, LoginAttempt& a) {
  const profile::Profile& p = working.profile();
  auto found = FindBearerToken(a.login_body, p.bearer.pointer);
  if (!found) return;
  auto cookies_only = working.Probe(Without(a.browser.CookiesFor(p.protected_path), kBearerName));
  if (cookies_only && cookies_only->granted) {
    working.DisableBearer();
    a.browser.DropBearer();
    ctx.Note("the login answered a token at " + found->source +
             " but the cookies alone let the browser in: the cookie session is audited");
    return;
  }
  ctx.facts().bearer = checks::BearerToken{.header = p.bearer.header,
                                           .scheme = p.bearer.Scheme(),
                                           .source = found->source,
                                           .length = found->token.size()};
  ctx.out.login_steps.push_back("the login answered a bearer token at " + found->source +
                                " of its JSON body, sent as " + p.bearer.header + ": " +
                                (p.bearer.Scheme().empty() ? "" : p.bearer.Scheme() + " ") +
                                "TOKEN");
}

// A fresh browser logs in (after the landing page when `visit`) and, unless `check` is false,
// asks for the protected path. Only a failed landing-page visit is an error; a failed login is
// in `access`.
Result<LoginAttempt> FirstLogin(const Driver& driver, bool visit, bool check = true) {
  LoginAttempt a{.browser = driver.NewBrowser()};
  if (visit) {
    if (auto v = driver.Visit(a.browser); !v) return std::unexpected(v.error());
  }
  a.before = a.browser.CookiesFor(driver.profile().protected_path);
  auto login = driver.Login(a.browser);
  if (!login) {
    a.access = std::unexpected(login.error());
    return a;
  }
  a.login_body = login->body;
  a.login_status = login->status;
  const cookie::Url& landed = a.browser.last_navigation().url;
  a.landed_on = landed.path + (landed.query ? "?" + *landed.query : "");
  if (check) a.access = driver.Protected(a.browser);
  return a;
}

// Common login pages, tried after the landing page (docs/audit.md "Zero-config login").
constexpr std::string_view kLoginPaths[] = {"/login",       "/signin",          "/sign_in",
                                            "/login.php",   "/accounts/login/", "/users/sign_in",
                                            "/user/login",  "/admin/login/",    "/auth/login",
                                            "/session/new", "/account/login",   "/wp-login.php"};

std::string PathOf(const cookie::Url& url) {
  return url.path + (url.query ? "?" + *url.query : "");
}

// The login form: on the landing page, else on the first common login page that has one. Sets
// the working driver's login page and writes the steps.
void DiscoverLoginForm(Context& ctx, Driver& working, Browser& anonymous) {
  std::vector<std::string> pages = {working.profile().landing_path};
  for (std::string_view p : kLoginPaths) pages.emplace_back(p);
  for (const std::string& page : pages) {
    auto r = anonymous.Send("GET", page);
    if (!r || r->status < 200 || r->status >= 300) continue;
    const HtmlPage html = ParseHtml(r->body);
    auto form = FindLoginForm(html);
    if (!form) continue;
    const cookie::Url at = anonymous.last_navigation().url;
    working.UseLoginForm(PathOf(at));
    auto submission = SubmitForm(form->form, at, {});
    std::string how = "login form found on " + PathOf(at);
    if (submission) {
      how += ": " + submission->method + " " + PathOf(submission->url) + " with fields ";
      for (size_t i = 0; i < submission->field_names.size(); ++i) {
        const std::string& name = submission->field_names[i];
        how += (i ? ", " : "") + name;
        if (name == form->user_field) how += " (user)";
        if (name == form->password_field) how += " (password)";
      }
    }
    if (html.Meta("csrf-token")) how += "; the page's csrf-token meta tag sent as X-CSRF-Token";
    ctx.out.login_steps.push_back(std::move(how));
    return;
  }
  const profile::Profile& p = working.profile();
  ctx.out.login_steps.push_back(
      "no login form found on the landing page or the common login paths: " + p.login_method + " " +
      p.login_path + " with " + p.user_field + " and " + p.password_field + " (" +
      (p.login_json ? "JSON" : "form") + ")");
}

// After a login: the protected page is the page the login landed on when a request without the
// session is refused there and the logged-in browser is let in, else the profile's path. Sets
// the working driver's protected path and the attempt's access.
void DiscoverProtected(Context& ctx, Driver& working, LoginAttempt& attempt) {
  std::vector<std::string> candidates;
  const std::string login_page = working.login_page().value_or(working.profile().login_path);
  if (!attempt.landed_on.empty() && attempt.landed_on != login_page) {
    candidates.push_back(attempt.landed_on);
  }
  if (candidates.empty() || candidates.front() != working.profile().protected_path) {
    candidates.push_back(working.profile().protected_path);
  }
  for (const std::string& path : candidates) {
    working.SetProtectedPath(path);
    auto anonymous = working.Probe({});
    if (!anonymous || anonymous->granted) continue;
    attempt.access = working.Protected(attempt.browser);
    if (attempt.access && attempt.access->granted) {
      ctx.out.login_steps.push_back(
          "protected page: " + path +
          (path == attempt.landed_on ? " (where the login landed)" : " (the default)") +
          "; without a session it answers " + std::to_string(anonymous->status) +
          (anonymous->final_url.empty() ? "" : " at " + anonymous->final_url));
      return;
    }
  }
  working.SetProtectedPath(candidates.back());
  attempt.access = working.Protected(attempt.browser);
}

// A logout link or form on the protected page of a logged-in browser.
void DiscoverLogout(Context& ctx, Driver& working, Browser& browser) {
  const profile::Profile& p = working.profile();
  auto page = browser.Send("GET", p.protected_path);
  if (page) {
    const HtmlPage html = ParseHtml(page->body);
    if (auto control = FindLogout(html)) {
      working.UseLogoutOn(p.protected_path);
      const HtmlForm form = control->form ? *control->form : LinkAsForm(*control, html);
      auto submission = SubmitForm(form, browser.last_navigation().url, {});
      std::string how = "logout: " + std::string(control->form ? "form" : "link") + " \"" +
                        control->label + "\" on " + p.protected_path;
      if (submission) how += " (" + submission->method + " " + PathOf(submission->url) + ")";
      ctx.out.login_steps.push_back(std::move(how));
      return;
    }
  }
  ctx.out.login_steps.push_back("no logout link or form found on " + p.protected_path + ": " +
                                p.logout_method + " " + p.logout_path);
}

}  // namespace

Result<AuditOutcome> RunAudit(const Driver& driver, const AuditOptions& options) {
  AuditOutcome out;
  Driver working = driver;
  Context ctx{.driver = working, .options = options, .out = out};
  Browser anonymous = working.NewBrowser();
  if (auto visit = working.Visit(anonymous); !visit) return std::unexpected(visit.error());
  ctx.Collect(anonymous);
  if (anonymous.base().scheme != driver.base().scheme) {
    working.Rebase(anonymous.base());
    ctx.Note("the target redirects http to https: audited " + anonymous.base().Serialize());
    out.login_steps.push_back("landing page " + working.profile().landing_path +
                              " redirects to https: the audit continues on " +
                              anonymous.base().Serialize());
  }
  out.facts.https = working.base().scheme == "https";
  const profile::Profile& p = working.profile();
  if (!p.has_credentials()) {
    ctx.Note("no credentials given: only the cookies of the anonymous visit were checked");
    for (const char* fact :
         {"session_cookie", "login_rotates_id", "fixation", "logout_clears_cookie",
          "logout_invalidates", "tamper_rejected", "expiry_enforced"}) {
      ctx.Undecided(fact, "no credentials (--user/--password or a profile)");
    }
    RecordOtherCookies(ctx, "");
    return out;
  }
  if (p.discover.login) {
    DiscoverLoginForm(ctx, working, anonymous);
    ctx.Collect(anonymous);
  }
  if (!p.discover.protected_path) {
    auto anonymous_access = working.Protected(anonymous);
    ctx.Collect(anonymous);
    if (!anonymous_access) return std::unexpected(anonymous_access.error());
    if (anonymous_access->granted) {
      ctx.Note("the protected path " + p.protected_path + " answers " +
               std::to_string(anonymous_access->status) +
               " without a session: give a path that needs a login with --protected");
      ctx.Undecided("session_cookie", "the protected path is not protected");
      RecordOtherCookies(ctx, "");
      return out;
    }
  }
  // The first login is clean — no cookie at all, what every first-time user gets — unless the
  // profile's login needs the landing page first (CSRF, before-login steps); when a clean login
  // is refused, it is retried after the landing page, as a browser would have visited it.
  const bool visit_first = !p.before_login.empty() || p.csrf;
  auto login = [&](bool visit) -> Result<LoginAttempt> {
    auto a = FirstLogin(working, visit, /*check=*/!p.discover.protected_path);
    if (a && a->access && p.discover.protected_path) DiscoverProtected(ctx, working, *a);
    return a;
  };
  auto clean = login(visit_first);
  if (!clean) return std::unexpected(clean.error());
  LoginAttempt* attempt = &*clean;
  // Zero-config against an API: a form login refused as the wrong kind of body is sent as JSON.
  std::optional<Result<LoginAttempt>> as_json;
  if (p.discover.login && !working.login_page() && !p.login_json &&
      RefusedAsBody(attempt->login_status)) {
    ctx.Collect(attempt->browser);
    working.UseJsonLogin();
    ctx.out.login_steps.push_back("the form login was answered " +
                                  std::to_string(attempt->login_status) +
                                  ": the login was sent again as a JSON object");
    as_json.emplace(login(visit_first));
    if (!*as_json) return std::unexpected(as_json->error());
    attempt = &**as_json;
  }
  std::optional<Result<LoginAttempt>> after_visit;
  if (!visit_first && (!attempt->access || !attempt->access->granted)) {
    ctx.Collect(attempt->browser);
    ctx.Note(
        "a login without any cookie was refused; logged in again after visiting the landing "
        "page");
    after_visit.emplace(login(/*visit=*/true));
    if (!*after_visit) return std::unexpected(after_visit->error());
    attempt = &**after_visit;
  }
  Browser& browser = attempt->browser;
  const CookiePairs& before = attempt->before;
  const Result<Access>& access = attempt->access;
  if (!access || !access->granted) {
    ctx.Note(!access
                 ? "the login failed: " + ErrorText(access.error())
                 : "after the login the protected path " + p.protected_path + " still answers " +
                       std::to_string(access->status) + ": check the credentials and paths");
    ctx.Undecided("session_cookie", "the login did not succeed");
    ctx.Collect(browser);
    RecordOtherCookies(ctx, "");
    return out;
  }
  if (browser.bearer()) ChooseSessionCarrier(ctx, working, *attempt);
  if (p.discover.logout) DiscoverLogout(ctx, working, browser);
  if (options.explain) options.explain(out.login_steps);
  AuditSession(ctx, browser, before);
  return out;
}

}  // namespace knox::flows
