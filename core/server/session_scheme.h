// SessionScheme: how the routes start, resolve and end sessions, whatever the mechanism behind it
// (server-side ids, knox-sealed cookies with a revocation list, or the deliberately insecure demo
// token). The routes only see Set-Cookie values and a Principal, so each mechanism is swapped in
// without touching them and tests substitute a failing one.
//
// `cookie_header` is the request's Cookie header (all Cookie fields joined with "; "), possibly
// empty. Errors: kUnavailable when the backing store cannot answer (the routes answer 503 and
// never treat it as "logged out" or "logged in": fail closed); kInternal for anything else that
// must not happen. An absent, forged, expired or revoked session is not an error: Resolve returns
// std::nullopt. Thread-safety: implementations must be safe to call from every server thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/server/principal.h"

namespace knox::server {

// A session that resolved: its owner, and Set-Cookie values the response must carry (a sealed
// token re-issued to slide its idle timeout), usually none.
struct Resolved {
  Principal principal;
  std::vector<std::string> set_cookies = {};
};

class SessionScheme {
 public:
  virtual ~SessionScheme() = default;
  // Short name for logs and the start-up line: "id", "sealed", "insecure-demo".
  virtual std::string_view name() const = 0;
  // Starts a new session for `who`, ending any session `cookie_header` carries (a fresh id on
  // every login: no fixation). Returns the Set-Cookie values to send.
  virtual Result<std::vector<std::string>> Login(const Principal& who,
                                                 std::string_view cookie_header) = 0;
  virtual Result<std::optional<Resolved>> Resolve(std::string_view cookie_header) = 0;
  // Ends the session `cookie_header` carries, if any, and returns the Set-Cookie values that
  // delete the cookie. Succeeds when there is no session.
  virtual Result<std::vector<std::string>> Logout(std::string_view cookie_header) = 0;
};

}  // namespace knox::server
