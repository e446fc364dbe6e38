// The TOML form of a Profile (docs/audit.md "Profiles"). toml++ is used header-only with
// exceptions off, in this file only, so its parse errors come back as values.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include <set>
#include <sstream>

#include "conformance/profile/profile.h"

namespace knox::profile {
namespace {

using Keys = std::set<std::string_view>;

Result<void> Unknown(std::string_view table, std::string_view key) {
  return Fail(ErrorCode::kInvalidArgument,
              "profile: unknown key '" + std::string(key) + "' in " + std::string(table));
}

Result<void> CheckKeys(const toml::table& t, std::string_view where, const Keys& allowed) {
  for (const auto& [key, node] : t) {
    if (!allowed.contains(key.str())) return Unknown(where, key.str());
  }
  return {};
}

// Reads an optional string key; kInvalidArgument when present with another type.
Result<void> ReadString(const toml::table& t, std::string_view key, std::string& out) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return {};
  const auto* s = node->as_string();
  if (s == nullptr) {
    return Fail(ErrorCode::kInvalidArgument,
                "profile: '" + std::string(key) + "' must be a string");
  }
  out = s->get();
  return {};
}

Result<void> ReadOptString(const toml::table& t, std::string_view key,
                           std::optional<std::string>& out) {
  if (t.get(key) == nullptr) return {};
  std::string value;
  if (auto ok = ReadString(t, key, value); !ok) return ok;
  out = std::move(value);
  return {};
}

Result<void> ReadBool(const toml::table& t, std::string_view key, bool& out) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return {};
  const auto* b = node->as_boolean();
  if (b == nullptr) {
    return Fail(ErrorCode::kInvalidArgument,
                "profile: '" + std::string(key) + "' must be true or false");
  }
  out = b->get();
  return {};
}

Result<const toml::table*> SubTable(const toml::table& t, std::string_view key) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return nullptr;
  const auto* sub = node->as_table();
  if (sub == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "profile: '" + std::string(key) + "' must be a table");
  }
  return sub;
}

Result<void> ReadPairs(const toml::table& t, std::string_view where, Pairs& out) {
  for (const auto& [key, node] : t) {
    const auto* s = node.as_string();
    if (s == nullptr) {
      return Fail(ErrorCode::kInvalidArgument,
                  "profile: values in " + std::string(where) + " must be strings");
    }
    out.emplace_back(std::string(key.str()), s->get());
  }
  return {};
}

Result<void> ReadCsrf(const toml::table& t, std::string_view where, std::optional<Csrf>& out) {
  if (auto ok = CheckKeys(t, where, {"fetch", "input", "cookie", "field", "header", "meta"}); !ok) {
    return ok;
  }
  Csrf c;
  for (auto [key, field] : {std::pair<std::string_view, std::string*>{"fetch", &c.fetch_path},
                            {"input", &c.input_name},
                            {"cookie", &c.cookie_name},
                            {"field", &c.field_name},
                            {"header", &c.header_name},
                            {"meta", &c.meta_name}}) {
    if (auto ok = ReadString(t, key, *field); !ok) return ok;
  }
  out = std::move(c);
  return {};
}

Result<void> ReadSuccess(const toml::node& node, Profile& p) {
  const auto* t = node.as_table();
  if (t == nullptr) {
    return Fail(ErrorCode::kInvalidArgument,
                "profile: success must be a table, e.g. {status = 302, location = \"/account\"}");
  }
  if (auto ok = CheckKeys(*t, "[login.success]", {"status", "location", "body_contains"}); !ok) {
    return ok;
  }
  Success s;
  if (const toml::node* status = t->get("status"); status != nullptr) {
    const auto* n = status->as_integer();
    if (n == nullptr || n->get() < 100 || n->get() > 599) {
      return Fail(ErrorCode::kInvalidArgument, "profile: success.status must be 100..599");
    }
    s.status = static_cast<int>(n->get());
  }
  if (auto ok = ReadOptString(*t, "location", s.location); !ok) return ok;
  if (auto ok = ReadOptString(*t, "body_contains", s.body_contains); !ok) return ok;
  if (!s.status && !s.location && !s.body_contains) {
    return Fail(ErrorCode::kInvalidArgument,
                "profile: success needs status, location or body_contains");
  }
  p.success = std::move(s);
  return {};
}

Result<void> ReadLoginSteps(const toml::node& node, Profile& p) {
  const auto* array = node.as_array();
  if (array == nullptr || array->empty()) {
    return Fail(ErrorCode::kInvalidArgument, "profile: login.steps must be an array of tables");
  }
  for (const auto& item : *array) {
    const auto* t = item.as_table();
    if (t == nullptr) {
      return Fail(ErrorCode::kInvalidArgument, "profile: login.steps must be an array of tables");
    }
    if (auto ok = CheckKeys(*t, "[[login.steps]]", {"method", "path", "fields", "json", "csrf"});
        !ok) {
      return ok;
    }
    LoginStep step;
    if (auto ok = ReadString(*t, "method", step.method); !ok) return ok;
    if (auto ok = ReadString(*t, "path", step.path); !ok) return ok;
    if (auto ok = ReadBool(*t, "json", step.json); !ok) return ok;
    auto fields = SubTable(*t, "fields");
    if (!fields) return std::unexpected(fields.error());
    if (*fields != nullptr) {
      if (auto ok = ReadPairs(**fields, "[[login.steps]] fields", step.fields); !ok) return ok;
    }
    auto csrf = SubTable(*t, "csrf");
    if (!csrf) return std::unexpected(csrf.error());
    if (*csrf != nullptr) {
      if (auto ok = ReadCsrf(**csrf, "[[login.steps]] csrf", step.csrf); !ok) return ok;
    }
    p.login_steps.push_back(std::move(step));
  }
  return {};
}

Result<void> ReadLogin(const toml::table& t, Profile& p) {
  if (auto ok = CheckKeys(t, "[login]",
                          {"path", "method", "user_field", "password_field", "json", "user",
                           "password", "password_env", "fields", "csrf", "success", "steps"});
      !ok) {
    return ok;
  }
  if (const toml::node* steps = t.get("steps"); steps != nullptr) {
    // The steps say every request of the login: the single request's keys mean nothing then.
    for (std::string_view key :
         {"path", "method", "user_field", "password_field", "json", "fields", "csrf"}) {
      if (t.contains(key)) {
        return Fail(ErrorCode::kInvalidArgument,
                    "profile: [login] " + std::string(key) +
                        " has no meaning with login.steps (give it in the step instead)");
      }
    }
    if (auto ok = ReadLoginSteps(*steps, p); !ok) return ok;
  }
  for (auto [key, out] : {std::pair<std::string_view, std::string*>{"path", &p.login_path},
                          {"method", &p.login_method},
                          {"user_field", &p.user_field},
                          {"password_field", &p.password_field}}) {
    if (auto ok = ReadString(t, key, *out); !ok) return ok;
  }
  if (auto ok = ReadBool(t, "json", p.login_json); !ok) return ok;
  if (auto ok = ReadOptString(t, "user", p.user); !ok) return ok;
  if (auto ok = ReadOptString(t, "password", p.password); !ok) return ok;
  if (auto ok = ReadOptString(t, "password_env", p.password_env); !ok) return ok;
  auto fields = SubTable(t, "fields");
  if (!fields) return std::unexpected(fields.error());
  if (*fields != nullptr) {
    if (auto ok = ReadPairs(**fields, "[login.fields]", p.login_fields); !ok) return ok;
  }
  if (const toml::node* success = t.get("success"); success != nullptr) {
    if (auto ok = ReadSuccess(*success, p); !ok) return ok;
  }
  auto csrf = SubTable(t, "csrf");
  if (!csrf) return std::unexpected(csrf.error());
  if (*csrf != nullptr) return ReadCsrf(**csrf, "[login.csrf]", p.csrf);
  return {};
}

Result<void> ReadPathMethod(const toml::table& t, std::string_view where, std::string& path,
                            std::string* method) {
  Keys allowed = {"path"};
  if (method != nullptr) allowed.insert("method");
  if (auto ok = CheckKeys(t, where, allowed); !ok) return ok;
  if (auto ok = ReadString(t, "path", path); !ok) return ok;
  return method != nullptr ? ReadString(t, "method", *method) : Result<void>{};
}

Result<void> ReadSteps(const toml::node& node, Profile& p) {
  const auto* array = node.as_array();
  if (array == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "profile: before_login must be an array of tables");
  }
  for (const auto& item : *array) {
    const auto* t = item.as_table();
    if (t == nullptr) {
      return Fail(ErrorCode::kInvalidArgument, "profile: before_login must be an array of tables");
    }
    Step step;
    if (auto ok = ReadPathMethod(*t, "[[before_login]]", step.path, &step.method); !ok) return ok;
    p.before_login.push_back(std::move(step));
  }
  return {};
}

Result<void> ReadBearer(const toml::table& t, Bearer& b) {
  if (auto ok = CheckKeys(t, "[bearer]", {"pointer", "header", "scheme", "jwks"}); !ok) return ok;
  if (auto ok = ReadString(t, "pointer", b.pointer); !ok) return ok;
  if (auto ok = ReadString(t, "header", b.header); !ok) return ok;
  if (auto ok = ReadOptString(t, "scheme", b.scheme); !ok) return ok;
  return ReadString(t, "jwks", b.jwks_path);
}

Result<void> ReadTop(const toml::table& root, Profile& p) {
  if (auto ok = CheckKeys(root, "the profile",
                          {"landing", "session_cookie", "before_login", "login", "protected",
                           "logout", "headers", "idle_probe", "bearer"});
      !ok) {
    return ok;
  }
  if (auto ok = ReadString(root, "landing", p.landing_path); !ok) return ok;
  if (auto ok = ReadOptString(root, "session_cookie", p.session_cookie); !ok) return ok;
  if (const toml::node* idle = root.get("idle_probe"); idle != nullptr) {
    const auto* n = idle->as_integer();
    if (n == nullptr || n->get() < 0 || n->get() > 86400) {
      return Fail(ErrorCode::kInvalidArgument, "profile: idle_probe must be 0..86400 seconds");
    }
    p.idle_probe_s = static_cast<int>(n->get());
  }
  if (const toml::node* steps = root.get("before_login"); steps != nullptr) {
    if (auto ok = ReadSteps(*steps, p); !ok) return ok;
  }
  struct Section {
    std::string_view key;
    std::string* path;
    std::string* method;
  };
  for (const Section& s : {Section{"protected", &p.protected_path, nullptr},
                           Section{"logout", &p.logout_path, &p.logout_method}}) {
    auto t = SubTable(root, s.key);
    if (!t) return std::unexpected(t.error());
    if (*t == nullptr) continue;
    toml::table own = **t;
    if (s.key == "logout") {
      auto csrf = SubTable(own, "csrf");
      if (!csrf) return std::unexpected(csrf.error());
      if (*csrf != nullptr) {
        if (auto ok = ReadCsrf(**csrf, "[logout.csrf]", p.logout_csrf); !ok) return ok;
        own.erase("csrf");
      }
    }
    if (auto ok = ReadPathMethod(own, "[" + std::string(s.key) + "]", *s.path, s.method); !ok) {
      return ok;
    }
  }
  auto login = SubTable(root, "login");
  if (!login) return std::unexpected(login.error());
  if (*login != nullptr) {
    if (auto ok = ReadLogin(**login, p); !ok) return ok;
  }
  auto bearer = SubTable(root, "bearer");
  if (!bearer) return std::unexpected(bearer.error());
  if (*bearer != nullptr) {
    if (auto ok = ReadBearer(**bearer, p.bearer); !ok) return ok;
  }
  auto headers = SubTable(root, "headers");
  if (!headers) return std::unexpected(headers.error());
  if (*headers != nullptr) return ReadPairs(**headers, "[headers]", p.headers);
  return {};
}

// toml++ 3.3.0 (Debian 12) reaches __builtin_unreachable() on some non-ASCII characters outside
// strings (is_non_ascii_horizontal_whitespace, found by fuzz/profile_toml_fuzzer): undefined
// behaviour on user input. Profiles are therefore ASCII; TOML's \uXXXX escapes in strings still
// express any character.
Result<void> CheckAscii(std::string_view text) {
  size_t line = 1;
  for (char c : text) {
    if (c == '\n') ++line;
    if (static_cast<unsigned char>(c) >= 0x80) {
      return Fail(ErrorCode::kMalformed,
                  "profile: non-ASCII byte on line " + std::to_string(line) +
                      ": write other characters as \\uXXXX escapes inside strings");
    }
  }
  return {};
}

// toml++ 3.3.0 also fails an assertion (undefined behaviour where NDEBUG turns it into an
// assumption) on a table header whose first character cannot begin a key, e.g. `[{a` or `[[[x`
// (found by fuzz/campaign's coverage replay). A line starting with `[` or `[[` must therefore
// continue with a bare-key character or a quote. This also refuses a line of a multi-line array
// that starts with `[{` — not a form any profile key takes.
Result<void> CheckTableHeaders(std::string_view text) {
  size_t line = 1;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    size_t i = l.find_first_not_of(" \t");
    if (i != std::string_view::npos && l[i] == '[') {
      ++i;
      if (i < l.size() && l[i] == '[') ++i;
      while (i < l.size() && (l[i] == ' ' || l[i] == '\t')) ++i;
      const char c = i < l.size() ? l[i] : '\0';
      const bool key_start = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                             (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '"' ||
                             c == '\'';
      if (!key_start) {
        return Fail(ErrorCode::kMalformed, "profile: line " + std::to_string(line) +
                                               ": a table header must start with a key");
      }
    }
    pos = end + 1;
    ++line;
  }
  return {};
}

// Skips the string starting at text[i] (a quote) and returns the index just past it, or
// text.size() when it is not closed (toml++ reports that).
size_t SkipTomlString(std::string_view text, size_t i) {
  const char quote = text[i];
  const bool multi_line = text.substr(i, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''");
  const std::string_view closer = multi_line ? text.substr(i, 3) : text.substr(i, 1);
  size_t j = i + closer.size();
  while (j < text.size()) {
    if (quote == '"' && text[j] == '\\') {
      j += 2;
      continue;
    }
    if (!multi_line && text[j] == '\n') return j;
    if (text.substr(j, closer.size()) == closer) {
      j += closer.size();
      // A multi-line string may end with up to two more quotes (`"""a"""""`).
      for (int extra = 0; multi_line && extra < 2 && j < text.size() && text[j] == quote; ++extra) {
        ++j;
      }
      return j;
    }
    ++j;
  }
  return text.size();
}

// toml++ 3.3.0 also fails the assertion `!is_value_terminator(*cp)` (undefined behaviour under
// NDEBUG) on a `}` where an array expects a value: `a = [}`, `a = [1, }` (found by the fuzz
// smoke run in CI). Neither `[` nor `,` may be followed by `}` in valid TOML (inline tables take
// no trailing comma), so such a `}` is refused here, outside strings and comments.
Result<void> CheckBraceAfterArrayOpen(std::string_view text) {
  char previous = '\0';  // the last significant character outside strings and comments
  size_t line = 1;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      const size_t end = SkipTomlString(text, i);
      for (size_t k = i; k < end; ++k) line += text[k] == '\n' ? 1 : 0;
      i = end;
      previous = c;
      continue;
    }
    if (c == '#') {
      const size_t end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end;
      continue;
    }
    if (c == '\n') ++line;
    if (c == '}' && (previous == '[' || previous == ',')) {
      return Fail(ErrorCode::kMalformed, "profile: line " + std::to_string(line) +
                                             ": '}' where a value or ']' is expected");
    }
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') previous = c;
    ++i;
  }
  return {};
}

}  // namespace

Result<Profile> ParseProfileToml(std::string_view text, Profile base) {
  if (auto ok = CheckAscii(text); !ok) return std::unexpected(ok.error());
  if (auto ok = CheckTableHeaders(text); !ok) return std::unexpected(ok.error());
  if (auto ok = CheckBraceAfterArrayOpen(text); !ok) return std::unexpected(ok.error());
  toml::parse_result parsed = toml::parse(text);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    std::ostringstream msg;
    msg << "profile: invalid TOML at line " << e.source().begin.line << ", column "
        << e.source().begin.column << ": " << e.description();
    return Fail(ErrorCode::kMalformed, msg.str());
  }
  if (auto ok = ReadTop(parsed.table(), base); !ok) return std::unexpected(ok.error());
  if (auto ok = ValidateProfile(base); !ok) return std::unexpected(ok.error());
  return base;
}

}  // namespace knox::profile
