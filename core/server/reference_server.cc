#include "core/server/reference_server.h"

#include <optional>

#include "core/server/insecure_demo_scheme.h"
#include "core/server/managed_session_scheme.h"
#include "core/server/routes.h"
#include "core/session/memory_store.h"
#include "core/session/redis_store.h"

namespace knox::server {

struct ReferenceServer::State {
  ReferenceOptions options;
  std::optional<UserStore> users;
  std::unique_ptr<session::SessionStore> store;  // id mode; sealed mode on Redis: the RedisStore
  std::unique_ptr<session::RevocationList> memory_revocations;  // sealed mode in memory
  session::RevocationStore* revocations = nullptr;              // sealed mode: one of the two
  std::optional<session::SessionManager> manager;
  std::unique_ptr<SessionScheme> scheme;
  std::optional<AppContext> app;
  std::unique_ptr<HttpServer> http;  // last: destroyed (stopped) first

  Result<void> MakeUsers();
  Result<std::string> MakeStore();
  Result<void> MakeScheme();
};

namespace {

Result<seal::Keyset> SealedKeyset(const std::vector<std::string>& keys) {
  if (keys.empty()) return seal::Keyset::Generate();
  std::vector<std::string_view> views(keys.begin(), keys.end());
  return seal::Keyset::FromText(views);
}

}  // namespace

std::string_view SessionModeName(SessionMode mode) {
  switch (mode) {
    case SessionMode::kId:
      return "id";
    case SessionMode::kSealed:
      return "sealed";
    case SessionMode::kInsecureDemo:
      return "insecure-demo";
  }
  return "id";
}

Result<void> ReferenceServer::State::MakeUsers() {
  auto created = UserStore::Create({.iterations = options.pbkdf2_iterations});
  if (!created) return std::unexpected(created.error());
  users.emplace(std::move(*created));
  if (options.users.empty()) return users->Add(kDemoUser, kDemoPassword);
  for (const auto& [name, password] : options.users) {
    if (auto added = users->Add(name, password); !added) return added;
  }
  return {};
}

// The session store of id mode, or the revocation store of sealed mode (a Redis one is shared by
// every server on that Redis); returns the store's name for the start-up line.
Result<std::string> ReferenceServer::State::MakeStore() {
  if (options.store == "memory") {
    if (options.mode == SessionMode::kSealed) {
      memory_revocations = std::make_unique<session::RevocationList>();
      revocations = memory_revocations.get();
      return std::string("memory");
    }
    auto memory = session::MemoryStore::Create();
    if (!memory) return std::unexpected(memory.error());
    store = std::move(*memory);
    return std::string("memory");
  }
  session::RedisOptions redis_options;
  if (options.store.starts_with("redis-cluster://")) {
    auto seeds = session::ParseRedisClusterUrl(options.store);
    if (!seeds) return std::unexpected(seeds.error());
    redis_options.cluster_seeds = std::move(*seeds);
  } else {
    auto endpoint = session::ParseRedisUrl(options.store);
    if (!endpoint) return std::unexpected(endpoint.error());
    redis_options.endpoint = *endpoint;
  }
  auto redis = session::RedisStore::Create(std::move(redis_options));
  if (!redis) return std::unexpected(redis.error());
  if (auto ping = (*redis)->Ping(); !ping) {
    return Fail(ErrorCode::kUnavailable, "redis at " + options.store + ": " + ping.error().message);
  }
  revocations = redis->get();
  store = std::move(*redis);
  return options.store;
}

Result<void> ReferenceServer::State::MakeScheme() {
  if (options.mode == SessionMode::kInsecureDemo) {
    auto demo = InsecureDemoScheme::Create();
    if (!demo) return std::unexpected(demo.error());
    scheme = std::move(*demo);
    return {};
  }
  Result<session::SessionManager> made = Fail(ErrorCode::kInternal, "no session mode");
  if (options.mode == SessionMode::kId) {
    made = session::SessionManager::CreateWithStore(options.manager, *store);
  } else {
    auto keyset = SealedKeyset(options.sealed_keys);
    if (!keyset) return std::unexpected(keyset.error());
    made = session::SessionManager::CreateSealed(options.manager, std::move(*keyset), *revocations);
  }
  if (!made) return std::unexpected(made.error());
  manager.emplace(std::move(*made));
  scheme = std::make_unique<ManagedSessionScheme>(*manager);
  return {};
}

Result<std::unique_ptr<ReferenceServer>> ReferenceServer::Start(ReferenceOptions options) {
  if (options.mode == SessionMode::kInsecureDemo && options.store != "memory") {
    return Fail(
        ErrorCode::kInvalidArgument,
        "a session store is not used in insecure-demo mode (it keeps no server-side state)");
  }
  if (options.mode != SessionMode::kSealed && !options.sealed_keys.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "sealed keys are used only in sealed mode");
  }
  auto state = std::make_unique<State>();
  state->options = std::move(options);
  std::string store_name = "none";
  if (auto ok = state->MakeUsers(); !ok) return std::unexpected(ok.error());
  if (state->options.mode != SessionMode::kInsecureDemo) {
    auto made = state->MakeStore();
    if (!made) return std::unexpected(made.error());
    store_name = std::move(*made);
  }
  if (auto ok = state->MakeScheme(); !ok) return std::unexpected(ok.error());
  state->app.emplace(AppContext{*state->users, *state->scheme});
  AppContext* app = &*state->app;
  // Password hashing (PBKDF2, 600000 iterations by default) runs on the worker pool, never on an
  // I/O thread; a saturated pool answers 503 with Retry-After.
  if (!state->options.server.offload) {
    state->options.server.offload = [](const Request& request) {
      return request.method == "POST" && request.Path() == "/login";
    };
  }
  auto http = HttpServer::Start(state->options.server, [app](const Request& request) {
    return HandleRequest(request, *app);
  });
  if (!http) return std::unexpected(http.error());
  state->http = std::move(*http);
  auto server = std::unique_ptr<ReferenceServer>(new ReferenceServer(std::move(state)));
  server->store_name_ = std::move(store_name);
  return server;
}

ReferenceServer::ReferenceServer(std::unique_ptr<State> state) : state_(std::move(state)) {}
ReferenceServer::~ReferenceServer() { Stop(); }

uint16_t ReferenceServer::port() const { return state_->http->port(); }
bool ReferenceServer::tls() const { return state_->http->tls(); }
std::string_view ReferenceServer::mode() const { return SessionModeName(state_->options.mode); }
void ReferenceServer::Stop() { state_->http->Stop(); }

}  // namespace knox::server
