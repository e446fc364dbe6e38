#include "conformance/profile/profile.h"

#include <algorithm>

#include "core/base/http_token.h"

namespace knox::profile {
namespace {

bool IsPrintable(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u != 0x7f;
  });
}

Result<void> CheckPath(std::string_view what, std::string_view path) {
  if (path.empty() || path[0] != '/' || !IsPrintable(path) ||
      path.find(' ') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(what) + " must be a path starting with '/' without spaces");
  }
  return {};
}

Result<void> CheckMethod(std::string_view what, std::string_view method) {
  if (!IsHttpToken(method)) {
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + " is not an HTTP method");
  }
  return {};
}

Result<void> CheckHeader(std::string_view name, std::string_view value) {
  if (!IsHttpToken(name)) return Fail(ErrorCode::kInvalidArgument, "invalid header name");
  if (!IsPrintable(value)) {
    return Fail(ErrorCode::kInvalidArgument, "header value with control characters");
  }
  return {};
}

Result<void> CheckCsrf(std::string_view what, const Csrf& c) {
  if (!c.fetch_path.empty()) {
    if (auto ok = CheckPath(std::string(what) + " fetch path", c.fetch_path); !ok) return ok;
  }
  const int sources = !c.input_name.empty() + !c.cookie_name.empty() + !c.meta_name.empty();
  if (sources != 1) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(what) + " needs exactly one of input, cookie or meta");
  }
  if (c.field_name.empty() && c.header_name.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(what) + " needs a field or a header to send it in");
  }
  if (!c.header_name.empty() && !IsHttpToken(c.header_name)) {
    return Fail(ErrorCode::kInvalidArgument, "invalid " + std::string(what) + " header name");
  }
  return {};
}

// An RFC 6901 pointer: "" or '/'-separated reference tokens, '~' only as ~0 or ~1.
bool IsJsonPointer(std::string_view pointer) {
  if (pointer.empty()) return true;
  if (pointer[0] != '/' || !IsPrintable(pointer)) return false;
  for (size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] == '~' &&
        (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))) {
      return false;
    }
  }
  return true;
}

bool Contains(const Pairs& fields, std::string_view placeholder) {
  return std::any_of(fields.begin(), fields.end(), [&](const auto& f) {
    return f.second.find(placeholder) != std::string::npos;
  });
}

Result<void> CheckSteps(const std::vector<LoginStep>& steps) {
  if (steps.empty()) return {};
  bool password = false;
  for (const LoginStep& step : steps) {
    if (auto ok = CheckMethod("login step method", step.method); !ok) return ok;
    if (auto ok = CheckPath("login step path", step.path); !ok) return ok;
    if (step.csrf) {
      if (auto ok = CheckCsrf("login step csrf", *step.csrf); !ok) return ok;
    }
    password = password || Contains(step.fields, "{password}");
  }
  if (!password) {
    return Fail(ErrorCode::kInvalidArgument,
                "login steps: no step sends the password (a field value \"{password}\")");
  }
  return {};
}

Result<void> CheckBearer(const Bearer& b) {
  if (!IsJsonPointer(b.pointer)) {
    return Fail(ErrorCode::kInvalidArgument,
                "bearer pointer must be a JSON pointer such as /data/access_token");
  }
  if (!IsHttpToken(b.header)) return Fail(ErrorCode::kInvalidArgument, "invalid bearer header");
  if (b.scheme && !b.scheme->empty() && !IsHttpToken(*b.scheme)) {
    return Fail(ErrorCode::kInvalidArgument, "bearer scheme must be a token, e.g. Bearer");
  }
  if (!b.jwks_path.empty()) return CheckPath("bearer jwks path", b.jwks_path);
  return {};
}

}  // namespace

Pairs Profile::Summary() const {
  Pairs out = {{"landing", landing_path},
               {"login", login_method + " " + login_path + (login_json ? " (JSON)" : " (form)")},
               {"user_field", user_field},
               {"password_field", password_field},
               {"user", user.value_or("(none: anonymous checks only)")},
               {"protected", protected_path},
               {"logout", logout_method + " " + logout_path}};
  if (session_cookie) out.emplace_back("session_cookie", *session_cookie);
  if (csrf)
    out.emplace_back("csrf", "from " + (csrf->fetch_path.empty() ? login_path : csrf->fetch_path));
  if (logout_csrf) {
    out.emplace_back(
        "logout_csrf",
        "from " + (logout_csrf->fetch_path.empty() ? protected_path : logout_csrf->fetch_path));
  }
  if (success) out.emplace_back("success", "condition from the profile");
  if (!bearer.pointer.empty()) out.emplace_back("bearer_pointer", bearer.pointer);
  if (bearer.header != "Authorization" || bearer.scheme) {
    out.emplace_back("bearer_header",
                     bearer.header + (bearer.Scheme().empty() ? std::string(": TOKEN")
                                                              : ": " + bearer.Scheme() + " TOKEN"));
  }
  if (!bearer.jwks_path.empty()) out.emplace_back("jwks", bearer.jwks_path);
  for (const auto& step : before_login)
    out.emplace_back("before_login", step.method + " " + step.path);
  for (const auto& step : login_steps) {
    std::string names;
    for (const auto& [name, value] : step.fields) names += (names.empty() ? "" : ", ") + name;
    out.emplace_back("login_step", step.method + " " + step.path +
                                       (step.json ? " (JSON" : " (form") +
                                       (names.empty() ? "" : ": " + names) + ")");
  }
  for (const auto& [name, value] : headers)
    out.emplace_back("header", name);  // values may be secret
  return out;
}

Result<void> ValidateProfile(const Profile& p) {
  for (const auto& [what, path] :
       {std::pair<std::string_view, const std::string*>{"landing path", &p.landing_path},
        {"login path", &p.login_path},
        {"protected path", &p.protected_path},
        {"logout path", &p.logout_path}}) {
    if (auto ok = CheckPath(what, *path); !ok) return ok;
  }
  if (auto ok = CheckMethod("login method", p.login_method); !ok) return ok;
  if (auto ok = CheckMethod("logout method", p.logout_method); !ok) return ok;
  for (const auto& step : p.before_login) {
    if (auto ok = CheckMethod("step method", step.method); !ok) return ok;
    if (auto ok = CheckPath("step path", step.path); !ok) return ok;
  }
  if (p.user_field.empty() || p.password_field.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "user and password field names must not be empty");
  }
  if (p.user.has_value() != (p.password.has_value() || p.password_env.has_value())) {
    return Fail(ErrorCode::kInvalidArgument, "give both a user and a password, or neither");
  }
  for (const auto& [name, value] : p.headers) {
    if (auto ok = CheckHeader(name, value); !ok) return ok;
  }
  if (p.session_cookie && !IsHttpToken(*p.session_cookie)) {
    return Fail(ErrorCode::kInvalidArgument, "session cookie name is not a token");
  }
  if (p.csrf) {
    if (auto ok = CheckCsrf("csrf", *p.csrf); !ok) return ok;
  }
  if (p.logout_csrf) {
    if (auto ok = CheckCsrf("logout csrf", *p.logout_csrf); !ok) return ok;
  }
  if (auto ok = CheckSteps(p.login_steps); !ok) return ok;
  return CheckBearer(p.bearer);
}

Result<std::pair<std::string, std::string>> ParseHeaderFlag(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "header must look like 'Name: value'");
  }
  std::string_view name = text.substr(0, colon);
  std::string_view value = text.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (auto ok = CheckHeader(name, value); !ok) return std::unexpected(ok.error());
  return std::pair<std::string, std::string>(name, value);
}

}  // namespace knox::profile
