#include "conformance/flows/driver.h"

#include <nlohmann/json.hpp>

#include "conformance/flows/bearer_token.h"

namespace knox::flows {
namespace {

// What a browser sends with a form it submits from `page`: Referer (the page; Django's CSRF check
// requires it over https), Origin on a POST, and the page's csrf-token meta tag as X-CSRF-Token
// (what Rails' and Laravel's scripts send).
net::Headers FormHeaders(const cookie::Url& page, const FormSubmission& submission,
                         const HtmlPage& html) {
  net::Headers headers = {{"Referer", page.Serialize()}};
  if (submission.method == "POST") {
    cookie::Url origin = page;
    origin.path = "/";
    origin.query.reset();
    std::string text = origin.Serialize();
    text.pop_back();  // no trailing '/'
    headers.emplace_back("Origin", text);
  }
  if (auto token = html.Meta("csrf-token")) headers.emplace_back("X-CSRF-Token", *token);
  return headers;
}

}  // namespace

std::optional<std::string> FindInputValue(std::string_view html, std::string_view name) {
  return ParseHtml(html).InputValue(name);
}

bool LooksLoggedIn(const net::Response& answer, const Navigation& navigation,
                   const std::optional<profile::Success>& success,
                   std::string_view login_page_path) {
  if (success) {
    if (success->status && answer.status != *success->status) return false;
    if (success->location) {
      const auto location = answer.Header("Location");
      if (!location || !location->ends_with(*success->location)) return false;
    }
    return !success->body_contains ||
           answer.body.find(*success->body_contains) != std::string::npos;
  }
  if (answer.status < 200 || answer.status >= 300) return false;
  if (!navigation.redirects.empty() && !login_page_path.empty() &&
      navigation.url.path == login_page_path) {
    return false;
  }
  return !HasLoginForm(answer.body);
}

Driver::Driver(net::Transport& transport, profile::Profile profile, cookie::Url base,
               const Clock& clock)
    : transport_(transport), profile_(std::move(profile)), base_(std::move(base)), clock_(clock) {}

Browser Driver::NewBrowser() const {
  Browser browser(transport_, base_, clock_);
  browser.set_bearer_header({.name = profile_.bearer.header, .scheme = profile_.bearer.Scheme()});
  return browser;
}

Result<void> Driver::Visit(Browser& browser) const {
  if (auto r = browser.Send("GET", profile_.landing_path); !r) return std::unexpected(r.error());
  for (const profile::Step& step : profile_.before_login) {
    if (auto r = browser.Send(step.method, step.path); !r) return std::unexpected(r.error());
  }
  return {};
}

Result<std::string> Driver::FetchToken(Browser& browser, const profile::Csrf& csrf,
                                       std::string_view default_page) const {
  auto page = browser.Send("GET", csrf.fetch_path.empty() ? default_page : csrf.fetch_path);
  if (!page) return std::unexpected(page.error());
  std::optional<std::string> token;
  if (!csrf.input_name.empty()) {
    token = ParseHtml(page->body).InputValue(csrf.input_name);
  } else if (!csrf.meta_name.empty()) {
    token = ParseHtml(page->body).Meta(csrf.meta_name);
  } else {
    token = browser.CookieValue(csrf.cookie_name);
  }
  if (!token) {
    return Fail(ErrorCode::kNotFound, "the CSRF token named in the profile was not found");
  }
  return *token;
}

Result<net::Response> Driver::Login(Browser& browser,
                                    const std::optional<CookiePairs>& cookies) const {
  if (!profile_.has_credentials()) {
    return Fail(ErrorCode::kInvalidArgument, "no credentials to log in with");
  }
  auto answer = login_page_ ? LoginWithForm(browser, cookies) : LoginWithProfile(browser, cookies);
  if (answer && bearer_) {
    if (auto found = FindBearerToken(answer->body, profile_.bearer.pointer)) {
      browser.HoldBearer(std::move(found->token));
    }
  }
  return answer;
}

Result<net::Response> Driver::LoginWithForm(Browser& browser,
                                            const std::optional<CookiePairs>& cookies) const {
  auto page = browser.Send("GET", *login_page_);
  if (!page) return std::unexpected(page.error());
  const cookie::Url page_url = browser.last_navigation().url;
  const HtmlPage html = ParseHtml(page->body);
  auto form = FindLoginForm(html);
  if (!form) return Fail(ErrorCode::kNotFound, "the login form is no longer on " + *login_page_);
  std::vector<std::pair<std::string, std::string>> fills = {
      {form->password_field, *profile_.password}};
  if (!form->user_field.empty()) fills.emplace_back(form->user_field, *profile_.user);
  fills.insert(fills.end(), profile_.login_fields.begin(), profile_.login_fields.end());
  auto submission = SubmitForm(form->form, page_url, fills);
  if (!submission) return std::unexpected(submission.error());
  std::optional<CookiePairs> sent;
  if (cookies) {
    sent = browser.CookiesFor(submission->url.path);
    for (const auto& [name, value] : *cookies) sent = With(std::move(*sent), name, value);
  }
  net::Headers headers = FormHeaders(page_url, *submission, html);
  return browser.Send(submission->method, submission->url.Serialize(), submission->body,
                      submission->content_type, sent, headers);
}

namespace {

// `text` with every {user} and {password} replaced by the credentials.
std::string WithCredentials(std::string_view text, const std::string& user,
                            const std::string& password) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text.substr(i).starts_with("{user}")) {
      out += user;
      i += 6;
    } else if (text.substr(i).starts_with("{password}")) {
      out += password;
      i += 10;
    } else {
      out += text[i++];
    }
  }
  return out;
}

// A form or JSON body of `fields`.
std::string EncodeFields(const profile::Pairs& fields, bool json) {
  std::string body;
  if (json) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [k, v] : fields) object[k] = v;
    return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  for (const auto& [k, v] : fields) {
    if (!body.empty()) body += '&';
    body += FormEncode(k) + "=" + FormEncode(v);
  }
  return body;
}

std::string_view ContentType(bool json) {
  return json ? "application/json" : "application/x-www-form-urlencoded";
}

}  // namespace

Result<net::Response> Driver::LoginWithSteps(Browser& browser,
                                             const std::optional<CookiePairs>& cookies) const {
  std::optional<net::Response> last;
  for (size_t i = 0; i < profile_.login_steps.size(); ++i) {
    const profile::LoginStep& step = profile_.login_steps[i];
    profile::Pairs fields;
    for (const auto& [name, value] : step.fields) {
      fields.emplace_back(name, WithCredentials(value, *profile_.user, *profile_.password));
    }
    net::Headers headers;
    if (step.csrf) {
      auto token = FetchToken(browser, *step.csrf, step.path);
      if (!token) return std::unexpected(token.error());
      if (!step.csrf->field_name.empty()) fields.emplace_back(step.csrf->field_name, *token);
      if (!step.csrf->header_name.empty()) headers.emplace_back(step.csrf->header_name, *token);
    }
    // The planted pre-login cookies go with the first request; later steps carry what the
    // browser then holds (the server's answers to the earlier steps included).
    auto answer = browser.Send(step.method, step.path, EncodeFields(fields, step.json),
                               fields.empty() ? "" : ContentType(step.json),
                               i == 0 ? cookies : std::nullopt, headers);
    if (!answer) return answer;
    // A refused step ends the login: whether it worked is for Protected() to say.
    if (answer->status >= 400) return answer;
    last = std::move(*answer);
  }
  return *last;
}

Result<net::Response> Driver::LoginWithProfile(Browser& browser,
                                               const std::optional<CookiePairs>& cookies) const {
  if (!profile_.login_steps.empty()) return LoginWithSteps(browser, cookies);
  std::optional<std::string> csrf;
  if (profile_.csrf) {
    auto token = FetchToken(browser, *profile_.csrf, profile_.login_path);
    if (!token) return std::unexpected(token.error());
    csrf = std::move(*token);
  }
  profile::Pairs fields = {{profile_.user_field, *profile_.user},
                           {profile_.password_field, *profile_.password}};
  fields.insert(fields.end(), profile_.login_fields.begin(), profile_.login_fields.end());
  if (csrf && !profile_.csrf->field_name.empty())
    fields.emplace_back(profile_.csrf->field_name, *csrf);
  const std::string body = EncodeFields(fields, profile_.login_json);
  const std::string_view type = ContentType(profile_.login_json);
  net::Headers headers;
  if (csrf && !profile_.csrf->header_name.empty()) {
    headers.emplace_back(profile_.csrf->header_name, *csrf);
  }
  return browser.Send(profile_.login_method, profile_.login_path, body, type, cookies, headers);
}

Result<Access> Driver::GetProtected(Browser& browser,
                                    const std::optional<CookiePairs>& cookies) const {
  // A success condition on the first answer's status or Location is checked on that answer.
  const bool first_only =
      profile_.success && (profile_.success->status || profile_.success->location);
  browser.set_follow_redirects(!first_only);
  auto r = browser.Send("GET", profile_.protected_path, {}, {}, cookies);
  browser.set_follow_redirects(true);
  if (!r) return std::unexpected(r.error());
  const Navigation& nav = browser.last_navigation();
  std::string login_page = login_page_ ? *login_page_ : profile_.login_path;
  login_page = login_page.substr(0, login_page.find('?'));
  return Access{.granted = LooksLoggedIn(*r, nav, profile_.success, login_page),
                .status = r->status,
                .final_url = nav.url.Serialize()};
}

Result<Access> Driver::Protected(Browser& browser) const {
  return GetProtected(browser, std::nullopt);
}

Result<Access> Driver::Probe(const CookiePairs& cookies) const {
  Browser scratch = NewBrowser();
  return GetProtected(scratch, cookies);
}

Result<net::Response> Driver::Logout(Browser& browser) const {
  if (logout_page_) {
    auto page = browser.Send("GET", *logout_page_);
    if (!page) return std::unexpected(page.error());
    const cookie::Url page_url = browser.last_navigation().url;
    const HtmlPage html = ParseHtml(page->body);
    if (auto control = FindLogout(html)) {
      const HtmlForm form = control->form ? *control->form : LinkAsForm(*control, html);
      auto submission = SubmitForm(form, page_url, {});
      if (!submission) return std::unexpected(submission.error());
      net::Headers headers = FormHeaders(page_url, *submission, html);
      return browser.Send(submission->method, submission->url.Serialize(), submission->body,
                          submission->content_type, std::nullopt, headers);
    }
  }
  if (!profile_.logout_csrf) return browser.Send(profile_.logout_method, profile_.logout_path);
  auto token = FetchToken(browser, *profile_.logout_csrf, profile_.protected_path);
  if (!token) return std::unexpected(token.error());
  std::string body;
  if (!profile_.logout_csrf->field_name.empty())
    body = FormEncode(profile_.logout_csrf->field_name) + "=" + FormEncode(*token);
  net::Headers headers;
  if (!profile_.logout_csrf->header_name.empty())
    headers.emplace_back(profile_.logout_csrf->header_name, *token);
  return browser.Send(profile_.logout_method, profile_.logout_path, body,
                      body.empty() ? "" : "application/x-www-form-urlencoded", std::nullopt,
                      headers);
}

}  // namespace knox::flows
