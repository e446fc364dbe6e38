// The reference server's routes (DESIGN §4 "server"), as one pure function of a request and the
// application state: no sockets, so routes_test.cc calls it directly.
//
//   GET  /        200 text/plain, no session needed
//   POST /login   form or JSON credentials -> 200 {"user":..,"roles":[..]} + Set-Cookie;
//                 401 wrong credentials, 400 malformed body, 415 other Content-Type
//   GET  /me      200 {"user":..,"roles":[..]} when the session resolves, else 401
//   POST /logout  ends the session (server state destroyed / sealed token revoked) and sends the
//                 deletion cookie; 200 even without a session
//   anything else 404; a known path with another method 405 with Allow.
// Failure: a session store that cannot answer gives 503 (fail closed: never "logged in", never
// "logged out"); an internal error gives 500. Responses never echo the body, the password or a
// cookie value. Session responses carry Cache-Control: no-store.
// Thread-safety: as safe as the AppContext's members (UserStore::Verify and SessionScheme are safe
// to call concurrently), so one AppContext serves every server thread.
#pragma once

#include "core/server/http_message.h"
#include "core/server/session_scheme.h"
#include "core/server/user_store.h"

namespace knox::server {

struct AppContext {
  const UserStore& users;
  SessionScheme& sessions;
};

Response HandleRequest(const Request& request, AppContext& app);

// All Cookie header fields of `request` joined with "; " (RFC 6265bis §5.8.3 sends one; HTTP/2
// may split it).
std::string CookieHeader(const Request& request);
// The same without a copy when the request has at most one Cookie field (the usual case): a view
// of that field's value, else `joined` filled with the joined value and a view of it.
std::string_view CookieHeaderView(const Request& request, std::string& joined);

}  // namespace knox::server
