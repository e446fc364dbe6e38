// core/server's per-request work without sockets: ParseRequest (the connection's parser and
// limits) on the request wrk sends in bench/serve_compare, and HandleRequest answering GET /me for
// a logged-in id-mode session over the memory store — the user-space part of the GET /me race
// against nginx. The socket part (Asio, the kernel's TCP loopback) is measured by serve_compare
// and by `perf stat -e instructions:u` / callgrind on a running `knox serve` (docs/serve.md).
// Build with the release preset.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "core/server/http_server.h"
#include "core/server/managed_session_scheme.h"
#include "core/server/routes.h"
#include "core/server/user_store.h"
#include "core/session/memory_store.h"
#include "core/session/session_manager.h"

namespace {

using knox::server::AppContext;
using knox::server::Request;
using knox::server::Response;

// The reference app in id mode with the memory store, and a session cookie of alice's.
struct App {
  App() {
    auto created = knox::server::UserStore::Create(
        {.iterations = knox::server::UserStoreOptions::kMinIterations});
    if (!created || !created->Add("alice", "wonderland")) std::abort();
    users = std::make_unique<knox::server::UserStore>(std::move(*created));
    store = std::move(*knox::session::MemoryStore::Create());
    manager = std::make_unique<knox::session::SessionManager>(
        *knox::session::SessionManager::CreateWithStore({}, *store));
    scheme = std::make_unique<knox::server::ManagedSessionScheme>(*manager);
    app = std::make_unique<AppContext>(AppContext{*users, *scheme});
    Request login{"POST", "/login"};
    login.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    login.body = "username=alice&password=wonderland";
    Response r = knox::server::HandleRequest(login, *app);
    auto set_cookie = r.Find("Set-Cookie");
    if (r.status != 200 || !set_cookie) std::abort();
    cookie = std::string(set_cookie->substr(0, set_cookie->find(';')));
  }
  std::unique_ptr<knox::server::UserStore> users;
  std::unique_ptr<knox::session::MemoryStore> store;
  std::unique_ptr<knox::session::SessionManager> manager;
  std::unique_ptr<knox::server::ManagedSessionScheme> scheme;
  std::unique_ptr<AppContext> app;
  std::string cookie;
};

std::string MeWire(const std::string& cookie) {
  return "GET /me HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nCookie: " + cookie + "\r\n\r\n";
}

void BM_ParseRequestMe(benchmark::State& state) {
  const std::string wire = MeWire("__Host-session=" + std::string(43, 'A'));
  const knox::server::ServerLimits limits;
  for (auto _ : state) {
    auto parsed = knox::server::ParseRequest(wire, limits);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_ParseRequestMe);

void BM_HandleMe(benchmark::State& state) {
  App app;
  Request me{"GET", "/me"};
  me.headers = {{"Host", "127.0.0.1:8080"}, {"Cookie", app.cookie}};
  for (auto _ : state) {
    Response r = knox::server::HandleRequest(me, *app.app);
    if (r.status != 200) state.SkipWithError("GET /me did not answer 200");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_HandleMe);

}  // namespace
