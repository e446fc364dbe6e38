// Profile: how `knox audit` drives a target (DESIGN §5 "profile"): where to log in and with what,
// which path is protected, how to log out, extra headers, how to fetch a CSRF token, which cookie
// is the session when several are set, and requests to make before logging in. Flags cover the
// common case (`--user U --password P` with the defaults below); a TOML file covers the rest
// (docs/audit.md documents its keys). The password is only ever sent to the target's login path:
// it is never printed, logged or written into a report (Summary() leaves it out).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/result.h"

namespace knox::profile {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// One request made before the login (e.g. visit a page that starts the pre-login session).
struct Step {
  std::string method = "GET";
  std::string path;  // starts with '/'
};

// Where a CSRF token comes from and how it is sent with the login.
struct Csrf {
  std::string fetch_path;   // GET this first ("" = the login path)
  std::string input_name;   // read <input name=INPUT value=...> from the page ("" = not)
  std::string cookie_name;  // or read the token from this cookie ("" = not)
  std::string field_name;   // send it as this form/JSON field ("" = not)
  std::string header_name;  // and/or as this header ("" = not)
  std::string meta_name;    // or read it from <meta name=META content=...> ("" = not)
};

// One request of a multi-step login (TOML [[login.steps]], docs/audit.md "Profile"): e.g. the user
// name on one page, the password on the next. Field values may hold the placeholders {user} and
// {password}, replaced by the credentials when the request is sent (and nowhere else).
struct LoginStep {
  std::string method = "POST";
  std::string path;  // starts with '/'
  Pairs fields;
  bool json = false;         // a JSON object instead of a form
  std::optional<Csrf> csrf;  // a CSRF token fetched before this step
};

// When the protected path's answer means "logged in", for servers whose refusal is not a status
// code discovery recognises (docs/audit.md "Success"). Every key given must hold.
struct Success {
  std::optional<int> status;                 // the first response's status (before redirects)
  std::optional<std::string> location;       // the first response's Location (path or URL)
  std::optional<std::string> body_contains;  // the final response's body (after redirects)
};

// Where the login answer holds a bearer token and how requests carry it (docs/audit.md "Bearer
// tokens"). Without a [bearer] table the audit still looks for one in a JSON login answer under
// the common member names, and sends it as Authorization: Bearer.
struct Bearer {
  std::string pointer;                   // RFC 6901 JSON pointer ("" = the common member names)
  std::string header = "Authorization";  // the request header that carries it
  // The word before the token: "Bearer" for Authorization, none for another header, unless set.
  std::optional<std::string> scheme;
  std::string jwks_path;  // where the server publishes its public keys ("" = the usual paths)

  std::string Scheme() const { return scheme.value_or(header == "Authorization" ? "Bearer" : ""); }
};

// What the audit works out by itself when neither a profile nor a flag says it (docs/audit.md
// "Zero-config login"): the CLI sets these when the user gave no profile and no such flag.
struct Discovery {
  bool login = false;           // find the login form (landing page, then common paths)
  bool protected_path = false;  // the post-login landing page, else protected_path
  bool logout = false;          // a logout link or form on the protected page, else logout_path
};

struct Profile {
  std::string landing_path = "/";  // the anonymous visit
  std::vector<Step> before_login;
  std::string login_path = "/login";
  std::string login_method = "POST";
  std::string user_field = "username";
  std::string password_field = "password";
  bool login_json = false;  // send a JSON object instead of a form
  Pairs login_fields;       // extra fields sent with the credentials
  // A multi-step login: these requests in order instead of the single one above (whose keys are
  // then refused); the last answer is the login's.
  std::vector<LoginStep> login_steps;
  std::optional<Csrf> csrf;
  std::optional<std::string> user;
  std::optional<std::string> password;  // never printed
  // The environment variable the CLI reads the password from (TOML `password_env`), when the
  // password itself is not given.
  std::optional<std::string> password_env;
  std::string protected_path = "/me";
  std::string logout_path = "/logout";
  std::string logout_method = "POST";
  std::optional<Csrf> logout_csrf;  // the CSRF token sent with the logout
  std::optional<Success> success;
  Discovery discover;
  // Seconds a browser-session cookie is kept unused before it is replayed (TOML `idle_probe`);
  // nullopt = the CLI's default (--max-wait).
  std::optional<int> idle_probe_s;
  Pairs headers;                              // sent with every request
  std::optional<std::string> session_cookie;  // the session cookie's name, when known
  Bearer bearer;                              // TOML [bearer]

  bool has_credentials() const { return user.has_value() && password.has_value(); }
  // Paths, methods, field names and the user name, for the report (never the password).
  Pairs Summary() const;
};

// Reads a TOML profile into `base` (flags already applied are overridden only by keys present in
// the file). kMalformed with the line/column for invalid TOML, kInvalidArgument for unknown keys,
// wrong types, paths not starting with '/', methods that are not tokens. Pure; the file's size is
// capped by the caller.
Result<Profile> ParseProfileToml(std::string_view text, Profile base = {});

// Checks a profile built from flags (same rules as the TOML parser).
Result<void> ValidateProfile(const Profile& profile);

// "Name: value" as given to -H; kInvalidArgument when it is not a valid header.
Result<std::pair<std::string, std::string>> ParseHeaderFlag(std::string_view text);

}  // namespace knox::profile
