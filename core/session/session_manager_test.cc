#include "core/session/session_manager.h"

#include <gtest/gtest.h>

#include <memory>

#include "core/base/clock.h"
#include "core/cookie/set_cookie.h"
#include "core/session/memory_store.h"
#include "core/session/session_id.h"

namespace knox::session {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr int64_t kStart = 1'700'000'000'000;

// A store whose backend is down: every call is kUnavailable.
class DownStore final : public SessionStore {
 public:
  Result<std::optional<SessionRecord>> Load(const SessionKey&) override { return Down(); }
  Result<void> Save(const SessionKey&, const SessionRecord&, milliseconds) override {
    return Down();
  }
  Result<bool> Replace(const SessionKey&, const SessionRecord&, milliseconds) override {
    return Down();
  }
  Result<bool> Touch(const SessionKey&, milliseconds) override { return Down(); }
  Result<void> Destroy(const SessionKey&) override { return Down(); }
  Result<size_t> DestroyAllForUser(std::string_view) override { return Down(); }

 private:
  static std::unexpected<Error> Down() { return Fail(ErrorCode::kUnavailable, "down"); }
};

seal::Keyset KeysetWithId(uint32_t id) { return *seal::Keyset::Generate(id); }

// One manager of either mode over a FakeClock, a MemoryStore and a revocation list.
class ManagerTest : public ::testing::TestWithParam<Mode> {
 protected:
  ManagerTest() : clock_(kStart), revocations_(clock_) {
    store_ = *MemoryStore::Create(clock_);
    keyset_ = KeysetWithId(1);
  }

  SessionManager Make(ManagerOptions options = {}) {
    auto m = GetParam() == Mode::kId
                 ? SessionManager::CreateWithStore(options, *store_, clock_)
                 : SessionManager::CreateSealed(options, *keyset_, revocations_, clock_);
    EXPECT_TRUE(m) << (m ? "" : m.error().message);
    return std::move(*m);
  }

  // Resolves and, like a browser, adopts a refreshed cookie the response carries.
  std::optional<Session> Use(const SessionManager& m, std::string& cookie_value) {
    auto s = m.Resolve(cookie_value);
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    if (!s || !s->has_value()) return std::nullopt;
    if ((*s)->set_cookie) cookie_value = cookie::ParseSetCookie(*(*s)->set_cookie)->value;
    return **s;
  }

  bool Valid(const SessionManager& m, std::string_view cookie_value) {
    auto s = m.Resolve(cookie_value);
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return s && s->has_value();
  }

  void Advance(milliseconds d) { clock_.AdvanceMillis(d.count()); }

  FakeClock clock_;
  std::unique_ptr<MemoryStore> store_;
  std::optional<seal::Keyset> keyset_;
  RevocationList revocations_;
};

INSTANTIATE_TEST_SUITE_P(Modes, ManagerTest, ::testing::Values(Mode::kId, Mode::kSealed),
                         [](const auto& test_case) {
                           return test_case.param == Mode::kId ? "Id" : "Sealed";
                         });

TEST_P(ManagerTest, LoginSetsAHardenedSessionCookie) {
  SessionManager m = Make();
  auto issued = m.Login("alice", {"user"});
  ASSERT_TRUE(issued) << issued.error().message;
  auto c = cookie::ParseSetCookie(issued->set_cookie);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "__Host-session");
  EXPECT_EQ(c->value, issued->cookie_value);
  EXPECT_TRUE(c->secure);
  EXPECT_TRUE(c->http_only);
  EXPECT_EQ(c->same_site, cookie::SameSite::kLax);
  EXPECT_EQ(c->path, "/");
  EXPECT_FALSE(c->domain);
  EXPECT_FALSE(c->max_age);
  EXPECT_TRUE(c->problems.empty());
  if (GetParam() == Mode::kId) {
    EXPECT_EQ(issued->cookie_value.size(), kSessionIdLength);
  }
  EXPECT_EQ(issued->session.user, "alice");
  EXPECT_EQ(issued->session.absolute_expiry, kStart + milliseconds(hours(8)).count());
}

TEST_P(ManagerTest, ResolveReturnsTheSession) {
  SessionManager m = Make();
  auto issued = *m.Login("alice", {"user", "admin"});
  auto s = m.Resolve(issued.cookie_value);
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->has_value());
  EXPECT_EQ((*s)->user, "alice");
  EXPECT_EQ((*s)->roles, (std::vector<std::string>{"user", "admin"}));
  EXPECT_EQ((*s)->created_at, kStart);
}

TEST_P(ManagerTest, GarbageAndUnknownValuesAreNoSession) {
  SessionManager m = Make();
  for (std::string_view v : {"", "x", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
                             "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8AAECAwQFBgcICQoLDA"}) {
    EXPECT_FALSE(Valid(m, v)) << v;
  }
}

TEST_P(ManagerTest, IdleTimeout) {
  SessionManager m = Make();
  std::string cookie = m.Login("alice", {})->cookie_value;
  Advance(minutes(29));
  ASSERT_TRUE(Use(m, cookie));
  Advance(minutes(29));
  ASSERT_TRUE(Use(m, cookie)) << "use renews the idle deadline";
  Advance(minutes(30) + seconds(1));
  EXPECT_FALSE(Valid(m, cookie));
}

TEST_P(ManagerTest, AbsoluteTimeoutEvenWhenActive) {
  SessionManager m = Make();
  std::string cookie = m.Login("alice", {})->cookie_value;
  for (int i = 0; i < 23; ++i) {  // every 20 minutes for 7 h 40 min
    Advance(minutes(20));
    ASSERT_TRUE(Use(m, cookie)) << i;
  }
  Advance(minutes(19));  // 7 h 59 min
  ASSERT_TRUE(Use(m, cookie));
  Advance(minutes(1));  // 8 h
  EXPECT_FALSE(Valid(m, cookie));
}

TEST_P(ManagerTest, ConfigurableTimeouts) {
  SessionManager m = Make({.idle_timeout = minutes(5), .absolute_timeout = minutes(12)});
  std::string cookie = m.Login("alice", {})->cookie_value;
  Advance(minutes(4));
  ASSERT_TRUE(Use(m, cookie));
  Advance(minutes(4));
  ASSERT_TRUE(Use(m, cookie));
  Advance(minutes(4));  // 12 minutes
  EXPECT_FALSE(Valid(m, cookie));
  std::string idle = m.Login("bob", {})->cookie_value;
  Advance(minutes(5));
  EXPECT_FALSE(Valid(m, idle));
}

TEST_P(ManagerTest, LoginRotatesAndEndsThePresentedSession) {
  SessionManager m = Make();
  std::string planted = m.Login("mallory", {})->cookie_value;
  auto issued = m.Login("alice", {"user"}, planted);
  ASSERT_TRUE(issued);
  EXPECT_NE(issued->cookie_value, planted);
  EXPECT_FALSE(Valid(m, planted)) << "the pre-login session must not survive (fixation)";
  EXPECT_TRUE(Valid(m, issued->cookie_value));
  // A second login with the same cookie also rotates.
  auto again = m.Login("alice", {"user"}, issued->cookie_value);
  ASSERT_TRUE(again);
  EXPECT_NE(again->cookie_value, issued->cookie_value);
  EXPECT_FALSE(Valid(m, issued->cookie_value));
  // A presented value that is not a session is simply ignored.
  EXPECT_TRUE(m.Login("alice", {}, "garbage"));
}

TEST_P(ManagerTest, ChangePrivilegeRotates) {
  SessionManager m = Make();
  auto issued = *m.Login("alice", {"user"});
  Advance(minutes(10));
  auto elevated = m.ChangePrivilege(issued.cookie_value, {"user", "admin"});
  ASSERT_TRUE(elevated);
  ASSERT_TRUE(elevated->has_value());
  EXPECT_NE((*elevated)->cookie_value, issued.cookie_value);
  EXPECT_FALSE(Valid(m, issued.cookie_value));
  auto s = *m.Resolve((*elevated)->cookie_value);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->roles, (std::vector<std::string>{"user", "admin"}));
  EXPECT_EQ(s->created_at, kStart) << "privilege change keeps the absolute deadline";
  EXPECT_EQ(s->absolute_expiry, issued.session.absolute_expiry);
  auto none = m.ChangePrivilege("garbage", {"admin"});
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
}

TEST_P(ManagerTest, LogoutEndsTheSessionAndSendsAMatchingDeletionCookie) {
  SessionManager m = Make();
  auto issued = *m.Login("alice", {});
  auto deletion = m.Logout(issued.cookie_value);
  ASSERT_TRUE(deletion);
  EXPECT_FALSE(Valid(m, issued.cookie_value));
  auto d = cookie::ParseSetCookie(*deletion);
  auto c = cookie::ParseSetCookie(issued.set_cookie);
  ASSERT_TRUE(d && c);
  EXPECT_EQ(d->name, c->name);
  EXPECT_EQ(d->value, "");
  EXPECT_EQ(d->path, c->path);
  EXPECT_FALSE(d->domain);
  EXPECT_EQ(d->secure, c->secure);
  EXPECT_EQ(d->http_only, c->http_only);
  EXPECT_EQ(d->same_site, c->same_site);
  EXPECT_EQ(d->max_age, 0);
  ASSERT_TRUE(d->expires);
  EXPECT_LT(*d->expires, kStart / 1000);
  EXPECT_EQ(*deletion, m.DeletionSetCookie());
  // Logging out with no or an invalid cookie still clears it.
  EXPECT_EQ(*m.Logout("garbage"), *deletion);
}

TEST_P(ManagerTest, LogoutEverywhere) {
  SessionManager m = Make();
  std::string a1 = m.Login("alice", {})->cookie_value;
  std::string a2 = m.Login("alice", {})->cookie_value;
  std::string b = m.Login("bob", {})->cookie_value;
  Advance(milliseconds(1));
  ASSERT_TRUE(m.LogoutEverywhere("alice"));
  EXPECT_FALSE(Valid(m, a1));
  EXPECT_FALSE(Valid(m, a2));
  EXPECT_TRUE(Valid(m, b));
  Advance(milliseconds(1));
  EXPECT_TRUE(Valid(m, m.Login("alice", {})->cookie_value)) << "a later login works";
}

TEST_P(ManagerTest, InsecureDemoCookieIsConfigurable) {
  SessionManager m = Make({.cookie = {.name = "session", .secure = false}});
  auto issued = m.Login("alice", {});
  ASSERT_TRUE(issued);
  auto c = cookie::ParseSetCookie(issued->set_cookie);
  EXPECT_EQ(c->name, "session");
  EXPECT_FALSE(c->secure);
  EXPECT_TRUE(Valid(m, issued->cookie_value));
}

TEST_P(ManagerTest, CreateRejectsUnusableOptions) {
  std::vector<ManagerOptions> bad = {
      {.cookie = {.secure = false}},     // __Host- without Secure
      {.cookie = {.path = "/app"}},      // __Host- with a Path other than /
      {.cookie = {.name = "bad name"}},  // not a token
      {.cookie = {.name = "s", .secure = false, .same_site = cookie::SameSite::kNone}},
      {.idle_timeout = milliseconds(0)},
      {.idle_timeout = hours(2), .absolute_timeout = hours(1)},
      {.last_seen_granularity = minutes(30)},
  };
  for (const auto& options : bad) {
    auto m = GetParam() == Mode::kId
                 ? SessionManager::CreateWithStore(options, *store_, clock_)
                 : SessionManager::CreateSealed(options, *keyset_, revocations_, clock_);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST_P(ManagerTest, EmptyUserIsRejected) {
  SessionManager m = Make();
  auto issued = m.Login("", {});
  ASSERT_FALSE(issued);
  EXPECT_EQ(issued.error().code, ErrorCode::kInvalidArgument);
}

// ---- Mode::kId only ----

TEST(IdManagerTest, StoreFailureIsAnErrorNeverASession) {
  FakeClock clock(kStart);
  DownStore down;
  auto m = *SessionManager::CreateWithStore({}, down, clock);
  auto login = m.Login("alice", {});
  ASSERT_FALSE(login);
  EXPECT_EQ(login.error().code, ErrorCode::kUnavailable);
  auto resolved = m.Resolve(std::string(SessionId::Generate()->text()));
  ASSERT_FALSE(resolved) << "fail closed: neither anonymous nor logged in";
  EXPECT_EQ(resolved.error().code, ErrorCode::kUnavailable);
  EXPECT_FALSE(m.Logout(std::string(SessionId::Generate()->text())));
  EXPECT_FALSE(m.LogoutEverywhere("alice"));
  // A value that cannot be an id never reaches the store.
  auto garbage = m.Resolve("garbage");
  ASSERT_TRUE(garbage);
  EXPECT_FALSE(garbage->has_value());
}

TEST(IdManagerTest, StoreKeepsOnlyTheHashAndTracksLastSeen) {
  FakeClock clock(kStart);
  auto store = *MemoryStore::Create(clock);
  auto m = *SessionManager::CreateWithStore({}, *store, clock);
  auto issued = *m.Login("alice", {});
  SessionKey key = SessionKey::ForId(*SessionId::Parse(issued.cookie_value));
  EXPECT_TRUE(store->Load(key)->has_value());
  clock.AdvanceMillis(milliseconds(seconds(30)).count());
  ASSERT_TRUE(*m.Resolve(issued.cookie_value));
  EXPECT_EQ((*store->Load(key))->last_seen, kStart) << "within the granularity: no rewrite";
  clock.AdvanceMillis(milliseconds(seconds(31)).count());
  ASSERT_TRUE(*m.Resolve(issued.cookie_value));
  EXPECT_EQ((*store->Load(key))->last_seen, kStart + 61'000);
}

// ---- Mode::kSealed only ----

class SealedManagerTest : public ::testing::Test {
 protected:
  SealedManagerTest() : clock_(kStart), revocations_(clock_) {}
  SessionManager Make(seal::Keyset keyset, ManagerOptions options = {}) {
    return *SessionManager::CreateSealed(options, std::move(keyset), revocations_, clock_);
  }
  static bool Valid(const SessionManager& m, std::string_view v) {
    auto s = m.Resolve(v);
    return s && s->has_value();
  }
  FakeClock clock_;
  RevocationList revocations_;
};

TEST_F(SealedManagerTest, TamperedTokenIsNoSession) {
  SessionManager m = Make(KeysetWithId(1));
  std::string token = m.Login("alice", {"user"})->cookie_value;
  ASSERT_TRUE(Valid(m, token));
  for (size_t i : {size_t{0}, size_t{5}, token.size() / 2, token.size() - 2}) {
    std::string t = token;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(Valid(m, t)) << i;
  }
  EXPECT_FALSE(Valid(m, token.substr(0, token.size() - 1)));
}

TEST_F(SealedManagerTest, ExpiredTokenIsNoSession) {
  SessionManager m = Make(KeysetWithId(1));
  std::string token = m.Login("alice", {})->cookie_value;
  clock_.AdvanceMillis(milliseconds(minutes(30)).count());
  EXPECT_FALSE(Valid(m, token));
}

TEST_F(SealedManagerTest, RevokedTokenAndItsRefreshedCopiesAreNoSession) {
  SessionManager m = Make(KeysetWithId(1));
  std::string original = m.Login("alice", {})->cookie_value;
  clock_.AdvanceMillis(milliseconds(minutes(2)).count());
  auto s = *m.Resolve(original);
  ASSERT_TRUE(s && s->set_cookie) << "older than the granularity: re-sealed";
  std::string refreshed = cookie::ParseSetCookie(*s->set_cookie)->value;
  EXPECT_NE(refreshed, original);
  ASSERT_TRUE(Valid(m, refreshed));
  ASSERT_TRUE(m.Logout(refreshed));
  EXPECT_FALSE(Valid(m, refreshed));
  EXPECT_FALSE(Valid(m, original)) << "copies share the token id";
}

TEST_F(SealedManagerTest, TokenSealedForAnotherCookieNameIsNoSession) {
  seal::Keyset keys = KeysetWithId(1);
  SessionManager m = Make(keys);
  SessionManager other = Make(keys, {.cookie = {.name = "__Host-other"}});
  SessionManager other_purpose = Make(keys, {.seal_purpose = "flash"});
  std::string token = m.Login("alice", {})->cookie_value;
  EXPECT_TRUE(Valid(m, token));
  EXPECT_FALSE(Valid(other, token));
  EXPECT_FALSE(Valid(other_purpose, token));
}

TEST_F(SealedManagerTest, KeyRotationOldKeyStillOpens) {
  seal::Keyset old_keys = KeysetWithId(1);
  seal::Keyset new_only = KeysetWithId(2);
  seal::Keyset rotated = *seal::Keyset::Create(new_only.primary(), {old_keys.primary()});
  SessionManager before = Make(old_keys);
  SessionManager after = Make(rotated);
  SessionManager dropped = Make(new_only);
  std::string old_token = before.Login("alice", {})->cookie_value;
  EXPECT_TRUE(Valid(after, old_token)) << "decrypt-only key opens old tokens";
  EXPECT_FALSE(Valid(dropped, old_token));
  std::string new_token = after.Login("bob", {})->cookie_value;
  EXPECT_TRUE(Valid(dropped, new_token)) << "the new primary seals";
  EXPECT_FALSE(Valid(before, new_token));
}

TEST_F(SealedManagerTest, OversizedSessionIsRefused) {
  SessionManager m = Make(KeysetWithId(1));
  std::vector<std::string> roles(400, "a-rather-long-role-name");
  auto issued = m.Login("alice", roles);
  ASSERT_FALSE(issued);
  EXPECT_EQ(issued.error().code, ErrorCode::kLimitExceeded);
}

TEST_F(SealedManagerTest, FullRevocationListFailsLogoutClosed) {
  RevocationList tiny(clock_, 1);
  auto m = *SessionManager::CreateSealed({}, KeysetWithId(1), tiny, clock_);
  ASSERT_TRUE(m.Logout(m.Login("a", {})->cookie_value));
  std::string second = m.Login("b", {})->cookie_value;
  auto logout = m.Logout(second);
  ASSERT_FALSE(logout);
  EXPECT_EQ(logout.error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace knox::session
