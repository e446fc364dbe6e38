#include "core/server/routes.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "core/base/ascii.h"
#include "core/server/login_body.h"

namespace knox::server {
namespace {

// A JSON answer; room for a Set-Cookie is reserved, since session answers often carry one.
Response JsonText(int status, std::string body) {
  Response r{.status = status, .body = std::move(body)};
  r.headers.reserve(3);
  r.Add("Content-Type", "application/json");
  r.Add("Cache-Control", "no-store");
  return r;
}

Response Json(int status, const nlohmann::ordered_json& body) {
  return JsonText(status,
                  body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

Response ErrorJson(int status, std::string_view message) {
  return Json(status, {{"error", message}});
}

// Maps a session or user store failure: an unreachable store is 503, anything else 500.
Response StoreFailure(const Error& error) {
  if (error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kTimeout) {
    return ErrorJson(503, "session store unavailable");
  }
  return ErrorJson(500, "internal error");
}

Response WithCookies(Response r, const std::vector<std::string>& set_cookies) {
  for (const auto& c : set_cookies) r.Add("Set-Cookie", c);
  return r;
}

Response Index() {
  Response r{.status = 200};
  r.Add("Content-Type", "text/plain; charset=utf-8");
  r.body = "knox reference server: POST /login, GET /me, POST /logout\n";
  return r;
}

Response Login(const Request& request, AppContext& app) {
  auto credentials = ParseLoginBody(request.Find("Content-Type"), request.body);
  if (!credentials) {
    if (credentials.error().code == ErrorCode::kInvalidArgument) {
      return ErrorJson(415, "use application/x-www-form-urlencoded or application/json");
    }
    return ErrorJson(400, "malformed login body");
  }
  auto principal = app.users.Verify(credentials->username, credentials->password.reveal());
  if (!principal) return StoreFailure(principal.error());
  if (!*principal) return ErrorJson(401, "invalid credentials");
  auto cookies = app.sessions.Login(**principal, CookieHeader(request));
  if (!cookies) return StoreFailure(cookies.error());
  return WithCookies(JsonText(200, PrincipalToJson(**principal)), *cookies);
}

Response Me(const Request& request, AppContext& app) {
  std::string joined;
  auto resolved = app.sessions.Resolve(CookieHeaderView(request, joined));
  if (!resolved) return StoreFailure(resolved.error());
  if (!*resolved) return ErrorJson(401, "not logged in");
  return WithCookies(JsonText(200, PrincipalToJson((*resolved)->principal)),
                     (*resolved)->set_cookies);
}

Response Logout(const Request& request, AppContext& app) {
  auto cookies = app.sessions.Logout(CookieHeader(request));
  if (!cookies) return StoreFailure(cookies.error());
  return WithCookies(Json(200, {{"logged_out", true}}), *cookies);
}

Response MethodNotAllowed(std::string_view route_method) {
  Response r = ErrorJson(405, "method not allowed");
  r.Add("Allow", route_method == "GET" ? "GET, HEAD" : std::string(route_method));
  return r;
}

// The authority (host[:port]) of an Origin header value "scheme://host[:port]"; empty for
// "null" or anything else that is not a serialized origin.
std::string_view OriginAuthority(std::string_view origin) {
  const size_t sep = origin.find("://");
  if (sep == std::string_view::npos || sep == 0) return {};
  const std::string_view authority = origin.substr(sep + 3);
  if (authority.empty() || authority.find_first_of("/?#@ ") != std::string_view::npos) return {};
  return authority;
}

// Defence in depth beside SameSite=Lax for the state-changing routes: a browser says where a
// request comes from (Fetch Metadata, then Origin); a request another site made is refused with a
// 403 before any credential or session is looked at. Requests without either header (curl,
// server-to-server clients, older browsers) pass: SameSite and the session scheme still apply.
// The Origin's host[:port] must equal the Host header's; the scheme is not compared, so a
// TLS-terminating proxy in front does not break same-origin posts.
std::optional<Response> CrossSiteRefusal(const Request& request) {
  if (auto site = request.Find("Sec-Fetch-Site")) {
    if (EqualsIgnoreCase(*site, "same-origin") || EqualsIgnoreCase(*site, "none")) {
      return std::nullopt;
    }
    return ErrorJson(403, "cross-site request refused (Sec-Fetch-Site is not same-origin)");
  }
  auto origin = request.Find("Origin");
  if (!origin) return std::nullopt;
  auto host = request.Find("Host");
  const std::string_view authority = OriginAuthority(*origin);
  if (host && !authority.empty() && EqualsIgnoreCase(authority, *host)) return std::nullopt;
  return ErrorJson(403, "cross-site request refused (Origin does not match Host)");
}

}  // namespace

std::string CookieHeader(const Request& request) {
  std::string joined;
  return std::string(CookieHeaderView(request, joined));
}

std::string_view CookieHeaderView(const Request& request, std::string& joined) {
  std::string_view single;
  size_t fields = 0;
  for (const auto& [name, value] : request.headers) {
    if (!EqualsIgnoreCase(name, "Cookie")) continue;
    if (++fields == 1) {
      single = value;
      continue;
    }
    if (fields == 2) joined.assign(single);
    if (!joined.empty()) joined += "; ";
    joined += value;
  }
  return fields <= 1 ? single : std::string_view(joined);
}

Response HandleRequest(const Request& request, AppContext& app) {
  struct Route {
    std::string_view path;
    std::string_view method;
    Response (*handle)(const Request&, AppContext&);
  };
  static constexpr Route kRoutes[] = {
      {"/", "GET", [](const Request&, AppContext&) { return Index(); }},
      {"/login", "POST", Login},
      {"/me", "GET", Me},
      {"/logout", "POST", Logout},
  };
  std::string_view path = request.Path();
  for (const Route& route : kRoutes) {
    if (route.path != path) continue;
    // HEAD is answered as GET (the server sends the headers only, RFC 9110 §9.3.2).
    const bool head_of_get = request.method == "HEAD" && route.method == "GET";
    if (route.method != request.method && !head_of_get) return MethodNotAllowed(route.method);
    if (route.method != "GET") {
      if (auto refused = CrossSiteRefusal(request)) return std::move(*refused);
    }
    return route.handle(request, app);
  }
  return ErrorJson(404, "not found");
}

}  // namespace knox::server
