// SessionManager: login, per-request resolution, privilege change and logout for knox's reference
// server (DESIGN §4 "session"; OWASP Session Management Cheat Sheet; ASVS 4.0.3 V3.2, V3.3, V3.7).
//
// Two modes:
//  - Mode::kId: the cookie carries a SessionId (256-bit CSPRNG, 43 base64url chars); the state
//    lives in a SessionStore under SHA-256(id). Idle timeout = the store TTL, renewed on use and
//    clamped so it never passes the absolute expiry; absolute timeout = record.absolute_expiry.
//  - Mode::kSealed: the cookie is a stateless knox-sealed token (core/seal: AES-256-GCM, AAD bound
//    to the cookie name and purpose `seal_purpose`) carrying user, roles, data, created_at,
//    absolute_expiry and a random 128-bit token id; the seal's issued_at/expires_at implement the
//    idle timeout (expires_at = min(issue + idle, absolute_expiry), whole seconds). A token older
//    than last_seen_granularity is re-sealed on use (same token id) and Resolve returns the new
//    Set-Cookie in Session::set_cookie, which the response must send (sliding idle timeout).
//    Logout revokes the token id in a RevocationStore (in memory, or Redis shared by several
//    servers) until the session's absolute expiry (so every refreshed copy dies with it);
//    LogoutEverywhere revokes by user and creation time. A revocation store that cannot answer
//    makes Resolve and Logout fail (503), never "not revoked".
//
// Security rules, in both modes:
//  - Login always issues a fresh id/token and first destroys (or revokes) any presented previous
//    session: no session fixation. ChangePrivilege rotates the id/token the same way.
//  - Malformed, unknown, tampered, expired, revoked or wrong-cookie-name values resolve to
//    "no session" (nullopt) — never to an error and never to a session.
//  - Fail closed: a store or CSPRNG failure is an error Result (the server answers 503), never
//    "anonymous" and never "logged in".
//  - Set-Cookie strings are built by core/cookie's SerializeSetCookie from CookieOptions; the
//    deletion cookie has the same name and Path, no Domain, the same Secure/HttpOnly/SameSite,
//    `Max-Age=0` and an Expires in 1970. Cookies carry no Max-Age (browser-session cookies): the
//    server, not the browser, decides when a session ends.
//  - Ids, tokens and cookie values never appear in error messages.
//
// Thread-safety: a SessionManager is immutable after Create; every method may be called
// concurrently. The store, revocation list and clock are borrowed and must outlive it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/cookie/set_cookie.h"
#include "core/seal/keyset.h"
#include "core/session/revocation_list.h"
#include "core/session/revocation_store.h"
#include "core/session/sealed_claims.h"
#include "core/session/session_store.h"

namespace knox::session {

enum class Mode { kId, kSealed };

struct CookieOptions {
  std::string name = "__Host-session";
  bool secure = true;
  bool http_only = true;
  cookie::SameSite same_site = cookie::SameSite::kLax;
  std::string path = "/";
};

struct ManagerOptions {
  CookieOptions cookie = {};
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(30);
  std::chrono::milliseconds absolute_timeout = std::chrono::hours(8);
  // Id mode: last_seen is rewritten (a Save instead of a Touch) at most this often.
  // Sealed mode: a token is re-sealed on use at most this often.
  std::chrono::milliseconds last_seen_granularity = std::chrono::minutes(1);
  std::string seal_purpose = "session";  // sealed mode: part of the AAD
};

// A resolved session, as the application sees it.
struct Session {
  std::string user = {};
  std::vector<std::string> roles = {};
  int64_t created_at = 0;       // Unix ms, login time
  int64_t last_seen = 0;        // Unix ms, within last_seen_granularity
  int64_t absolute_expiry = 0;  // Unix ms
  std::map<std::string, std::string> data = {};
  // Sealed mode: a refreshed Set-Cookie value the response must carry; nullopt otherwise.
  std::optional<std::string> set_cookie = {};
};

// The result of Login / ChangePrivilege.
struct Issued {
  std::string set_cookie;    // the Set-Cookie header value to send
  std::string cookie_value;  // the new cookie value (a secret; for in-process clients and tests)
  Session session;
};

class SessionManager {
 public:
  // Id mode over `store`. kInvalidArgument when the options are unusable: the cookie cannot be
  // serialised (bad name, a __Host-/__Secure- name without Secure, __Host- with Path != "/",
  // SameSite=None without Secure), idle_timeout <= 0, absolute_timeout < idle_timeout,
  // last_seen_granularity < 0 or >= idle_timeout.
  static Result<SessionManager> CreateWithStore(ManagerOptions options, SessionStore& store,
                                                const Clock& clock = SystemClock::Instance());
  // Sealed mode with `keyset` (primary seals, older keys open) and `revocations`. Same checks.
  static Result<SessionManager> CreateSealed(ManagerOptions options, seal::Keyset keyset,
                                             RevocationStore& revocations,
                                             const Clock& clock = SystemClock::Instance());

  Mode mode() const { return mode_; }
  const ManagerOptions& options() const { return options_; }
  std::string_view cookie_name() const { return options_.cookie.name; }

  // Starts a session for an authenticated user. `presented_cookie` is the session cookie value the
  // request carried, if any: that session is destroyed/revoked first (no fixation).
  // Errors: kInvalidArgument (empty user, or a string that is not UTF-8), kLimitExceeded (record
  // over kMaxRecordBytes, sealed cookie over 4096 bytes, full store or revocation list),
  // kUnavailable (store or CSPRNG).
  Result<Issued> Login(std::string_view user, std::vector<std::string> roles,
                       std::optional<std::string_view> presented_cookie = std::nullopt) const;

  // The session a cookie value stands for, enforcing the idle and absolute timeouts and renewing
  // the idle deadline (never beyond the absolute expiry). nullopt = no valid session.
  Result<std::optional<Session>> Resolve(std::string_view cookie_value) const;

  // Replaces the roles of the session `cookie_value` stands for and rotates its id/token (the old
  // one stops working). nullopt when there is no valid session.
  Result<std::optional<Issued>> ChangePrivilege(std::string_view cookie_value,
                                                std::vector<std::string> roles) const;

  // Ends the session (destroys the record / revokes the token) if the value is valid, and returns
  // the deletion Set-Cookie, which must be sent in every case. Errors as Login.
  Result<std::string> Logout(std::string_view cookie_value) const;

  // Ends every session of `user` (all devices).
  Result<void> LogoutEverywhere(std::string_view user) const;

  // The deletion Set-Cookie (also what Logout returns).
  const std::string& DeletionSetCookie() const { return deletion_set_cookie_; }

 private:
  SessionManager(Mode mode, ManagerOptions options, SessionStore* store,
                 std::optional<seal::Keyset> keyset, RevocationStore* revocations,
                 const Clock& clock);
  static Result<SessionManager> Create(Mode mode, ManagerOptions options, SessionStore* store,
                                       std::optional<seal::Keyset> keyset,
                                       RevocationStore* revocations, const Clock& clock);

  Result<std::string> SetCookieFor(std::string_view value) const;
  std::chrono::milliseconds IdleTtl(const Session& s, int64_t now) const;
  Result<Issued> Issue(Session s, int64_t now) const;
  Result<void> EndPresented(std::string_view cookie_value) const;
  Result<Issued> IssueId(Session s, int64_t now) const;
  Result<std::optional<Session>> ResolveId(std::string_view cookie_value) const;
  Result<bool> RenewId(const SessionKey& key, Session& s, int64_t now) const;
  Result<Issued> IssueSealed(Session s, std::string token_id, int64_t now) const;
  Result<std::optional<Session>> ResolveSealed(std::string_view cookie_value) const;
  Result<std::optional<SealedClaims>> OpenSealed(std::string_view cookie_value, int64_t now,
                                                 int64_t* issued_at = nullptr) const;

  Mode mode_;
  ManagerOptions options_;
  SessionStore* store_;                 // id mode
  std::optional<seal::Keyset> keyset_;  // sealed mode
  RevocationStore* revocations_;        // sealed mode
  const Clock* clock_;
  std::string deletion_set_cookie_;
};

}  // namespace knox::session
