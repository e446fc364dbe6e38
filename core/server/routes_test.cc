// The routes as a pure function (no sockets): every route, bad bodies and content types, logout
// semantics in every mode (including --insecure-demo's deliberate replay flaw), and fail-closed
// behaviour with a session store that cannot answer.
#include "core/server/routes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/base/clock.h"
#include "core/cookie/set_cookie.h"
#include "core/seal/keyset.h"
#include "core/server/insecure_demo_scheme.h"
#include "core/server/managed_session_scheme.h"
#include "core/server/reference_server.h"
#include "core/session/memory_store.h"
#include "core/session/session_id.h"
#include "core/token/registry.h"

namespace knox::server {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kForm[] = "application/x-www-form-urlencoded";
constexpr char kAliceForm[] = "username=alice&password=wonderland";

Request Make(std::string method, std::string target, std::string cookie = "",
             std::optional<std::string> content_type = std::nullopt, std::string body = "") {
  Request r{std::move(method), std::move(target)};
  if (!cookie.empty()) r.headers.emplace_back("Cookie", std::move(cookie));
  if (content_type) r.headers.emplace_back("Content-Type", std::move(*content_type));
  r.body = std::move(body);
  return r;
}

// A minimal client-side jar: stores name=value from Set-Cookie, deletes on Max-Age <= 0.
class Jar {
 public:
  void Apply(const Response& response) {
    for (auto header : response.FindAll("Set-Cookie")) {
      auto parsed = cookie::ParseSetCookie(header);
      ASSERT_TRUE(parsed.has_value()) << header;
      if (parsed->max_age && *parsed->max_age <= 0) {
        cookies_.erase(parsed->name);
      } else {
        cookies_[parsed->name] = parsed->value;
      }
    }
  }
  std::string Header() const {
    std::string out;
    for (const auto& [name, value] : cookies_)
      out += (out.empty() ? "" : "; ") + name + "=" + value;
    return out;
  }
  bool empty() const { return cookies_.empty(); }

 private:
  std::map<std::string, std::string> cookies_;
};

UserStore MakeUsers() {
  auto users = UserStore::Create({.iterations = UserStoreOptions::kMinIterations});
  EXPECT_TRUE(users.has_value());
  EXPECT_TRUE(users->Add("alice", "wonderland").has_value());
  EXPECT_TRUE(users->Add("bob", "builder", {"user", "admin"}).has_value());
  return std::move(*users);
}

// One application in a given mode, with a frozen clock.
class App {
 public:
  explicit App(SessionMode mode) : users_(MakeUsers()) {
    switch (mode) {
      case SessionMode::kId: {
        store_ = std::move(*session::MemoryStore::Create(clock_));
        manager_.emplace(*session::SessionManager::CreateWithStore({}, *store_, clock_));
        scheme_ = std::make_unique<ManagedSessionScheme>(*manager_);
        break;
      }
      case SessionMode::kSealed: {
        manager_.emplace(*session::SessionManager::CreateSealed({}, *seal::Keyset::Generate(),
                                                                revocations_, clock_));
        scheme_ = std::make_unique<ManagedSessionScheme>(*manager_);
        break;
      }
      case SessionMode::kInsecureDemo:
        scheme_ = std::move(*InsecureDemoScheme::Create());
        break;
    }
    context_.emplace(AppContext{users_, *scheme_});
  }
  explicit App(session::SessionStore& store) : users_(MakeUsers()) {
    manager_.emplace(*session::SessionManager::CreateWithStore({}, store, clock_));
    scheme_ = std::make_unique<ManagedSessionScheme>(*manager_);
    context_.emplace(AppContext{users_, *scheme_});
  }

  Response Handle(const Request& r) { return HandleRequest(r, *context_); }
  Response Login(Jar& jar, std::string body = kAliceForm) {
    Response r = Handle(Make("POST", "/login", jar.Header(), kForm, std::move(body)));
    jar.Apply(r);
    return r;
  }
  FakeClock& clock() { return clock_; }

 private:
  FakeClock clock_ = FakeClock::AtSeconds(1'700'000'000);
  UserStore users_;
  session::RevocationList revocations_{clock_};
  std::unique_ptr<session::SessionStore> store_;
  std::optional<session::SessionManager> manager_;
  std::unique_ptr<SessionScheme> scheme_;
  std::optional<AppContext> context_;
};

nlohmann::json Body(const Response& r) { return nlohmann::json::parse(r.body); }

class SecureModes : public ::testing::TestWithParam<SessionMode> {};
INSTANTIATE_TEST_SUITE_P(Routes, SecureModes,
                         ::testing::Values(SessionMode::kId, SessionMode::kSealed),
                         [](const auto& param_info) {
                           return param_info.param == SessionMode::kId ? "Id" : "Sealed";
                         });

TEST_P(SecureModes, IndexNeedsNoSession) {
  App app(GetParam());
  Response r = app.Handle(Make("GET", "/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("knox reference server"));
  EXPECT_THAT(r.FindAll("Set-Cookie"), IsEmpty());
}

TEST_P(SecureModes, LoginSetsHostPrefixedSecureCookie) {
  App app(GetParam());
  Jar jar;
  Response r = app.Login(jar);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Body(r), nlohmann::json::parse(R"({"user":"alice","roles":["user"]})"));
  EXPECT_EQ(r.Find("Cache-Control"), "no-store");
  EXPECT_EQ(r.Find("Content-Type"), "application/json");
  ASSERT_THAT(r.FindAll("Set-Cookie"), SizeIs(1));
  auto cookie = cookie::ParseSetCookie(*r.Find("Set-Cookie"));
  ASSERT_TRUE(cookie.has_value());
  EXPECT_EQ(cookie->name, "__Host-session");
  EXPECT_TRUE(cookie->secure);
  EXPECT_TRUE(cookie->http_only);
  EXPECT_EQ(cookie->same_site, cookie::SameSite::kLax);
  EXPECT_EQ(cookie->path, "/");
  EXPECT_FALSE(cookie->domain.has_value());
  EXPECT_THAT(cookie->problems, IsEmpty());
}

TEST_P(SecureModes, LoginAcceptsJsonAndMediaTypeParameters) {
  App app(GetParam());
  Response r = app.Handle(Make("POST", "/login", "", "Application/JSON; charset=utf-8",
                               R"({"username":"bob","password":"builder"})"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["roles"], nlohmann::json::parse(R"(["user","admin"])"));
}

TEST_P(SecureModes, BadCredentialsAre401WithoutCookie) {
  App app(GetParam());
  for (const char* body : {"username=alice&password=wrong", "username=mallory&password=wonderland",
                           "username=alice&password=", "username=alice&password=wonderlan"}) {
    Response r = app.Handle(Make("POST", "/login", "", kForm, body));
    EXPECT_EQ(r.status, 401) << body;
    EXPECT_THAT(r.FindAll("Set-Cookie"), IsEmpty()) << body;
    EXPECT_THAT(r.body, ::testing::Not(HasSubstr("wonderland"))) << body;
  }
}

TEST_P(SecureModes, MalformedBodiesAre400) {
  App app(GetParam());
  const std::pair<const char*, std::string> cases[] = {
      {kForm, "username=alice&password=%zz"},
      {kForm, "username=alice"},
      {kForm, "username=alice&password=wonderland&password=x"},
      {kForm, ""},
      {"application/json", "not json"},
      {"application/json", R"(["alice","wonderland"])"},
      {"application/json", R"({"username":"alice","password":1})"},
      {"application/json", R"({"username":"alice"})"},
      {"application/json", std::string(1000, '[') + std::string(1000, ']')},
  };
  for (const auto& [type, body] : cases) {
    Response r = app.Handle(Make("POST", "/login", "", type, body));
    EXPECT_EQ(r.status, 400) << body.substr(0, 40);
  }
}

TEST_P(SecureModes, OtherContentTypesAre415) {
  App app(GetParam());
  for (std::optional<std::string> type :
       {std::optional<std::string>("text/plain"), std::optional<std::string>("multipart/form-data"),
        std::optional<std::string>(), std::optional<std::string>("application/jsonx")}) {
    Response r = app.Handle(Make("POST", "/login", "", type, kAliceForm));
    EXPECT_EQ(r.status, 415) << type.value_or("(none)");
  }
}

TEST_P(SecureModes, MeResolvesTheSessionOnly) {
  App app(GetParam());
  EXPECT_EQ(app.Handle(Make("GET", "/me")).status, 401);
  EXPECT_EQ(app.Handle(Make("GET", "/me", "__Host-session=forged")).status, 401);
  Jar jar;
  ASSERT_EQ(app.Login(jar).status, 200);
  Response me = app.Handle(Make("GET", "/me?x=1", jar.Header()));
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(Body(me), nlohmann::json::parse(R"({"user":"alice","roles":["user"]})"));
  EXPECT_EQ(me.Find("Cache-Control"), "no-store");
}

TEST_P(SecureModes, LogoutEndsTheSessionAndReplayIsRefused) {
  App app(GetParam());
  Jar jar;
  ASSERT_EQ(app.Login(jar).status, 200);
  const std::string before_logout = jar.Header();
  Response out = app.Handle(Make("POST", "/logout", jar.Header()));
  jar.Apply(out);
  ASSERT_EQ(out.status, 200);
  auto deletion = cookie::ParseSetCookie(*out.Find("Set-Cookie"));
  ASSERT_TRUE(deletion.has_value());
  EXPECT_EQ(deletion->name, "__Host-session");
  EXPECT_EQ(deletion->max_age, 0);
  EXPECT_TRUE(jar.empty());
  EXPECT_EQ(app.Handle(Make("GET", "/me", jar.Header())).status, 401);
  // An attacker who copied the cookie before logout gets nothing.
  EXPECT_EQ(app.Handle(Make("GET", "/me", before_logout)).status, 401);
}

TEST_P(SecureModes, LogoutWithoutSessionIs200WithDeletionCookie) {
  App app(GetParam());
  for (const char* cookie : {"", "__Host-session=garbage"}) {
    Response r = app.Handle(Make("POST", "/logout", cookie));
    EXPECT_EQ(r.status, 200) << cookie;
    EXPECT_THAT(r.FindAll("Set-Cookie"), SizeIs(1)) << cookie;
  }
}

TEST_P(SecureModes, LoginRotatesThePresentedSession) {
  App app(GetParam());
  Jar jar;
  ASSERT_EQ(app.Login(jar).status, 200);
  const std::string first = jar.Header();
  ASSERT_EQ(app.Login(jar).status, 200);
  EXPECT_NE(jar.Header(), first);
  EXPECT_EQ(app.Handle(Make("GET", "/me", jar.Header())).status, 200);
  EXPECT_EQ(app.Handle(Make("GET", "/me", first)).status, 401);
}

TEST_P(SecureModes, IdleTimeoutEndsTheSession) {
  App app(GetParam());
  Jar jar;
  ASSERT_EQ(app.Login(jar).status, 200);
  app.clock().AdvanceMillis(31 * 60 * 1000);  // default idle timeout: 30 minutes
  EXPECT_EQ(app.Handle(Make("GET", "/me", jar.Header())).status, 401);
}

TEST_P(SecureModes, UnknownPathsAre404AndWrongMethods405) {
  App app(GetParam());
  EXPECT_EQ(app.Handle(Make("GET", "/admin")).status, 404);
  EXPECT_EQ(app.Handle(Make("GET", "/me/")).status, 404);
  const std::tuple<const char*, const char*, const char*> cases[] = {
      {"POST", "/", "GET, HEAD"}, {"GET", "/login", "POST"},   {"DELETE", "/me", "GET, HEAD"},
      {"GET", "/logout", "POST"}, {"get", "/me", "GET, HEAD"}, {"HEAD", "/login", "POST"},
  };
  for (const auto& [method, path, allow] : cases) {
    Response r = app.Handle(Make(method, path));
    EXPECT_EQ(r.status, 405) << method << " " << path;
    EXPECT_EQ(r.Find("Allow"), allow) << method << " " << path;
  }
}

TEST_P(SecureModes, HeadIsAnsweredAsGet) {
  App app(GetParam());
  Jar jar;
  ASSERT_EQ(app.Login(jar).status, 200);
  Response get = app.Handle(Make("GET", "/me", jar.Header()));
  Response head = app.Handle(Make("HEAD", "/me", jar.Header()));
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, get.body);  // the server drops the body; the headers stay the GET's
  EXPECT_EQ(app.Handle(Make("HEAD", "/me")).status, 401);
  EXPECT_EQ(app.Handle(Make("HEAD", "/")).status, 200);
}

Request WithHeaders(Request r, std::initializer_list<std::pair<std::string, std::string>> extra) {
  for (const auto& [name, value] : extra) r.headers.emplace_back(name, value);
  return r;
}

TEST_P(SecureModes, CrossSiteUnsafeRequestsAre403) {
  App app(GetParam());
  const Request login = Make("POST", "/login", "", kForm, kAliceForm);
  const std::initializer_list<std::pair<std::string, std::string>> refused[] = {
      {{"Sec-Fetch-Site", "cross-site"}},
      {{"Sec-Fetch-Site", "same-site"}, {"Origin", "https://app.example"}, {"Host", "app.example"}},
      {{"Origin", "https://evil.example"}, {"Host", "app.example"}},
      {{"Origin", "https://app.example:8443"}, {"Host", "app.example"}},
      {{"Origin", "null"}, {"Host", "app.example"}},
      {{"Origin", "https://app.example"}},  // no Host to compare with
  };
  for (const auto& headers : refused) {
    Response r = app.Handle(WithHeaders(login, headers));
    EXPECT_EQ(r.status, 403) << headers.begin()->first << ": " << headers.begin()->second;
    EXPECT_THAT(r.body, HasSubstr("cross-site request refused"));
    EXPECT_THAT(r.FindAll("Set-Cookie"), IsEmpty());
  }
  const std::initializer_list<std::pair<std::string, std::string>> allowed[] = {
      {},  // curl and other non-browser clients send neither header
      {{"Sec-Fetch-Site", "same-origin"}, {"Origin", "https://evil.example"}},
      {{"Sec-Fetch-Site", "none"}},
      {{"Origin", "https://App.Example:8443"}, {"Host", "app.example:8443"}},
      {{"Origin", "http://127.0.0.1:8080"}, {"Host", "127.0.0.1:8080"}},
  };
  for (const auto& headers : allowed) {
    Jar jar;
    Response r = app.Handle(WithHeaders(login, headers));
    EXPECT_EQ(r.status, 200) << (headers.size() ? headers.begin()->second : "(no headers)");
  }
  // Logout is state-changing too; GET /me is not checked (a cross-site GET changes nothing).
  Jar jar;
  ASSERT_EQ(app.Login(jar).status, 200);
  Response out = app.Handle(
      WithHeaders(Make("POST", "/logout", jar.Header()), {{"Sec-Fetch-Site", "cross-site"}}));
  EXPECT_EQ(out.status, 403);
  EXPECT_EQ(
      app.Handle(WithHeaders(Make("GET", "/me", jar.Header()), {{"Sec-Fetch-Site", "cross-site"}}))
          .status,
      200);
}

// --insecure-demo: each deliberate mistake is observable.
TEST(InsecureDemo, CookieIsPlainReadableAndSignedWithKnownSecret) {
  App app(SessionMode::kInsecureDemo);
  Jar jar;
  Response r = app.Login(jar);
  ASSERT_EQ(r.status, 200);
  auto cookie = cookie::ParseSetCookie(*r.Find("Set-Cookie"));
  ASSERT_TRUE(cookie.has_value());
  EXPECT_EQ(cookie->name, "session");  // no __Host- prefix
  EXPECT_FALSE(cookie->secure);
  EXPECT_FALSE(cookie->http_only);
  auto decoded = token::DetectAndDecode(cookie->value);  // readable without any key
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->format, "starlette");
  EXPECT_THAT(decoded->payload, HasSubstr("\"alice\""));
  EXPECT_THAT(decoded->payload, HasSubstr("\"roles\""));
}

TEST(InsecureDemo, ForgedAdminTokenWithKnownSecretIsAccepted) {
  App app(SessionMode::kInsecureDemo);
  token::Options options;
  options.secrets.emplace_back("changeme");
  auto signer = (*token::FindCodec("starlette"))->NewSigner(options);
  ASSERT_TRUE(signer.has_value());
  auto forged = (*signer)->Sign(R"({"user":"mallory","roles":["admin"]})");
  ASSERT_TRUE(forged.has_value());
  Response me = app.Handle(Make("GET", "/me", "session=" + forged->token));
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(Body(me)["roles"], nlohmann::json::parse(R"(["admin"])"));
}

TEST(InsecureDemo, LogoutOnlyDeletesTheCookieSoReplayStillWorks) {
  App app(SessionMode::kInsecureDemo);
  Jar jar;
  ASSERT_EQ(app.Login(jar).status, 200);
  const std::string before_logout = jar.Header();
  Response out = app.Handle(Make("POST", "/logout", jar.Header()));
  jar.Apply(out);
  ASSERT_EQ(out.status, 200);
  EXPECT_TRUE(jar.empty());
  EXPECT_EQ(app.Handle(Make("GET", "/me", jar.Header())).status, 401);
  EXPECT_EQ(app.Handle(Make("GET", "/me", before_logout)).status, 200);  // the deliberate flaw
  app.clock().AdvanceMillis(365LL * 24 * 3600 * 1000);                   // and no expiry
  EXPECT_EQ(app.Handle(Make("GET", "/me", before_logout)).status, 200);
}

TEST(InsecureDemo, TamperedTokenIsRefused) {
  App app(SessionMode::kInsecureDemo);
  Jar jar;
  ASSERT_EQ(app.Login(jar).status, 200);
  std::string header = jar.Header();
  header[header.size() - 2] = header[header.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(app.Handle(Make("GET", "/me", header)).status, 401);
}

// A store that is down: every call fails as an unreachable Redis would.
class UnavailableStore final : public session::SessionStore {
 public:
  Result<std::optional<session::SessionRecord>> Load(const session::SessionKey&) override {
    return Down();
  }
  Result<void> Save(const session::SessionKey&, const session::SessionRecord&,
                    std::chrono::milliseconds) override {
    return Down();
  }
  Result<bool> Replace(const session::SessionKey&, const session::SessionRecord&,
                       std::chrono::milliseconds) override {
    return Down();
  }
  Result<bool> Touch(const session::SessionKey&, std::chrono::milliseconds) override {
    return Down();
  }
  Result<void> Destroy(const session::SessionKey&) override { return Down(); }
  Result<size_t> DestroyAllForUser(std::string_view) override { return Down(); }
  Result<std::optional<session::SessionRecord>> LoadAndTouch(const session::SessionKey&,
                                                             std::chrono::milliseconds) override {
    return Down();
  }

 private:
  static std::unexpected<Error> Down() { return Fail(ErrorCode::kUnavailable, "store down"); }
};

TEST(StoreUnavailable, EverySessionRouteFailsClosedWith503) {
  UnavailableStore store;
  App app(store);
  const std::string cookie =
      "__Host-session=" + std::string(session::SessionId::Generate()->text());
  const Request requests[] = {
      Make("POST", "/login", "", kForm, kAliceForm),
      Make("GET", "/me", cookie),
      Make("POST", "/logout", cookie),
  };
  for (const Request& request : requests) {
    Response r = app.Handle(request);
    EXPECT_EQ(r.status, 503) << request.method << " " << request.target;
    EXPECT_THAT(r.FindAll("Set-Cookie"), IsEmpty()) << request.target;
    EXPECT_EQ(r.Find("Cache-Control"), "no-store");
  }
  // Routes that need no session still work, and bad credentials are still 401.
  EXPECT_EQ(app.Handle(Make("GET", "/")).status, 200);
  EXPECT_EQ(app.Handle(Make("POST", "/login", "", kForm, "username=alice&password=x")).status, 401);
}

TEST(CookieHeader, JoinsEveryCookieField) {
  Request r{"GET", "/"};
  r.headers = {{"cookie", "a=1"}, {"X", "y"}, {"COOKIE", "b=2"}};
  EXPECT_EQ(CookieHeader(r), "a=1; b=2");
  std::string joined;
  EXPECT_EQ(CookieHeaderView(r, joined), "a=1; b=2");
  r.headers = {{"cookie", ""}, {"Cookie", "b=2"}, {"Cookie", "c=3"}};
  EXPECT_EQ(CookieHeader(r), "b=2; c=3");  // an empty field adds no separator
  EXPECT_EQ(CookieHeaderView(r, joined), "b=2; c=3");
}

TEST(CookieHeader, OneFieldIsViewedNotCopied) {
  Request r{"GET", "/"};
  r.headers = {{"X", "y"}, {"Cookie", "a=1; b=2"}};
  std::string joined;
  std::string_view view = CookieHeaderView(r, joined);
  EXPECT_EQ(view, "a=1; b=2");
  EXPECT_EQ(view.data(), r.headers[1].second.data());
  r.headers.clear();
  EXPECT_EQ(CookieHeaderView(r, joined), "");
}

}  // namespace
}  // namespace knox::server
