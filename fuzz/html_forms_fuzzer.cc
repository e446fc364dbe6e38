// Properties of the audit's HTML reader (conformance/flows/html_forms.h) and of the login-form
// logic over it (login_form.h), both fed pages from the audited server: parsing never fails and
// stays within its limits; a login form found has exactly one password input, and the password
// field names it; submitting any form either fails cleanly (an action that is not http(s)) or
// yields a request on an http(s) URL whose field names are named controls of the form, in order,
// and whose urlencoded body has exactly one '=' per field.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "conformance/flows/html_forms.h"
#include "conformance/flows/login_form.h"
#include "core/cookie/url.h"

using namespace knox::flows;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const HtmlPage page = ParseHtml(in);
  if (page.forms.size() > kMaxForms || page.links.size() > kMaxLinks ||
      page.loose_controls.size() > kMaxControls) {
    std::abort();
  }
  for (const HtmlForm& form : page.forms) {
    if (form.controls.size() > kMaxControls) std::abort();
    if (form.method != "GET" && form.method != "POST") std::abort();
  }
  if (auto login = FindLoginForm(page)) {
    if (login->form.CountType("password") != 1) std::abort();
    // Another control may carry the same name (the fill then reaches both, as a browser's
    // autofill by name would); one of them is the password input.
    bool named_password = false;
    for (const FormControl& c : login->form.controls) {
      named_password = named_password || (c.name == login->password_field && c.type == "password");
    }
    if (!named_password) std::abort();
  }
  static const knox::cookie::Url kPage =
      *knox::cookie::ParseUrl("https://app.test/accounts/login/?next=/");
  for (const HtmlForm& form : page.forms) {
    auto s = SubmitForm(form, kPage, {{"username", "alice"}, {"password", "p w&="}});
    if (!s) continue;
    if (s->url.scheme != "http" && s->url.scheme != "https") std::abort();
    size_t next = 0;
    for (const std::string& name : s->field_names) {
      while (next < form.controls.size() && form.controls[next].name != name) ++next;
      if (next == form.controls.size()) std::abort();  // not a control, or out of order
      ++next;
    }
    if (s->content_type == "application/x-www-form-urlencoded" && !s->field_names.empty()) {
      size_t equals = 0;
      for (char c : s->body) equals += c == '=' ? 1 : 0;
      if (equals != s->field_names.size()) std::abort();
    }
  }
  if (auto logout = FindLogout(page)) {
    const HtmlForm form = logout->form ? *logout->form : LinkAsForm(*logout, page);
    (void)SubmitForm(form, kPage, {});
  }
  (void)DecodeCharacterReferences(in);
  return 0;
}
