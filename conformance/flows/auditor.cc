#include "conformance/flows/auditor.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "conformance/analysis/candidates.h"
#include "conformance/analysis/known_secrets.h"
#include "conformance/analysis/secret_search.h"
#include "conformance/flows/token_probe.h"
#include "core/cookie/set_cookie.h"
#include "core/token/registry.h"

namespace knox::flows {
namespace {

using checks::ObservedCookie;
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

std::string ErrorText(const Error& e) {
  return std::string(ErrorCodeName(e.code)) + ": " + e.message;
}

// How long a browser keeps the cookie: Max-Age, else Expires minus the response's Date (or the
// time received), else 0 (a browser-session cookie).
int64_t LifetimeSeconds(const cookie::SetCookie& c, const SetCookieSeen& seen) {
  if (c.max_age) return *c.max_age;
  if (c.expires) return *c.expires - seen.date.value_or(seen.received_at);
  return 0;
}

ObservedCookie Observe(const SetCookieSeen& seen) {
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

bool IsCompanion(std::string_view name) {
  return name.size() > 4 && name.substr(name.size() - 4) == ".sig";
}

// The session cookie: the cookie whose removal turns the protected answer from 2xx into a refusal.
// Cookies new or changed at login are tried first, companions (NAME.sig) last.
Result<std::optional<std::string>> IdentifySession(Context& ctx, const CookiePairs& before,
                                                   const CookiePairs& after) {
  const profile::Profile& p = ctx.driver.profile();
  if (p.session_cookie) {
    if (!ValueOf(after, *p.session_cookie)) return std::nullopt;
    return *p.session_cookie;
  }
  std::vector<std::string> order;
  for (int pass = 0; pass < 3; ++pass) {
    for (const auto& [name, value] : after) {
      const bool changed = ValueOf(before, name) != value;
      const bool wanted = pass == 0 ? changed && !IsCompanion(name)
                          : pass == 1 ? !changed && !IsCompanion(name)
                                      : IsCompanion(name);
      if (wanted) order.push_back(name);
    }
  }
  for (const std::string& name : order) {
    auto access = ctx.driver.Probe(Without(after, name));
    if (!access) return std::unexpected(access.error());
    if (!access->granted) return name;
  }
  return std::nullopt;
}

// Rotation is about ids: a server-side id, or the id inside a signed value (express). A
// client-side token changes whenever its content does, so "rotation" says nothing about it.
void DecideRotation(Context& ctx, const TokenView& view, const std::optional<std::string>& before) {
  if (!view.random_part) {
    ctx.Undecided("login_rotates_id", "client-side session: the cookie carries data, not an id");
  } else if (before) {
    ctx.facts().login_rotates_id = *before != view.value;
  } else if (view.kind != SessionKind::kServerId) {
    // No pre-login id was issued and a forged signed id would be ignored: the id is new at login.
    ctx.facts().login_rotates_id = true;
    ctx.Note("login_rotates_id: no session id exists before the login; the login issues a new one");
  }
  // A server-side id without a pre-login value: DecideFixation plants one and decides.
}

void DecideFixation(Context& ctx, const TokenView& view) {
  Browser b = ctx.driver.NewBrowser();
  if (auto v = ctx.driver.Visit(b); !v) {
    ctx.Undecided("fixation", "the pre-login visit failed: " + ErrorText(v.error()));
    return;
  }
  CookiePairs pre = b.CookiesFor(ctx.driver.profile().protected_path);
  std::optional<std::string> planted = ValueOf(pre, view.name);
  const bool issued = planted.has_value();
  if (!planted) {
    if (view.kind != SessionKind::kServerId) {
      ctx.facts().fixation = false;
      ctx.Note("fixation: no pre-login session is issued and a client-side token cannot be planted");
      return;
    }
    planted = FlipChar(view.value, view.value.size() / 2);
  }
  auto login = ctx.driver.Login(b, With(pre, view.name, *planted));
  ctx.Collect(b);
  if (!login) {
    ctx.Undecided("fixation", "the login failed: " + ErrorText(login.error()));
    return;
  }
  const std::optional<std::string> after = b.CookieValue(view.name);
  // The attacker's view: only the pre-login id, after the victim logged in.
  auto access = ctx.driver.Probe(With(Without(pre, view.name), view.name, *planted));
  if (!access) {
    ctx.Undecided("fixation", "the protected request failed: " + ErrorText(access.error()));
    return;
  }
  ctx.facts().fixation = access->granted;
  if (view.random_part && !ctx.facts().login_rotates_id) {
    ctx.facts().login_rotates_id = after.has_value() && *after != *planted;
  }
  ctx.Note(std::string("fixation: ") + (issued ? "server-issued" : "planted") +
           " pre-login id " + (access->granted ? "was authenticated by the login"
                                              : "was not authenticated by the login"));
}

void DecideTamper(Context& ctx, const TokenView& view, const CookiePairs& live) {
  auto control = ctx.driver.Probe(live);
  if (!control || !control->granted) {
    ctx.Undecided("tamper_rejected", "the unmodified cookies were not accepted when replayed");
    return;
  }
  auto variants = TamperVariants(view, live);
  if (variants.empty()) {
    ctx.Undecided("tamper_rejected", "no modification applies to this value");
    return;
  }
  for (const TamperVariant& v : variants) {
    auto access = ctx.driver.Probe(v.cookies);
    if (!access) {
      ctx.Undecided("tamper_rejected", "a tampered request failed: " + ErrorText(access.error()));
      return;
    }
    if (access->granted) ctx.out.tamper_accepted.push_back(v.what);
    if (access->status >= 500) ctx.out.tamper_server_errors.push_back(v.what);
  }
  ctx.facts().tamper_rejected = ctx.out.tamper_accepted.empty();
  ctx.facts().tamper_server_errors = ctx.out.tamper_server_errors;
  if (view.unsigned_candidate) {
    if (ctx.out.tamper_accepted.empty()) {
      ctx.facts().kind.reset();
      ctx.Undecided("kind", "readable JSON without a MAC, but modified values were refused");
    } else {
      ctx.facts().kind = SessionKind::kUnsigned;
    }
  }
}

// The decoded format is preferred: a Starlette cookie is also a valid itsdangerous Signer token.
std::optional<analysis::CrackTarget> TargetFor(std::span<const analysis::CrackTarget> targets,
                                               const crypto::SecretBytes& secret,
                                               std::string_view token, std::string_view sig,
                                               const std::optional<std::string>& preferred) {
  std::vector<const analysis::CrackTarget*> order;
  for (const auto& t : targets) {
    if (preferred && t.codec->name() == *preferred) order.push_back(&t);
  }
  for (const auto& t : targets) {
    if (!preferred || t.codec->name() != *preferred) order.push_back(&t);
  }
  for (const analysis::CrackTarget* tp : order) {
    const analysis::CrackTarget& t = *tp;
    token::Options options = t.options;
    options.secrets = {secret};
    auto signer = t.codec->NewSigner(options);
    if (signer && (*signer)->Verify(token, sig)) return t;
  }
  return std::nullopt;
}

struct FoundSecret {
  crypto::SecretBytes secret;
  analysis::CrackTarget target;
};

Result<std::unique_ptr<analysis::CandidateSource>> Candidates(const AuditOptions& options,
                                                              std::ifstream& file) {
  std::unique_ptr<analysis::CandidateSource> source =
      std::make_unique<analysis::RuleSource>(
          std::make_unique<analysis::ListSource>(analysis::KnownSecrets()));
  if (options.wordlist_path.empty()) return source;
  file.open(options.wordlist_path, std::ios::binary);
  if (!file) return Fail(ErrorCode::kInvalidArgument, "cannot read the wordlist");
  return std::unique_ptr<analysis::CandidateSource>(
      std::make_unique<analysis::WordlistSource>(file));
}

std::optional<FoundSecret> DecideWeakSecret(Context& ctx, const TokenView& view) {
  if (!view.format || (view.kind != SessionKind::kSigned && view.kind != SessionKind::kJwt)) {
    ctx.Undecided("weak_secret", "the session cookie is not a signed token of a known format");
    return std::nullopt;
  }
  auto targets = analysis::PlanTargets({.token = view.value,
                                        .signature = view.signature_cookie.value_or(""),
                                        .cookie_name = view.name});
  if (!targets) {
    ctx.Undecided("weak_secret", "no searchable format: " + targets.error().message);
    return std::nullopt;
  }
  std::ifstream file;
  auto passes = std::vector<bool>{false};
  if (!ctx.options.wordlist_path.empty()) passes.push_back(true);
  uint64_t tried = 0;
  for (bool wordlist : passes) {
    AuditOptions pass_options = ctx.options;
    if (!wordlist) pass_options.wordlist_path.clear();
    auto source = Candidates(pass_options, file);
    if (!source) {
      ctx.Undecided("weak_secret", source.error().message);
      return std::nullopt;
    }
    ctx.Progress(wordlist ? "searching the wordlist for the signing secret"
                          : "searching the bundled list of known secrets");
    auto result = analysis::SearchSecret(*targets, **source, {.threads = ctx.options.threads});
    if (!result) {
      ctx.Undecided("weak_secret", result.error().message);
      return std::nullopt;
    }
    tried += result->candidates;
    if (result->found && result->resigned_identical) {
      ctx.facts().weak_secret = checks::WeakSecret{.found = true, .length = result->secret.size()};
      ctx.out.secret_sha256_prefix = Sha256Prefix(result->secret.reveal());
      if (ctx.options.show_secrets) ctx.out.secret = std::string(result->secret.reveal());
      auto target = TargetFor(*targets, result->secret, view.value,
                              view.signature_cookie.value_or(""), view.format);
      if (!target) return std::nullopt;
      ctx.facts().format = std::string(target->codec->name());
      return FoundSecret{.secret = result->secret, .target = *target};
    }
  }
  ctx.facts().weak_secret = checks::WeakSecret{.found = false};
  ctx.Note("weak secret: " + std::to_string(tried) + " candidates tried, none signs the token");
  return std::nullopt;
}

void DecideLogout(Context& ctx, Browser& browser, const TokenView& view, const CookiePairs& live) {
  auto response = ctx.driver.Logout(browser);
  if (!response) {
    ctx.Undecided("logout_clears_cookie", "the logout request failed: " + ErrorText(response.error()));
    ctx.Undecided("logout_invalidates", "the logout request failed");
    return;
  }
  const std::optional<std::string> now = browser.CookieValue(view.name, ctx.driver.profile().protected_path);
  ctx.facts().logout_clears_cookie = now != view.value;
  auto replay = ctx.driver.Probe(live);
  if (!replay) {
    ctx.Undecided("logout_invalidates", "the replay failed: " + ErrorText(replay.error()));
    return;
  }
  ctx.facts().logout_invalidates = !replay->granted;
}

void DecideIdInUrl(Context& ctx, const TokenView& view) {
  const std::string& needle = view.random_part.value_or(view.value);
  if (needle.size() < 8) {
    ctx.Undecided("session_id_in_url", "the session value is too short to search for");
    return;
  }
  bool found = false;
  for (const net::Exchange& e : ctx.driver.client().Exchanges()) {
    if (e.request.url.find(needle) != std::string::npos) found = true;
    if (!e.response) continue;
    for (const std::string& location : e.response->HeaderValues("Location")) {
      if (location.find(needle) != std::string::npos) found = true;
    }
  }
  ctx.facts().session_id_in_url = found;
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

void SampleEntropy(Context& ctx, const TokenView& first) {
  if (!first.random_part) {
    ctx.Undecided("entropy", "the session is client-side: there is no random id to sample");
    return;
  }
  std::vector<std::string> ids = {*first.random_part};
  for (size_t i = 1; i < ctx.options.samples; ++i) {
    if (i % 5 == 0) ctx.Progress("sampling session ids: " + std::to_string(i) + "/" +
                                 std::to_string(ctx.options.samples));
    auto cookies = FreshLogin(ctx);
    if (!cookies) {
      ctx.Note("entropy: a sampling login failed: " + ErrorText(cookies.error()));
      break;
    }
    auto value = ValueOf(*cookies, first.name);
    if (!value) continue;
    TokenView view = InspectToken(first.name, *value, *cookies);
    if (view.random_part) ids.push_back(*view.random_part);
  }
  auto report = analysis::AnalyzeTokens(ids, ctx.driver.clock().NowSeconds());
  if (!report) {
    ctx.Undecided("entropy", report.error().message);
    return;
  }
  ctx.facts().entropy_bits = report->effective_bits;
  ctx.facts().low_entropy = report->low_entropy || report->non_random;
  ctx.out.entropy = std::move(*report);
}

void Sleep(Context& ctx, int seconds) {
  if (ctx.options.sleep) {
    ctx.options.sleep(seconds);
    return;
  }
  for (int left = seconds; left > 0; --left) {
    if (left % 5 == 0) ctx.Progress("waiting for the session to expire: " + std::to_string(left) + " s left");
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

// A token for the same payload, issued `age` seconds ago, signed with the found secret.
std::optional<std::string> Forge(const FoundSecret& found, const TokenView& view, int64_t now,
                                 int64_t age) {
  if (!view.decoded || !view.decoded->timestamp || view.format == "jwt") return std::nullopt;
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

void DecideExpiry(Context& ctx, const TokenView& view, int64_t lifetime,
                  const std::optional<FoundSecret>& found) {
  if (lifetime > 0 && lifetime <= ctx.options.max_wait_seconds) {
    auto cookies = FreshLogin(ctx);
    if (!cookies) {
      ctx.Undecided("expiry_enforced", "the login before waiting failed");
      return;
    }
    const int wait = static_cast<int>(lifetime) + 2;
    Sleep(ctx, wait);
    auto access = ctx.driver.Probe(*cookies);
    if (!access) {
      ctx.Undecided("expiry_enforced", "the request after waiting failed");
      return;
    }
    ctx.facts().expiry_enforced = !access->granted;
    ctx.out.expiry_method = "waited " + std::to_string(wait) + " s (lifetime " +
                            std::to_string(lifetime) + " s) and replayed the cookie";
    return;
  }
  if (found) {
    const int64_t age = lifetime > 0 ? lifetime + 60 : 400LL * 24 * 3600;
    auto forged = Forge(*found, view, ctx.driver.clock().NowSeconds(), age);
    auto cookies = FreshLogin(ctx);
    if (forged && cookies) {
      auto access = ctx.driver.Probe(With(*cookies, view.name, *forged));
      if (access) {
        ctx.facts().expiry_enforced = !access->granted;
        ctx.out.expiry_method = "forged a token issued " + std::to_string(age) +
                                " s ago with the cracked secret";
        return;
      }
    }
  }
  ctx.Undecided("expiry_enforced",
                lifetime <= 0 ? "browser-session cookie: its server-side lifetime is unknown and "
                                "no secret was found to forge an old token"
                              : "the lifetime (" + std::to_string(lifetime) +
                                    " s) is longer than --max-wait and no secret was found");
}

void ObserveCookies(Context& ctx, const std::string& session_name) {
  std::map<std::string, ObservedCookie> others;
  for (const SetCookieSeen& s : ctx.seen) {
    ObservedCookie o = Observe(s);
    if (o.name == session_name || others.contains(o.name)) continue;
    if (o.attributes && o.attributes->max_age && *o.attributes->max_age <= 0) continue;  // deletions
    others.emplace(o.name, std::move(o));
  }
  std::vector<ObservedCookie> list;
  for (auto& [name, o] : others) list.push_back(std::move(o));
  ctx.facts().other_cookies = std::move(list);
}

// The authenticated part of the audit, after a successful login on `browser`.
void AuditSession(Context& ctx, Browser& browser, const CookiePairs& before) {
  const profile::Profile& p = ctx.driver.profile();
  const CookiePairs live = browser.CookiesFor(p.protected_path);
  auto name = IdentifySession(ctx, before, live);
  if (!name || !*name) {
    ctx.Note(name ? "no cookie gates the protected path: the session is not carried by a cookie "
                    "alone (name it with a profile's session_cookie)"
                  : "session identification failed: " + ErrorText(name.error()));
    ctx.Undecided("session_cookie", "no single cookie gates the protected path");
    ObserveCookies(ctx, "");
    return;
  }
  const std::string value = *ValueOf(live, **name);
  TokenView view = InspectToken(**name, value, live);
  const SetCookieSeen* seen = browser.LastSetCookie(**name);
  int64_t lifetime = 0;
  if (seen != nullptr) {
    ObservedCookie o = Observe(*seen);
    if (o.attributes) lifetime = LifetimeSeconds(*o.attributes, *seen);
    ctx.facts().session_cookie = std::move(o);
    ctx.facts().lifetime_s = lifetime;
  }
  ctx.facts().kind = view.kind;
  if (view.format) ctx.facts().format = view.format;
  DecideRotation(ctx, view, ValueOf(before, **name));
  const auto fields = ReadableFields(view);
  // An opaque id or a ciphertext reveals no field: decided, and empty.
  ctx.facts().readable_fields = fields;
  ctx.facts().sensitive_fields = SensitiveFields(fields);
  ctx.Progress("testing fixation");
  DecideFixation(ctx, view);
  ctx.Progress("testing tampered cookies");
  DecideTamper(ctx, view, live);
  auto found = DecideWeakSecret(ctx, view);
  ctx.Progress("testing logout");
  DecideLogout(ctx, browser, view, live);
  ctx.Collect(browser);
  SampleEntropy(ctx, view);
  DecideExpiry(ctx, view, lifetime, found);
  DecideIdInUrl(ctx, view);
  ObserveCookies(ctx, **name);
}

}  // namespace

Result<AuditOutcome> RunAudit(const Driver& driver, const AuditOptions& options) {
  AuditOutcome out;
  Context ctx{.driver = driver, .options = options, .out = out};
  out.facts.https = driver.base().scheme == "https";
  Browser anonymous = driver.NewBrowser();
  if (auto visit = driver.Visit(anonymous); !visit) return std::unexpected(visit.error());
  ctx.Collect(anonymous);
  const profile::Profile& p = driver.profile();
  if (!p.has_credentials()) {
    ctx.Note("no credentials given: only the cookies of the anonymous visit were checked");
    for (const char* fact : {"session_cookie", "login_rotates_id", "fixation", "logout_clears_cookie",
                             "logout_invalidates", "tamper_rejected", "expiry_enforced"}) {
      ctx.Undecided(fact, "no credentials (--user/--password or a profile)");
    }
    ObserveCookies(ctx, "");
    return out;
  }
  Browser browser = driver.NewBrowser();
  if (auto visit = driver.Visit(browser); !visit) return std::unexpected(visit.error());
  const CookiePairs before = browser.CookiesFor(p.protected_path);
  auto anonymous_access = driver.Protected(browser);
  if (!anonymous_access) return std::unexpected(anonymous_access.error());
  if (anonymous_access->granted) {
    ctx.Note("the protected path " + p.protected_path + " answers " +
             std::to_string(anonymous_access->status) +
             " without a session: give a path that needs a login with --protected");
    ctx.Undecided("session_cookie", "the protected path is not protected");
    ObserveCookies(ctx, "");
    return out;
  }
  auto login = driver.Login(browser);
  auto access = login ? driver.Protected(browser) : Result<Access>(std::unexpected(login.error()));
  if (!access || !access->granted) {
    ctx.Note(!access ? "the login failed: " + ErrorText(access.error())
                     : "after the login the protected path still answers " +
                           std::to_string(access->status) + ": check the credentials and paths");
    ctx.Undecided("session_cookie", "the login did not succeed");
    ctx.Collect(browser);
    ObserveCookies(ctx, "");
    return out;
  }
  AuditSession(ctx, browser, before);
  return out;
}

}  // namespace knox::flows
