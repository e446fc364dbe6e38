#include "core/session/session_manager.h"

#include <algorithm>
#include <utility>

#include "core/crypto/random.h"
#include "core/seal/seal.h"
#include "core/session/sealed_claims.h"
#include "core/session/session_id.h"

namespace knox::session {
namespace {

using std::chrono::milliseconds;

constexpr int64_t kMinIdleMillis = 1000;  // sealed expiry has whole-second resolution

SessionRecord ToRecord(const Session& s) {
  return SessionRecord{.user = s.user,
                       .roles = s.roles,
                       .created_at = s.created_at,
                       .last_seen = s.last_seen,
                       .absolute_expiry = s.absolute_expiry,
                       .data = s.data};
}

Session ToSession(SessionRecord r) {
  return Session{.user = std::move(r.user),
                 .roles = std::move(r.roles),
                 .created_at = r.created_at,
                 .last_seen = r.last_seen,
                 .absolute_expiry = r.absolute_expiry,
                 .data = std::move(r.data)};
}

Result<void> CheckTimeouts(const ManagerOptions& o) {
  if (o.idle_timeout.count() < kMinIdleMillis) {
    return Fail(ErrorCode::kInvalidArgument, "session manager: idle timeout under 1 s");
  }
  if (o.absolute_timeout < o.idle_timeout) {
    return Fail(ErrorCode::kInvalidArgument, "session manager: absolute timeout < idle timeout");
  }
  if (o.last_seen_granularity.count() < 0 || o.last_seen_granularity >= o.idle_timeout) {
    return Fail(ErrorCode::kInvalidArgument,
                "session manager: last_seen granularity must be in [0, idle timeout)");
  }
  return {};
}

cookie::SetCookie BaseCookie(const CookieOptions& c) {
  return cookie::SetCookie{.name = c.name,
                           .path = c.path,
                           .secure = c.secure,
                           .http_only = c.http_only,
                           .same_site = c.same_site};
}

}  // namespace

SessionManager::SessionManager(Mode mode, ManagerOptions options, SessionStore* store,
                               std::optional<seal::Keyset> keyset, RevocationStore* revocations,
                               const Clock& clock)
    : mode_(mode),
      options_(std::move(options)),
      store_(store),
      keyset_(std::move(keyset)),
      revocations_(revocations),
      clock_(&clock) {}

Result<SessionManager> SessionManager::Create(Mode mode, ManagerOptions options,
                                              SessionStore* store,
                                              std::optional<seal::Keyset> keyset,
                                              RevocationStore* revocations, const Clock& clock) {
  if (auto ok = CheckTimeouts(options); !ok) return std::unexpected(ok.error());
  cookie::SetCookie deletion = BaseCookie(options.cookie);
  deletion.expires = 0;  // Thu, 01 Jan 1970 00:00:00 GMT
  deletion.max_age = 0;
  auto deletion_header = cookie::SerializeSetCookie(deletion);
  if (!deletion_header) {
    return Fail(ErrorCode::kInvalidArgument,
                "session manager: cookie options: " + deletion_header.error().message);
  }
  SessionManager manager(mode, std::move(options), store, std::move(keyset), revocations, clock);
  manager.deletion_set_cookie_ = std::move(*deletion_header);
  return manager;
}

Result<SessionManager> SessionManager::CreateWithStore(ManagerOptions options, SessionStore& store,
                                                       const Clock& clock) {
  return Create(Mode::kId, std::move(options), &store, std::nullopt, nullptr, clock);
}

Result<SessionManager> SessionManager::CreateSealed(ManagerOptions options, seal::Keyset keyset,
                                                    RevocationStore& revocations,
                                                    const Clock& clock) {
  return Create(Mode::kSealed, std::move(options), nullptr, std::move(keyset), &revocations, clock);
}

Result<std::string> SessionManager::SetCookieFor(std::string_view value) const {
  cookie::SetCookie c = BaseCookie(options_.cookie);
  c.value = std::string(value);
  return cookie::SerializeSetCookie(c);
}

milliseconds SessionManager::IdleTtl(const Session& s, int64_t now) const {
  return std::min(options_.idle_timeout, milliseconds(s.absolute_expiry - now));
}

// ---- Login, privilege change, logout (both modes) ----

Result<Issued> SessionManager::Login(std::string_view user, std::vector<std::string> roles,
                                     std::optional<std::string_view> presented_cookie) const {
  if (user.empty()) return Fail(ErrorCode::kInvalidArgument, "session manager: empty user");
  if (presented_cookie) {
    if (auto ended = EndPresented(*presented_cookie); !ended) {
      return std::unexpected(ended.error());
    }
  }
  int64_t now = clock_->NowMillis();
  Session s{.user = std::string(user),
            .roles = std::move(roles),
            .created_at = now,
            .last_seen = now,
            .absolute_expiry = now + options_.absolute_timeout.count()};
  return Issue(std::move(s), now);
}

Result<Issued> SessionManager::Issue(Session s, int64_t now) const {
  if (auto ok = ValidateRecord(ToRecord(s)); !ok) return std::unexpected(ok.error());
  if (mode_ == Mode::kId) return IssueId(std::move(s), now);
  auto token_id = crypto::RandomBytes(kTokenIdBytes);
  if (!token_id) return std::unexpected(token_id.error());
  return IssueSealed(std::move(s), std::move(*token_id), now);
}

Result<std::optional<Session>> SessionManager::Resolve(std::string_view cookie_value) const {
  return mode_ == Mode::kId ? ResolveId(cookie_value) : ResolveSealed(cookie_value);
}

Result<std::optional<Issued>> SessionManager::ChangePrivilege(
    std::string_view cookie_value, std::vector<std::string> roles) const {
  auto current = Resolve(cookie_value);
  if (!current) return std::unexpected(current.error());
  if (!current->has_value()) return std::optional<Issued>();
  // End the old id/token first: if issuing the new one then fails, the user is logged out, which
  // is the safe direction.
  if (auto ended = EndPresented(cookie_value); !ended) return std::unexpected(ended.error());
  Session s = std::move(**current);
  s.roles = std::move(roles);
  s.set_cookie.reset();
  int64_t now = clock_->NowMillis();
  s.last_seen = now;
  auto issued = Issue(std::move(s), now);
  if (!issued) return std::unexpected(issued.error());
  return std::optional<Issued>(std::move(*issued));
}

Result<std::string> SessionManager::Logout(std::string_view cookie_value) const {
  if (auto ended = EndPresented(cookie_value); !ended) return std::unexpected(ended.error());
  return deletion_set_cookie_;
}

Result<void> SessionManager::LogoutEverywhere(std::string_view user) const {
  if (mode_ == Mode::kId) {
    auto n = store_->DestroyAllForUser(user);
    if (!n) return std::unexpected(n.error());
    return {};
  }
  int64_t now = clock_->NowMillis();
  return revocations_->RevokeUser(user, now, now + options_.absolute_timeout.count());
}

Result<void> SessionManager::EndPresented(std::string_view cookie_value) const {
  if (mode_ == Mode::kId) {
    auto id = SessionId::Parse(cookie_value);
    if (!id) return {};  // not one of ours: nothing to end
    return store_->Destroy(SessionKey::ForId(*id));
  }
  auto claims = OpenSealed(cookie_value, clock_->NowMillis());
  if (!claims) return std::unexpected(claims.error());
  if (!claims->has_value()) return {};
  return revocations_->Revoke((*claims)->token_id, (*claims)->absolute_expiry);
}

// ---- Mode::kId ----

Result<Issued> SessionManager::IssueId(Session s, int64_t now) const {
  auto id = SessionId::Generate();
  if (!id) return std::unexpected(id.error());
  auto saved = store_->Save(SessionKey::ForId(*id), ToRecord(s), IdleTtl(s, now));
  if (!saved) return std::unexpected(saved.error());
  auto header = SetCookieFor(id->text());
  if (!header) return std::unexpected(header.error());
  return Issued{.set_cookie = std::move(*header),
                .cookie_value = std::string(id->text()),
                .session = std::move(s)};
}

Result<std::optional<Session>> SessionManager::ResolveId(std::string_view cookie_value) const {
  auto id = SessionId::Parse(cookie_value);
  if (!id) return std::optional<Session>();
  SessionKey key = SessionKey::ForId(*id);
  int64_t now = clock_->NowMillis();
  auto loaded = store_->LoadAndTouch(key, options_.idle_timeout);
  if (!loaded) return std::unexpected(loaded.error());
  if (!loaded->has_value()) return std::optional<Session>();
  Session s = ToSession(std::move(**loaded));
  // The store's TTL is the idle deadline; last_seen (kept within the granularity) is a second,
  // independent check in case a store kept a record too long.
  bool idle = now - s.last_seen >= (options_.idle_timeout + options_.last_seen_granularity).count();
  if (now >= s.absolute_expiry || idle) {
    auto destroyed = store_->Destroy(key);
    if (!destroyed) return std::unexpected(destroyed.error());
    return std::optional<Session>();
  }
  auto renewed = RenewId(key, s, now);
  if (!renewed) return std::unexpected(renewed.error());
  if (!*renewed) return std::optional<Session>();  // destroyed concurrently (logout)
  return std::optional<Session>(std::move(s));
}

// After LoadAndTouch extended the record by the idle timeout: rewrite last_seen when it is older
// than the granularity, and clamp the expiry to the absolute expiry. False when the record
// vanished in between.
Result<bool> SessionManager::RenewId(const SessionKey& key, Session& s, int64_t now) const {
  milliseconds ttl = IdleTtl(s, now);
  if (now - s.last_seen >= options_.last_seen_granularity.count()) {
    s.last_seen = now;
    return store_->Replace(key, ToRecord(s), ttl);
  }
  if (ttl < options_.idle_timeout) return store_->Touch(key, ttl);
  return true;
}

// ---- Mode::kSealed ----

Result<Issued> SessionManager::IssueSealed(Session s, std::string token_id, int64_t now) const {
  int64_t ttl_seconds = IdleTtl(s, now).count() / 1000;  // rounded down: never past the end
  if (ttl_seconds <= 0) return Fail(ErrorCode::kExpired, "session manager: session at its end");
  SealedClaims claims{.user = s.user,
                      .roles = s.roles,
                      .created_at = s.created_at,
                      .absolute_expiry = s.absolute_expiry,
                      .token_id = std::move(token_id),
                      .data = s.data};
  auto token = seal::Seal(*keyset_, options_.cookie.name, options_.seal_purpose,
                          EncodeClaims(claims), now / 1000, ttl_seconds);
  if (!token) return std::unexpected(token.error());
  auto header = SetCookieFor(*token);
  if (!header) return std::unexpected(header.error());
  s.last_seen = now / 1000 * 1000;
  return Issued{
      .set_cookie = std::move(*header), .cookie_value = std::move(*token), .session = std::move(s)};
}

// The claims of a token that opens under the keyset for this cookie name and purpose, is inside
// its absolute expiry and is not revoked; nullopt otherwise. `issued_at` receives the seal time.
// An error only when the revocation store cannot answer (fail closed).
Result<std::optional<SealedClaims>> SessionManager::OpenSealed(std::string_view cookie_value,
                                                               int64_t now,
                                                               int64_t* issued_at) const {
  using Claims = std::optional<SealedClaims>;
  auto opened = seal::Open(*keyset_, options_.cookie.name, options_.seal_purpose, cookie_value,
                           now / 1000, seal::Limits{.max_token_bytes = 4096});
  if (!opened) return Claims();
  auto claims = DecodeClaims(opened->payload);
  if (!claims || claims->user.empty() || now >= claims->absolute_expiry) return Claims();
  auto revoked = revocations_->IsRevoked(claims->token_id, claims->user, claims->created_at);
  if (!revoked) return std::unexpected(revoked.error());
  if (*revoked) return Claims();
  if (issued_at != nullptr) *issued_at = opened->issued_at;
  return Claims(std::move(*claims));
}

Result<std::optional<Session>> SessionManager::ResolveSealed(std::string_view cookie_value) const {
  int64_t now = clock_->NowMillis();
  int64_t issued_at = 0;
  auto opened = OpenSealed(cookie_value, now, &issued_at);
  if (!opened) return std::unexpected(opened.error());
  if (!opened->has_value()) return std::optional<Session>();
  SealedClaims& claims = **opened;
  Session s{.user = std::move(claims.user),
            .roles = std::move(claims.roles),
            .created_at = claims.created_at,
            .last_seen = issued_at * 1000,
            .absolute_expiry = claims.absolute_expiry,
            .data = std::move(claims.data)};
  if (now - s.last_seen < options_.last_seen_granularity.count()) {
    return std::optional<Session>(std::move(s));
  }
  // Slide the idle deadline: re-seal with the same token id, so that a logout revokes every copy.
  auto refreshed = IssueSealed(s, std::move(claims.token_id), now);
  if (!refreshed) {
    if (refreshed.error().code == ErrorCode::kExpired) return std::optional<Session>();
    return std::unexpected(refreshed.error());
  }
  refreshed->session.set_cookie = std::move(refreshed->set_cookie);
  return std::optional<Session>(std::move(refreshed->session));
}

}  // namespace knox::session
