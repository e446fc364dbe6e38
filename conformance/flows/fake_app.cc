#include "conformance/flows/fake_app.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/base/hex.h"
#include "core/cookie/cookie_date.h"
#include "core/cookie/url.h"
#include "core/crypto/random.h"
#include "core/token/express.h"
#include "core/token/registry.h"

namespace knox::flows {
namespace {

using Cookies = std::map<std::string, std::string>;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// "a=1; b=2" (the first of repeated names wins, as most servers read it).
Cookies ParseCookieHeader(std::string_view header) {
  Cookies out;
  while (!header.empty()) {
    const size_t end = std::min(header.find(';'), header.size());
    std::string_view pair = Trim(header.substr(0, end));
    header.remove_prefix(std::min(end + 1, header.size()));
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));
  }
  return out;
}

std::string FormDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size()) {
      auto byte = HexDecode(s.substr(i + 1, 2));
      out += byte && byte->size() == 1 ? *byte : std::string(s.substr(i, 3));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

Cookies ParseForm(std::string_view body) {
  Cookies out;
  while (!body.empty()) {
    const size_t end = std::min(body.find('&'), body.size());
    std::string_view pair = body.substr(0, end);
    body.remove_prefix(std::min(end + 1, body.size()));
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(FormDecode(pair.substr(0, eq)), FormDecode(pair.substr(eq + 1)));
  }
  return out;
}

std::string_view Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 403:
      return "Forbidden";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    default:
      return "Internal Server Error";
  }
}

// The "user" of a JSON object payload, if any.
std::string UserOf(std::string_view json_text) {
  auto json = nlohmann::json::parse(json_text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("user") ||
      !json["user"].is_string()) {
    return "";
  }
  return json["user"].get<std::string>();
}

}  // namespace

FakeApp::FakeApp(FakeAppConfig config, const Clock& clock)
    : config_(std::move(config)), clock_(clock) {
  if (config_.format.empty()) return;
  auto codec = token::FindCodec(config_.format);
  if (!codec) return;  // every request for a session then answers 500
  token::Options options;
  options.secrets.emplace_back(config_.secret);
  options.clock = config_.ignore_exp ? static_cast<const Clock*>(&stuck_clock_) : &clock_;
  options.max_age_seconds = config_.expire_after_s;
  options.cookie_name = config_.cookie_name;
  auto signer = (*codec)->NewSigner(options);
  if (signer) signer_ = std::move(*signer);
}

FakeApp::~FakeApp() = default;

bool FakeApp::ServerSide() const { return config_.format.empty() || config_.format == "express"; }

Result<net::Response> FakeApp::Send(const net::Request& request) {
  Result<net::Response> response = Handle(request);
  exchanges_.push_back(net::Exchange{.request = request, .response = response});
  return response;
}

Result<net::Response> FakeApp::Handle(const net::Request& request) {
  auto url = cookie::ParseUrl(request.url);
  if (!url) return Fail(ErrorCode::kInvalidArgument, "invalid URL");
  if (config_.failing.contains(request.method + " " + url->path)) {
    return Fail(ErrorCode::kUnavailable, "connection refused");
  }
  Cookies cookies;
  for (const auto& [name, value] : request.headers) {
    if (name == "Cookie" && !config_.bearer) cookies = ParseCookieHeader(value);
    if (name == "Authorization" && config_.bearer && value.starts_with("Bearer ")) {
      cookies[config_.cookie_name] = value.substr(7);
    }
  }
  if (config_.html_login) return HandleHtml(request.method, url->path, cookies, request.body);
  if (request.method == "GET" && url->path == "/") return Landing(cookies);
  if (config_.two_step_login && request.method == "POST" && url->path == "/login/identify") {
    net::Response r = Answer(200, "now the password");
    r.headers.emplace_back("Set-Cookie",
                           "pending=" + ParseForm(request.body)["username"] + "; Path=/; HttpOnly");
    return r;
  }
  if (config_.two_step_login && request.method == "POST" && url->path == "/login/password") {
    auto pending = cookies.find("pending");
    if (pending == cookies.end()) return Answer(400, "identify first");
    return Login(cookies, "username=" + pending->second +
                              "&password=" + ParseForm(request.body)["password"]);
  }
  if (config_.two_step_login && url->path == "/login") return Answer(404);
  if (config_.json_login_only && request.method == "POST" && url->path == "/login") {
    auto json = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object() || !json.contains("username") || !json.contains("password") ||
        !json["username"].is_string() || !json["password"].is_string()) {
      return Answer(415, "send JSON");
    }
    return Login(cookies, "username=" + json["username"].get<std::string>() +
                              "&password=" + json["password"].get<std::string>());
  }
  if (request.method == "POST" && url->path == "/login") return Login(cookies, request.body);
  if (request.method == "GET" && url->path == "/me") return Me(cookies);
  if (request.method == "POST" && url->path == "/logout") return Logout(cookies);
  return Answer(404);
}

Result<net::Response> FakeApp::HandleHtml(const std::string& method, const std::string& path,
                                          const Cookies& cookies, const std::string& body) {
  auto csrf = cookies.find("csrf");
  auto form = ParseForm(body);
  const bool token_ok =
      config_.session_csrf
          ? !SessionToken(cookies).empty() && form["token"] == SessionToken(cookies)
          : csrf != cookies.end() && form["token"] == csrf->second;
  if (method == "GET" && path == "/") return Answer(200, "<a href=/about>About</a>");
  if (method == "GET" && path == "/account/login") return LoginPage(cookies);
  if (method == "POST" && path == "/account/login") {
    if (!token_ok) return Answer(403, "CSRF token missing");
    net::Response r = Login(cookies, "username=" + form["email"] + "&password=" + form["passwd"]);
    for (auto& [name, value] : r.headers) {
      if (name == "Location") value = "/dashboard";
    }
    return r;
  }
  if (method == "GET" && path == "/dashboard") {
    const Presented p = Inspect(cookies);
    if (p.check != Check::kValid || p.user != config_.user) {
      net::Response r = Answer(302);
      r.headers.emplace_back("Location", "/account/login");
      return r;
    }
    const std::string token = config_.session_csrf    ? SessionToken(cookies)
                              : csrf == cookies.end() ? ""
                                                      : csrf->second;
    return Answer(200, "<h1>Hello " + p.user + "</h1><a href=/settings>Settings</a>" +
                           "<form method=post action=/account/logout><input type=hidden " +
                           "name=token value=\"" + token + "\"><button>Sign out</button></form>");
  }
  if (method == "POST" && path == "/account/logout") {
    if (!token_ok) return Answer(403, "CSRF token missing");
    return Logout(cookies);
  }
  return Answer(404);
}

std::string FakeApp::SessionToken(const Cookies& cookies) const {
  const Presented p = Inspect(cookies);
  if (p.check != Check::kValid || !sessions_.contains(p.id)) return "";
  return "tok-" + p.id;
}

net::Response FakeApp::LoginPage(const Cookies& cookies) {
  if (config_.session_csrf && ServerSide()) {
    std::string token = SessionToken(cookies);
    std::string set_cookie;
    if (token.empty()) {  // no live session: a new one (an unknown id is never adopted)
      const std::string id = NewId();
      sessions_[id] = Session{.started_at = clock_.NowSeconds()};
      token = "tok-" + id;
      set_cookie = SetCookieLine(CookieValueFor(id));
    }
    net::Response r =
        Answer(200, "<form method=post><input type=hidden name=token value=\"" + token +
                        "\"><input type=email name=email>" +
                        "<input type=password name=passwd><button>Log in</button></form>");
    if (!set_cookie.empty()) r.headers.emplace_back("Set-Cookie", set_cookie);
    return r;
  }
  auto csrf = cookies.find("csrf");
  std::string token;
  if (csrf != cookies.end()) {
    token = csrf->second;
  } else {
    auto bytes = crypto::RandomBytes(8);
    token = bytes ? HexEncode(*bytes) : "t";
  }
  net::Response r =
      Answer(200, "<form method=post><input type=hidden name=token value=\"" + token +
                      "\"><input type=email name=email>" +
                      "<input type=password name=passwd><button>Log in</button>" + "</form>");
  if (csrf == cookies.end()) r.headers.emplace_back("Set-Cookie", "csrf=" + token + "; Path=/");
  return r;
}

net::Response FakeApp::Answer(int status, std::string body) const {
  net::Response r{.status = status, .reason = std::string(Reason(status)), .body = std::move(body)};
  if (auto date = cookie::FormatCookieDate(clock_.NowSeconds()))
    r.headers.emplace_back("Date", *date);
  return r;
}

std::string FakeApp::NewId() {
  if (config_.counter_ids) {
    char id[16];
    std::snprintf(id, sizeof id, "sess%06llu", static_cast<unsigned long long>(++counter_));
    return id;
  }
  auto bytes = crypto::RandomBytes(16);
  return bytes ? HexEncode(*bytes) : "no-randomness";
}

std::string FakeApp::CookieValueFor(const std::string& id) const {
  if (config_.format.empty()) return id;
  if (!signer_) return "";
  auto signed_id = signer_->Sign(id);
  return signed_id ? signed_id->token : "";
}

std::optional<std::string> FakeApp::IdOf(const std::string& value) const {
  if (config_.format.empty()) return value;
  if (!signer_) return std::nullopt;
  if (auto verified = signer_->Verify(value)) return verified->value;
  if (!config_.accept_tampered) return std::nullopt;
  if (auto parts = token::ParseExpressToken(value, false, {})) return parts->value;
  return value;  // express-session would take it as unsigned; this app takes it as the id
}

bool FakeApp::Expired(int64_t started_at) const {
  return config_.expire_after_s && clock_.NowSeconds() - started_at > *config_.expire_after_s;
}

FakeApp::Presented FakeApp::Inspect(const Cookies& cookies) const {
  auto it = cookies.find(config_.cookie_name);
  if (it == cookies.end()) return {};
  const std::string& value = it->second;
  Presented p{.check = Check::kInvalid};
  if (ServerSide()) {
    auto id = IdOf(value);
    if (!id) return p;
    p.id = *id;
    auto session = sessions_.find(*id);
    if (session != sessions_.end() && !Expired(session->second.started_at)) {
      p.check = Check::kValid;
      p.user = session->second.user;
    } else if (config_.accept_tampered && config_.format.empty()) {
      p.check = Check::kValid;
      p.user = config_.user;
    }
    return p;
  }
  if (!signer_ || revoked_.contains(value)) return p;
  if (auto verified = signer_->Verify(value)) {
    p.check = Check::kValid;
    p.user = UserOf(verified->value);
  } else if (config_.accept_tampered) {
    auto decoded = token::DetectAndDecode(value);
    if (decoded && decoded->format == config_.format) {
      p.check = Check::kValid;
      p.user = UserOf(decoded->payload);
    }
  }
  return p;
}

std::string FakeApp::SetCookieLine(const std::string& value) const {
  std::string line = config_.cookie_name + "=" + value + "; Path=/";
  if (config_.max_age) line += "; Max-Age=" + std::to_string(*config_.max_age);
  if (config_.secure) line += "; Secure";
  if (config_.http_only) line += "; HttpOnly";
  if (!config_.same_site.empty()) line += "; SameSite=" + config_.same_site;
  return line;
}

std::string FakeApp::DeletionLine() const {
  std::string line = config_.cookie_name + "=; Path=/; Max-Age=0";
  if (config_.secure) line += "; Secure";
  return line;
}

net::Response FakeApp::Landing(const Cookies& cookies) {
  net::Response r = Answer(200, "<html>welcome</html>");
  if (!config_.issue_before_login || !ServerSide()) return r;
  if (Inspect(cookies).check == Check::kValid) return r;
  const std::string id = NewId();
  sessions_[id] = Session{.started_at = clock_.NowSeconds()};
  r.headers.emplace_back("Set-Cookie", SetCookieLine(CookieValueFor(id)));
  return r;
}

net::Response FakeApp::Login(const Cookies& cookies, const std::string& body) {
  Cookies form = ParseForm(body);
  if (form["username"] != config_.user || form["password"] != config_.password) {
    return Answer(401, "bad credentials");
  }
  std::string value;
  if (ServerSide()) {
    const Presented presented = Inspect(cookies);
    std::string id;
    // The pre-login session logged in as it is, or a planted unknown id adopted.
    const bool keep = presented.check == Check::kValid && sessions_.contains(presented.id) &&
                      !config_.rotate_at_login;
    const bool adopt =
        presented.check == Check::kInvalid && !presented.id.empty() && config_.adopt_unknown_ids;
    if (keep || adopt) {
      id = presented.id;
    } else {
      if (presented.check == Check::kValid) sessions_.erase(presented.id);
      id = NewId();
    }
    sessions_[id] = Session{.user = config_.user, .started_at = clock_.NowSeconds()};
    value = CookieValueFor(id);
  } else {
    auto signed_token = signer_ ? signer_->Sign(config_.payload) : Fail(ErrorCode::kInternal, "");
    if (!signed_token) return Answer(500);
    value = signed_token->token;
  }
  if (config_.bearer) {
    net::Response r = Answer(200, R"({"access_token":")" + value + R"(","token_type":"bearer"})");
    r.headers.emplace_back("Content-Type", "application/json");
    return r;
  }
  net::Response r = Answer(303);
  r.headers.emplace_back(
      "Location", config_.id_in_location ? "/me?" + config_.cookie_name + "=" + value : "/me");
  r.headers.emplace_back("Set-Cookie", SetCookieLine(value));
  return r;
}

net::Response FakeApp::Me(const Cookies& cookies) {
  const Presented p = Inspect(cookies);
  if (p.check == Check::kInvalid && config_.crash_on_invalid) return Answer(500);
  if (p.check != Check::kValid || p.user != config_.user) return Answer(401, "log in first");
  return Answer(200, "hello " + p.user);
}

net::Response FakeApp::Logout(const Cookies& cookies) {
  if (config_.logout_destroys) {
    const Presented p = Inspect(cookies);
    if (ServerSide()) {
      sessions_.erase(p.id);
    } else if (p.check == Check::kValid) {
      revoked_.insert(cookies.at(config_.cookie_name));
    }
  }
  net::Response r = Answer(303);
  r.headers.emplace_back("Location", "/");
  if (config_.logout_clears_cookie && !config_.bearer) {
    r.headers.emplace_back("Set-Cookie", DeletionLine());
  }
  return r;
}

}  // namespace knox::flows
