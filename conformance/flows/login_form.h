// Zero-config login (docs/audit.md "Zero-config login"): which form of a page is the login form and
// which of its inputs take the user name and the password; which link or form logs out; and the
// request a browser submits for a form — every hidden input sent back (Django
// `csrfmiddlewaretoken`, Rails `authenticity_token`, Laravel `_token`, Symfony `_csrf_token`, any
// other), the form's action, method and encoding honoured. Pure functions over parsed pages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "conformance/flows/html_forms.h"
#include "core/base/result.h"
#include "core/cookie/url.h"

namespace knox::flows {

struct LoginFormMatch {
  HtmlForm form;
  std::string user_field;  // "" when the form has no user input (a password-only form)
  std::string password_field;
};

// The page's login form: a form with exactly one password input (sign-up and change-password
// forms have two or more), preferring one with a user input and one whose action, id or button
// text says log in / sign in. nullopt when the page has none.
std::optional<LoginFormMatch> FindLoginForm(const HtmlPage& page);

// A logout control: a form whose action or button text says log out / sign out / log off (its
// hidden inputs and `_method` are submitted like any form), else such a link (a Rails
// `data-method` link is submitted as a POST with `_method` and the page's CSRF meta token, as
// rails-ujs does).
struct LogoutControl {
  std::optional<HtmlForm> form;
  std::string href;         // the link's target, when it is a link
  std::string link_method;  // the link's data-method, lower case ("" = a plain GET)
  std::string label;        // its text, for the report
};
std::optional<LogoutControl> FindLogout(const HtmlPage& page);

// A link as a form: GET of its href, or for a data-method link a POST carrying `_method` and the
// CSRF token named by the page's `csrf-param`/`csrf-token` meta tags.
HtmlForm LinkAsForm(const LogoutControl& link, const HtmlPage& page);

struct FormSubmission {
  std::string method;  // GET or POST
  cookie::Url url;
  std::string content_type;  // "" for GET
  std::string body;
  std::vector<std::string> field_names;  // in the order sent (for the report: never values)
};

// What a browser submits for `form` on the page at `page_url`, with `fills` (name → value)
// replacing the values of the named controls: every enabled named control, checkboxes and radios
// only when checked, the first named submit button, no file inputs; urlencoded (the default),
// multipart/form-data or text/plain per the enctype; a GET form's fields become the query.
// kMalformed when the action does not resolve to an http(s) URL.
Result<FormSubmission> SubmitForm(const HtmlForm& form, const cookie::Url& page_url,
                                  const std::vector<std::pair<std::string, std::string>>& fills);

// True when the page holds a login form (how a protected page that answers 200 says "log in").
bool HasLoginForm(std::string_view html);

// application/x-www-form-urlencoded encoding of one component.
std::string FormEncode(std::string_view text);

}  // namespace knox::flows
