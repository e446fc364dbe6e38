#include "conformance/flows/login_form.h"

#include <cctype>

#include "core/base/ascii.h"
#include "core/base/hex.h"
#include "core/crypto/random.h"

namespace knox::flows {
namespace {

bool ContainsAny(std::string_view text, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (FindIgnoreCase(text, w) != std::string_view::npos) return true;
  }
  return false;
}

bool SaysLogin(std::string_view text) {
  return ContainsAny(text, {"login", "log in", "log-in", "log_in", "signin", "sign in", "sign-in",
                            "sign_in", "session", "auth"});
}

bool SaysLogout(std::string_view text) {
  return ContainsAny(text, {"logout", "log out", "log-out", "log_out", "signout", "sign out",
                            "sign-out", "sign_out", "logoff", "log off", "log-off"});
}

bool IsTextLike(const FormControl& c) {
  return c.tag == "input" && (c.type == "text" || c.type == "email" || c.type == "tel" ||
                              c.type == "search" || c.type == "url");
}

bool NamesAUser(std::string_view name) {
  return ContainsAny(name, {"user", "login", "email", "mail", "name", "account", "ident", "uid"});
}

// The user input of a login form: a text-like input whose name says user/login/email/..., else
// the last text-like input before the password input.
std::string UserField(const HtmlForm& form) {
  std::string before_password;
  bool password_seen = false;
  for (const FormControl& c : form.controls) {
    if (c.tag == "input" && c.type == "password") password_seen = true;
    if (!IsTextLike(c) || c.name.empty() || c.disabled) continue;
    if (NamesAUser(c.name)) return c.name;
    if (!password_seen) before_password = c.name;
  }
  return before_password;
}

std::string PasswordField(const HtmlForm& form) {
  for (const FormControl& c : form.controls) {
    if (c.tag == "input" && c.type == "password") return c.name;
  }
  return {};
}

bool IsSubmit(const FormControl& c) {
  return (c.tag == "input" && c.type == "submit") || (c.tag == "button" && c.type == "submit");
}

std::string RandomBoundary() {
  auto bytes = crypto::RandomBytes(12);
  return "----knox" + (bytes ? HexEncode(*bytes) : std::string("boundary0knox"));
}

bool IsUnreserved(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
         c == '~' || c == '*';
}

}  // namespace

std::string FormEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    if (IsUnreserved(c)) {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::optional<LoginFormMatch> FindLoginForm(const HtmlPage& page) {
  std::optional<LoginFormMatch> best;
  int best_score = -1;
  for (const HtmlForm& form : page.forms) {
    if (form.CountType("password") != 1) continue;
    LoginFormMatch match{
        .form = form, .user_field = UserField(form), .password_field = PasswordField(form)};
    if (match.password_field.empty()) continue;
    const int score =
        (match.user_field.empty() ? 0 : 2) +
        (SaysLogin(form.action) || SaysLogin(form.id) || SaysLogin(form.text) ? 1 : 0);
    if (score > best_score) {
      best_score = score;
      best = std::move(match);
    }
  }
  return best;
}

bool HasLoginForm(std::string_view html) { return FindLoginForm(ParseHtml(html)).has_value(); }

std::optional<LogoutControl> FindLogout(const HtmlPage& page) {
  for (const HtmlForm& form : page.forms) {
    if (form.CountType("password") > 0) continue;
    if (SaysLogout(form.action) || SaysLogout(form.id) || SaysLogout(form.text)) {
      return LogoutControl{.form = form, .label = form.text.empty() ? form.link_text : form.text};
    }
  }
  for (const HtmlLink& link : page.links) {
    if (SaysLogout(link.href) || SaysLogout(link.text)) {
      return LogoutControl{.href = link.href, .link_method = link.method, .label = link.text};
    }
  }
  return std::nullopt;
}

HtmlForm LinkAsForm(const LogoutControl& link, const HtmlPage& page) {
  HtmlForm form;
  form.action = link.href;
  form.method = "GET";
  if (link.link_method.empty() || link.link_method == "get") return form;
  form.method = "POST";
  if (link.link_method != "post") {
    form.controls.push_back(
        {.tag = "input", .type = "hidden", .name = "_method", .value = link.link_method});
  }
  auto param = page.Meta("csrf-param");
  auto token = page.Meta("csrf-token");
  if (param && token) {
    form.controls.push_back({.tag = "input", .type = "hidden", .name = *param, .value = *token});
  }
  return form;
}

Result<FormSubmission> SubmitForm(const HtmlForm& form, const cookie::Url& page_url,
                                  const std::vector<std::pair<std::string, std::string>>& fills) {
  auto url = cookie::ResolveReference(page_url, form.action);
  if (!url || (url->scheme != "http" && url->scheme != "https")) {
    return Fail(ErrorCode::kMalformed, "the form's action is not an http(s) URL");
  }
  std::vector<std::pair<std::string, std::string>> fields;
  bool submit_sent = false;
  for (const FormControl& c : form.controls) {
    if (c.name.empty() || c.disabled) continue;
    if (c.tag == "input" && (c.type == "checkbox" || c.type == "radio") && !c.checked) continue;
    if (c.tag == "input" && (c.type == "file" || c.type == "image" || c.type == "reset")) continue;
    if (c.tag == "button" && c.type != "submit") continue;
    if (IsSubmit(c)) {
      if (submit_sent) continue;
      submit_sent = true;
    }
    std::string value = c.value;
    if ((c.type == "checkbox" || c.type == "radio") && value.empty()) value = "on";
    for (const auto& [name, fill] : fills) {
      if (name == c.name) value = fill;
    }
    fields.emplace_back(c.name, std::move(value));
  }
  FormSubmission s{.method = form.method == "POST" ? "POST" : "GET", .url = *url};
  for (const auto& [name, value] : fields) s.field_names.push_back(name);
  if (s.method == "GET") {
    std::string query;
    for (const auto& [name, value] : fields) {
      if (!query.empty()) query += '&';
      query += FormEncode(name) + "=" + FormEncode(value);
    }
    // A GET form's fields replace the action's query; a form without fields (a link submitted
    // as a form, LinkAsForm) keeps it.
    if (!fields.empty()) s.url.query = query;
    return s;
  }
  if (form.enctype == "multipart/form-data") {
    const std::string boundary = RandomBoundary();
    s.content_type = "multipart/form-data; boundary=" + boundary;
    for (const auto& [name, value] : fields) {
      s.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name +
                "\"\r\n\r\n" + value + "\r\n";
    }
    s.body += "--" + boundary + "--\r\n";
  } else if (form.enctype == "text/plain") {
    s.content_type = "text/plain";
    for (const auto& [name, value] : fields) s.body += name + "=" + value + "\r\n";
  } else {
    s.content_type = "application/x-www-form-urlencoded";
    for (const auto& [name, value] : fields) {
      if (!s.body.empty()) s.body += '&';
      s.body += FormEncode(name) + "=" + FormEncode(value);
    }
  }
  return s;
}

}  // namespace knox::flows
