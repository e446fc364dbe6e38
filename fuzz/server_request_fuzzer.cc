// The reference server's request handling without sockets: the fuzz bytes are read as a connection
// reads them (server::ParseRequest: Beast's parser with the server's limits, pipelined requests
// one after another while keep-alive holds) and each request goes through the routes
// (server::HandleRequest) of one application per input, in the mode the first byte selects (id,
// sealed, insecure-demo; the next bits advance a fake clock between requests). The literal "@S@"
// in a request is replaced by the cookies the application has set so far ("name=value; ..."), so
// that sessions can be resolved, mutated and ended.
// Properties:
//   - A request that cannot be read is answered 400, 413 or 431 (or not at all when incomplete);
//     a read request respects the body limit.
//   - Every response has a status of the routes' contract (never 500 or 503 with a memory store),
//     header names that are tokens and values without CR, LF or NUL (no response splitting), a
//     body from a fixed vocabulary (nothing of the request is echoed), Allow on 405, and
//     Set-Cookie values a browser parses.
//   - POST /login answers 200 exactly for a known user's password; GET /me answers 200 only for a
//     request that carries a cookie value this application issued (id and sealed modes: a value
//     cannot be guessed or altered into a valid one).
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/http_token.h"
#include "core/cookie/set_cookie.h"
#include "core/seal/keyset.h"
#include "core/server/http_server.h"
#include "core/server/insecure_demo_scheme.h"
#include "core/server/login_body.h"
#include "core/server/managed_session_scheme.h"
#include "core/server/routes.h"
#include "core/session/memory_store.h"
#include "core/session/revocation_list.h"
#include "core/session/session_manager.h"

namespace {

using knox::server::Request;
using knox::server::Response;

constexpr knox::server::ServerLimits kLimits{.max_header_bytes = 4096, .max_body_bytes = 4096};
constexpr size_t kMaxRequests = 16;
constexpr std::string_view kCookiesMarker = "@S@";

struct Account {
  std::string_view name;
  std::string_view password;
  std::vector<std::string> roles;
};

const std::vector<Account>& Accounts() {
  static const std::vector<Account> accounts = {{"alice", "wonderland", {"user"}},
                                                {"bob", "builder", {"user", "admin"}}};
  return accounts;
}

// Read-only after start-up (PBKDF2 at the minimum iteration count), shared by every input.
const knox::server::UserStore& Users() {
  static const knox::server::UserStore users = [] {
    auto store = knox::server::UserStore::Create(
        {.iterations = knox::server::UserStoreOptions::kMinIterations});
    if (!store) std::abort();
    for (const Account& a : Accounts()) {
      if (!store->Add(a.name, a.password, a.roles)) std::abort();
    }
    return std::move(*store);
  }();
  return users;
}

// One application, fresh for each input.
class App {
 public:
  explicit App(int mode) : mode_(mode) {
    if (mode == 0) {
      store_ = std::move(*knox::session::MemoryStore::Create(clock_));
      manager_.emplace(*knox::session::SessionManager::CreateWithStore({}, *store_, clock_));
      scheme_ = std::make_unique<knox::server::ManagedSessionScheme>(*manager_);
    } else if (mode == 1) {
      manager_.emplace(*knox::session::SessionManager::CreateSealed(
          {}, *knox::seal::Keyset::Generate(), revocations_, clock_));
      scheme_ = std::make_unique<knox::server::ManagedSessionScheme>(*manager_);
    } else {
      scheme_ = std::move(*knox::server::InsecureDemoScheme::Create());
    }
    context_.emplace(knox::server::AppContext{Users(), *scheme_});
  }
  Response Handle(const Request& r) { return knox::server::HandleRequest(r, *context_); }
  knox::FakeClock& clock() { return clock_; }
  bool forgeable() const { return mode_ == 2; }  // insecure-demo: a known secret, on purpose

 private:
  int mode_;
  knox::FakeClock clock_ = knox::FakeClock::AtSeconds(1'700'000'000);
  knox::session::RevocationList revocations_{clock_};
  std::unique_ptr<knox::session::SessionStore> store_;
  std::optional<knox::session::SessionManager> manager_;
  std::unique_ptr<knox::server::SessionScheme> scheme_;
  std::optional<knox::server::AppContext> context_;
};

// What a simple client keeps of the Set-Cookie values, and every value the application issued.
struct Client {
  std::map<std::string, std::string> jar;
  std::set<std::string> issued;

  std::string CookieHeader() const {
    std::string out;
    for (const auto& [name, value] : jar) out += (out.empty() ? "" : "; ") + name + "=" + value;
    return out;
  }
  void Apply(const knox::cookie::SetCookie& c) {
    if (c.max_age && *c.max_age <= 0) {
      jar.erase(c.name);
      return;
    }
    jar[c.name] = c.value;
    if (!c.value.empty()) issued.insert(c.value);
  }
  bool CarriesIssued(const Request& r) const {
    std::string header = knox::server::CookieHeader(r);
    for (const auto& v : issued) {
      if (header.find(v) != std::string::npos) return true;
    }
    return false;
  }
};

std::string Substitute(std::string_view in, const std::string& cookies) {
  std::string out;
  for (size_t at; (at = in.find(kCookiesMarker)) != std::string_view::npos;) {
    out.append(in.substr(0, at)).append(cookies);
    in.remove_prefix(at + kCookiesMarker.size());
  }
  return out.append(in);
}

bool IsErrorMessage(std::string_view m) {
  for (std::string_view known :
       {"use application/x-www-form-urlencoded or application/json", "malformed login body",
        "invalid credentials", "not logged in", "method not allowed", "not found"}) {
    if (m == known) return true;
  }
  return false;
}

const Account* AccountOf(const nlohmann::json& body) {
  for (const Account& a : Accounts()) {
    if (body == nlohmann::json{{"user", a.name}, {"roles", a.roles}}) return &a;
  }
  return nullptr;
}

// Who the request's credentials belong to, when they are right.
const Account* Authenticates(const Request& r) {
  auto credentials = knox::server::ParseLoginBody(r.Find("Content-Type"), r.body);
  if (!credentials) return nullptr;
  for (const Account& a : Accounts()) {
    if (credentials->username == a.name && credentials->password.reveal() == a.password) return &a;
  }
  return nullptr;
}

void CheckResponse(const Request& request, const Response& r, App& app, Client& client) {
  static const std::set<int> kStatuses = {200, 400, 401, 404, 405, 415};
  if (!kStatuses.contains(r.status)) std::abort();
  for (const auto& [name, value] : r.headers) {
    if (!knox::IsHttpToken(name)) std::abort();
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) std::abort();
  }
  if (r.status == 405 && !r.Find("Allow")) std::abort();

  auto type = r.Find("Content-Type");
  if (!type) std::abort();
  const Account* principal = nullptr;
  if (*type == "application/json") {
    if (r.Find("Cache-Control") != "no-store") std::abort();
    auto body = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (!body.is_object()) std::abort();
    if (auto error = body.find("error"); error != body.end()) {
      if (r.status == 200 || body.size() != 1 || !error->is_string() ||
          !IsErrorMessage(error->get<std::string>())) {
        std::abort();
      }
    } else if (r.status != 200) {
      std::abort();
    } else if (body != nlohmann::json{{"logged_out", true}}) {
      principal = AccountOf(body);
      if (principal == nullptr) std::abort();
    }
  } else if (*type != "text/plain; charset=utf-8" || r.status != 200 || request.Path() != "/") {
    std::abort();
  }

  std::string_view path = request.Path();
  if (path == "/login" && request.method == "POST") {
    const Account* who = Authenticates(request);
    if ((r.status == 200) != (who != nullptr) || principal != who) std::abort();
  }
  if (path == "/me" && request.method == "GET" && r.status == 200 && !app.forgeable() &&
      !client.CarriesIssued(request)) {
    std::abort();
  }

  for (auto line : r.FindAll("Set-Cookie")) {
    auto parsed = knox::cookie::ParseSetCookie(line);
    if (!parsed || parsed->name.empty()) std::abort();
    client.Apply(*parsed);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr int64_t kStepMillis[] = {0, 60'000, 3'600'000, 2 * 86'400'000};
  App app(data[0] % 3);
  int64_t step = kStepMillis[(data[0] >> 2) % 4];
  Client client;
  std::string_view wire(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (size_t n = 0; n < kMaxRequests && !wire.empty(); ++n) {
    auto read = knox::server::ParseRequest(wire, kLimits);
    if (read.consumed > wire.size()) std::abort();
    if (!read.request) {
      if (read.reject_status != 0 && read.reject_status != 400 && read.reject_status != 413 &&
          read.reject_status != 431) {
        std::abort();
      }
      break;
    }
    if (read.request->body.size() > kLimits.max_body_bytes) std::abort();
    std::string_view raw = wire.substr(0, read.consumed);
    std::optional<Request> request = std::move(read.request);
    if (raw.find(kCookiesMarker) != std::string_view::npos) {
      auto substituted = knox::server::ParseRequest(Substitute(raw, client.CookieHeader()),
                                                    {.max_header_bytes = 1 << 16});
      request = std::move(substituted.request);
      if (!request) break;
    }
    CheckResponse(*request, app.Handle(*request), app, client);
    if (!read.keep_alive) break;
    wire.remove_prefix(read.consumed);
    app.clock().AdvanceMillis(step);
  }
  return 0;
}
