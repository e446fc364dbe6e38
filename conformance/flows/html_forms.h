// HTML forms, links and meta tags of a page, as the audit's login discovery reads them
// (docs/audit.md "Zero-config login"): a small tolerant tokenizer, not a DOM. It reads what a
// browser would submit — every <form> with its action, method, enctype and controls (<input>,
// <button>, <select>, <textarea>), every <a href> with its text, and <meta name content> — skips
// comments, <script> and <style> bodies, and decodes character references in attribute values and
// text. It is a parser of untrusted input: bounded (kMaxScannedBytes of the page, kMaxForms,
// kMaxControls per form, kMaxLinks) and never fails; what does not parse as a tag is text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace knox::flows {

struct FormControl {
  std::string tag;   // "input", "button", "select" or "textarea"
  std::string type;  // lower case; inputs default to "text", buttons to "submit"
  std::string name;
  std::string value;  // the value attribute; a textarea's text; a select's selected option
  bool checked = false;
  bool disabled = false;
  bool has_value = false;  // the element carries a value attribute
};

struct HtmlForm {
  std::string action;   // as written ("" = the page itself)
  std::string method;   // upper case: "GET" (the default) or "POST"; other values become GET
  std::string enctype;  // lower case; "" = application/x-www-form-urlencoded
  std::string id;
  std::vector<FormControl> controls;
  std::string text;  // the visible text inside the form (button labels), whitespace collapsed
  // The text of the links inside the form, whitespace collapsed: Laravel Breeze's logout form has
  // no button, only `<a href=/logout onclick="...submit()">Log Out</a>` (a label for the report,
  // never a reason to pick the form: a page-wide form, as ASP.NET's, holds every link).
  std::string link_text;

  size_t CountType(std::string_view type) const;
  const FormControl* Named(std::string_view name) const;
};

struct HtmlLink {
  std::string href;
  std::string text;    // visible text, whitespace collapsed
  std::string method;  // a Rails-style data-method attribute, lower case ("" = none)
};

struct HtmlPage {
  std::vector<HtmlForm> forms;
  std::vector<HtmlLink> links;
  std::vector<std::pair<std::string, std::string>> metas;  // name (lower case) → content
  std::vector<FormControl> loose_controls;  // controls outside any form (at most kMaxControls)
  bool truncated = false;                   // the page or a list was longer than the limits

  std::optional<std::string> Meta(std::string_view name) const;
  // The value attribute of the first <input name=NAME> that has one, in a form or not.
  std::optional<std::string> InputValue(std::string_view name) const;
};

inline constexpr size_t kMaxScannedBytes = size_t{2} * 1024 * 1024;
inline constexpr size_t kMaxForms = 64;
inline constexpr size_t kMaxControls = 512;
inline constexpr size_t kMaxLinks = 4096;

HtmlPage ParseHtml(std::string_view html);

// "&amp;" "&lt;" "&#39;" "&#x2F;" ... decoded (numeric references as UTF-8; unknown named ones and
// invalid code points kept as written).
std::string DecodeCharacterReferences(std::string_view text);

}  // namespace knox::flows
