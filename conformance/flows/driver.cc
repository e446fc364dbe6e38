#include "conformance/flows/driver.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "core/base/ascii.h"

namespace knox::flows {
namespace {

// The value of attribute `attr` (lower case) inside one tag's text.
std::optional<std::string> AttributeValue(std::string_view tag, std::string_view attr) {
  size_t pos = 0;
  while ((pos = FindIgnoreCase(tag, attr, pos)) != std::string_view::npos) {
    const bool starts = pos == 0 || std::isspace(static_cast<unsigned char>(tag[pos - 1])) != 0;
    size_t i = pos + attr.size();
    while (i < tag.size() && tag[i] == ' ') ++i;
    if (!starts || i >= tag.size() || tag[i] != '=') {
      pos += attr.size();
      continue;
    }
    ++i;
    while (i < tag.size() && tag[i] == ' ') ++i;
    if (i >= tag.size()) return std::nullopt;
    const char quote = tag[i];
    size_t end;
    if (quote == '"' || quote == '\'') {
      end = tag.find(quote, ++i);
    } else {
      end = i;
      while (end < tag.size() && std::isspace(static_cast<unsigned char>(tag[end])) == 0) ++end;
    }
    if (end == std::string_view::npos) return std::nullopt;
    return std::string(tag.substr(i, end - i));
  }
  return std::nullopt;
}

std::string DecodeEntities(std::string_view s) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'},   {"&quot;", '"'}, {"&#39;", '\''},
      {"&#x27;", '\''}, {"&lt;", '<'},   {"&gt;", '>'}};
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    bool replaced = false;
    for (auto [entity, ch] : kEntities) {
      if (s.substr(i, entity.size()) == entity) {
        out += ch;
        i += entity.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += s[i++];
  }
  return out;
}

bool IsUnreserved(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

}  // namespace

std::optional<std::string> FindInputValue(std::string_view html, std::string_view name) {
  size_t pos = 0;
  while ((pos = FindIgnoreCase(html, "<input", pos)) != std::string_view::npos) {
    const size_t end = html.find('>', pos);
    if (end == std::string_view::npos) return std::nullopt;
    std::string_view tag = html.substr(pos + 6, end - pos - 6);
    if (AttributeValue(tag, "name") == std::string(name)) {
      auto value = AttributeValue(tag, "value");
      if (value) return DecodeEntities(*value);
    }
    pos = end;
  }
  return std::nullopt;
}

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

Driver::Driver(net::Transport& transport, const profile::Profile& profile, cookie::Url base,
               const Clock& clock)
    : transport_(transport), profile_(profile), base_(std::move(base)), clock_(clock) {}

Result<void> Driver::Visit(Browser& browser) const {
  if (auto r = browser.Send("GET", profile_.landing_path); !r) return std::unexpected(r.error());
  for (const profile::Step& step : profile_.before_login) {
    if (auto r = browser.Send(step.method, step.path); !r) return std::unexpected(r.error());
  }
  return {};
}

Result<std::optional<std::string>> Driver::FetchCsrf(Browser& browser) const {
  if (!profile_.csrf) return std::nullopt;
  const profile::Csrf& csrf = *profile_.csrf;
  auto page = browser.Send("GET", csrf.fetch_path.empty() ? profile_.login_path : csrf.fetch_path);
  if (!page) return std::unexpected(page.error());
  std::optional<std::string> token = csrf.input_name.empty()
                                         ? browser.CookieValue(csrf.cookie_name)
                                         : FindInputValue(page->body, csrf.input_name);
  if (!token) {
    return Fail(ErrorCode::kNotFound, "the CSRF token named in the profile was not found");
  }
  return token;
}

Result<net::Response> Driver::Login(Browser& browser,
                                    const std::optional<CookiePairs>& cookies) const {
  if (!profile_.has_credentials()) {
    return Fail(ErrorCode::kInvalidArgument, "no credentials to log in with");
  }
  auto csrf = FetchCsrf(browser);
  if (!csrf) return std::unexpected(csrf.error());
  profile::Pairs fields = {{profile_.user_field, *profile_.user},
                           {profile_.password_field, *profile_.password}};
  fields.insert(fields.end(), profile_.login_fields.begin(), profile_.login_fields.end());
  if (*csrf && !profile_.csrf->field_name.empty())
    fields.emplace_back(profile_.csrf->field_name, **csrf);
  std::string body;
  if (profile_.login_json) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [k, v] : fields) object[k] = v;
    body = object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    for (const auto& [k, v] : fields) {
      if (!body.empty()) body += '&';
      body += FormEncode(k) + "=" + FormEncode(v);
    }
  }
  const std::string type =
      profile_.login_json ? "application/json" : "application/x-www-form-urlencoded";
  net::Headers headers;
  if (*csrf && !profile_.csrf->header_name.empty()) {
    headers.emplace_back(profile_.csrf->header_name, **csrf);
  }
  return browser.Send(profile_.login_method, profile_.login_path, body, type, cookies, headers);
}

namespace {

Result<Access> ToAccess(const Result<net::Response>& r) {
  if (!r) return std::unexpected(r.error());
  return Access{.granted = r->status >= 200 && r->status < 300, .status = r->status};
}

}  // namespace

Result<Access> Driver::Protected(Browser& browser) const {
  return ToAccess(browser.Send("GET", profile_.protected_path));
}

Result<Access> Driver::Probe(const CookiePairs& cookies) const {
  Browser scratch = NewBrowser();
  return ToAccess(scratch.Send("GET", profile_.protected_path, {}, {}, cookies));
}

Result<net::Response> Driver::Logout(Browser& browser) const {
  return browser.Send(profile_.logout_method, profile_.logout_path);
}

}  // namespace knox::flows
