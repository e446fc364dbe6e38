#include "conformance/flows/html_forms.h"

#include <cstdint>

#include "core/base/ascii.h"
#include "reports/utf8.h"

namespace knox::flows {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct Attribute {
  std::string name;   // lower case
  std::string value;  // decoded
};

struct Tag {
  std::string name;  // lower case, without the '/' of an end tag
  bool end = false;
  std::vector<Attribute> attributes;

  std::optional<std::string> Get(std::string_view attr) const {
    for (const Attribute& a : attributes) {
      if (a.name == attr) return a.value;
    }
    return std::nullopt;
  }
  bool Has(std::string_view attr) const { return Get(attr).has_value(); }
};

// Appends text with runs of whitespace collapsed to one space.
void AppendCollapsed(std::string_view text, std::string& out) {
  for (char c : text) {
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
}

std::string Trimmed(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  size_t first = 0;
  while (first < s.size() && s[first] == ' ') ++first;
  return s.substr(first);
}

// Reads one tag starting at html[pos] == '<'; on success advances pos past its '>'.
std::optional<Tag> ReadTag(std::string_view html, size_t& pos) {
  size_t i = pos + 1;
  Tag tag;
  if (i < html.size() && html[i] == '/') {
    tag.end = true;
    ++i;
  }
  if (i >= html.size() || !IsAlpha(html[i])) return std::nullopt;
  while (i < html.size() && !IsSpace(html[i]) && html[i] != '>' && html[i] != '/') {
    tag.name += AsciiToLower(html[i++]);
  }
  while (i < html.size()) {
    while (i < html.size() && (IsSpace(html[i]) || html[i] == '/')) ++i;
    if (i >= html.size()) return std::nullopt;
    if (html[i] == '>') {
      pos = i + 1;
      return tag;
    }
    Attribute a;
    while (i < html.size() && !IsSpace(html[i]) && html[i] != '>' && html[i] != '=' &&
           html[i] != '/') {
      a.name += AsciiToLower(html[i++]);
    }
    while (i < html.size() && IsSpace(html[i])) ++i;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && IsSpace(html[i])) ++i;
      if (i >= html.size()) return std::nullopt;
      size_t end;
      if (html[i] == '"' || html[i] == '\'') {
        end = html.find(html[i], i + 1);
        if (end == std::string_view::npos) return std::nullopt;
        a.value = DecodeCharacterReferences(html.substr(i + 1, end - i - 1));
        i = end + 1;
      } else {
        end = i;
        while (end < html.size() && !IsSpace(html[end]) && html[end] != '>') ++end;
        a.value = DecodeCharacterReferences(html.substr(i, end - i));
        i = end;
      }
    }
    if (!a.name.empty() && !tag.Has(a.name)) tag.attributes.push_back(std::move(a));
  }
  return std::nullopt;
}

// The position after the end tag `</name` ... `>` that closes a raw-text element, or npos.
size_t SkipRawText(std::string_view html, size_t pos, std::string_view name) {
  const std::string close = "</" + std::string(name);
  const size_t at = FindIgnoreCase(html, close, pos);
  if (at == std::string_view::npos) return std::string_view::npos;
  const size_t gt = html.find('>', at);
  return gt == std::string_view::npos ? std::string_view::npos : gt + 1;
}

std::optional<char32_t> NumericReference(std::string_view digits, bool hex) {
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  uint32_t cp = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (hex && c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (hex && c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
  }
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return static_cast<char32_t>(cp);
}

// The parse state: the form being filled, if any, and the element whose text is being collected.
class Parser {
 public:
  explicit Parser(std::string_view html) : html_(html.substr(0, kMaxScannedBytes)) {
    page_.truncated = html.size() > kMaxScannedBytes;
  }

  HtmlPage Run() {
    size_t pos = 0;
    while (pos < html_.size()) {
      const size_t lt = html_.find('<', pos);
      Text(html_.substr(pos, lt == std::string_view::npos ? std::string_view::npos : lt - pos));
      if (lt == std::string_view::npos) break;
      pos = lt;
      if (html_.substr(pos, 4) == "<!--") {
        const size_t end = html_.find("-->", pos + 4);
        pos = end == std::string_view::npos ? html_.size() : end + 3;
        continue;
      }
      if (html_.substr(pos, 2) == "<!" || html_.substr(pos, 2) == "<?") {
        const size_t end = html_.find('>', pos);
        pos = end == std::string_view::npos ? html_.size() : end + 1;
        continue;
      }
      auto tag = ReadTag(html_, pos);
      if (!tag) {
        Text(html_.substr(pos, 1));
        ++pos;
        continue;
      }
      if (!tag->end && (tag->name == "script" || tag->name == "style")) {
        pos = SkipRawText(html_, pos, tag->name);
        if (pos == std::string_view::npos) break;
        continue;
      }
      if (!tag->end && tag->name == "textarea") {
        const size_t close = FindIgnoreCase(html_, "</textarea", pos);
        const std::string_view body = html_.substr(
            pos, close == std::string_view::npos ? std::string_view::npos : close - pos);
        AddControl(*tag, "textarea", DecodeCharacterReferences(body));
        pos = SkipRawText(html_, pos, "textarea");
        if (pos == std::string_view::npos) break;
        continue;
      }
      OnTag(*tag);
    }
    Finish();
    return std::move(page_);
  }

 private:
  void Text(std::string_view raw) {
    if (raw.empty()) return;
    const std::string text = DecodeCharacterReferences(raw);
    if (link_) AppendCollapsed(text, link_->text);
    if (option_) AppendCollapsed(text, option_text_);
    if (button_ && form_) AppendCollapsed(text, form_->text);
  }

  void OnTag(const Tag& tag) {
    if (tag.name == "form") {
      tag.end ? CloseForm() : OpenForm(tag);
    } else if (tag.name == "a") {
      CloseLink();
      if (!tag.end && tag.Has("href"))
        link_ = HtmlLink{.href = *tag.Get("href"),
                         .text = {},
                         .method = AsciiStrToLower(tag.Get("data-method").value_or(""))};
    } else if (tag.name == "meta" && !tag.end) {
      auto name = tag.Get("name");
      auto content = tag.Get("content");
      if (name && content && page_.metas.size() < kMaxLinks)
        page_.metas.emplace_back(AsciiStrToLower(*name), *content);
    } else if (tag.name == "input" && !tag.end) {
      AddControl(tag, "input", tag.Get("value").value_or(""));
      if (form_ && (TypeOf(tag, "text") == "submit" || TypeOf(tag, "text") == "button"))
        AppendCollapsed(" " + tag.Get("value").value_or("") + " ", form_->text);
    } else if (tag.name == "button") {
      button_ = !tag.end;
      if (!tag.end) AddControl(tag, "button", tag.Get("value").value_or(""));
      if (form_) AppendCollapsed(" ", form_->text);
    } else if (tag.name == "select") {
      CloseOption();
      if (!tag.end) {
        AddControl(tag, "select", "");
        select_ = form_ && !form_->controls.empty() ? form_->controls.size() - 1 : kNone;
        select_has_option_ = false;
        select_has_selected_ = false;
      } else {
        select_ = kNone;
      }
    } else if (tag.name == "option") {
      CloseOption();
      if (!tag.end && select_ != kNone && form_) {
        option_ = true;
        option_value_ = tag.Get("value");
        option_selected_ = tag.Has("selected");
      }
    }
  }

  static std::string TypeOf(const Tag& tag, std::string_view fallback) {
    std::string type = AsciiStrToLower(tag.Get("type").value_or(std::string(fallback)));
    return type.empty() ? std::string(fallback) : type;
  }

  void OpenForm(const Tag& tag) {
    CloseForm();
    if (page_.forms.size() >= kMaxForms) {
      page_.truncated = true;
      return;
    }
    HtmlForm form;
    form.action = tag.Get("action").value_or("");
    const std::string method = AsciiStrToUpper(tag.Get("method").value_or("GET"));
    form.method = method == "POST" ? "POST" : "GET";
    form.enctype = AsciiStrToLower(tag.Get("enctype").value_or(""));
    form.id = tag.Get("id").value_or("");
    form_ = std::move(form);
  }

  void CloseForm() {
    CloseOption();
    select_ = kNone;
    button_ = false;
    if (!form_) return;
    if (link_) CloseLink();  // `<form><a>..</form>`: the link belongs to the form
    form_->text = Trimmed(std::move(form_->text));
    form_->link_text = Trimmed(std::move(form_->link_text));
    page_.forms.push_back(std::move(*form_));
    form_.reset();
  }

  void CloseLink() {
    if (!link_) return;
    if (page_.links.size() < kMaxLinks) {
      link_->text = Trimmed(std::move(link_->text));
      if (form_) AppendCollapsed(" " + link_->text + " ", form_->link_text);
      page_.links.push_back(std::move(*link_));
    } else {
      page_.truncated = true;
    }
    link_.reset();
  }

  // A select submits its first selected option, else its first option.
  void CloseOption() {
    if (!option_) return;
    option_ = false;
    const std::string value = option_value_.value_or(Trimmed(std::move(option_text_)));
    option_text_.clear();
    if (select_ == kNone || !form_ || select_ >= form_->controls.size()) return;
    FormControl& select = form_->controls[select_];
    if (option_selected_ && !select_has_selected_) {
      select.value = value;
      select_has_selected_ = true;
    } else if (!select_has_option_) {
      select.value = value;
    }
    select_has_option_ = true;
  }

  void AddControl(const Tag& tag, std::string_view element, std::string value) {
    std::vector<FormControl>& controls = form_ ? form_->controls : page_.loose_controls;
    if (controls.size() >= kMaxControls) {
      page_.truncated = true;
      return;
    }
    FormControl c;
    c.tag = std::string(element);
    c.type = element == "input"    ? TypeOf(tag, "text")
             : element == "button" ? TypeOf(tag, "submit")
                                   : std::string(element);
    c.name = tag.Get("name").value_or("");
    c.value = std::move(value);
    c.checked = tag.Has("checked");
    c.disabled = tag.Has("disabled");
    c.has_value = tag.Has("value");
    controls.push_back(std::move(c));
  }

  void Finish() {
    CloseLink();
    CloseForm();
  }

  static constexpr size_t kNone = static_cast<size_t>(-1);
  std::string_view html_;
  HtmlPage page_;
  std::optional<HtmlForm> form_;
  std::optional<HtmlLink> link_;
  bool button_ = false;
  size_t select_ = kNone;
  bool select_has_option_ = false;
  bool select_has_selected_ = false;
  bool option_ = false;
  bool option_selected_ = false;
  std::optional<std::string> option_value_;
  std::string option_text_;
};

}  // namespace

size_t HtmlForm::CountType(std::string_view type) const {
  size_t n = 0;
  for (const FormControl& c : controls) n += c.tag == "input" && c.type == type ? 1 : 0;
  return n;
}

const FormControl* HtmlForm::Named(std::string_view name) const {
  for (const FormControl& c : controls) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::optional<std::string> HtmlPage::InputValue(std::string_view name) const {
  auto find = [&](const std::vector<FormControl>& controls) -> const FormControl* {
    for (const FormControl& c : controls) {
      if (c.tag == "input" && c.name == name && c.has_value) return &c;
    }
    return nullptr;
  };
  for (const HtmlForm& form : forms) {
    if (const FormControl* c = find(form.controls)) return c->value;
  }
  if (const FormControl* c = find(loose_controls)) return c->value;
  return std::nullopt;
}

std::optional<std::string> HtmlPage::Meta(std::string_view name) const {
  for (const auto& [n, content] : metas) {
    if (EqualsIgnoreCase(n, name)) return content;
  }
  return std::nullopt;
}

HtmlPage ParseHtml(std::string_view html) { return Parser(html).Run(); }

std::string DecodeCharacterReferences(std::string_view text) {
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '&') {
      out += text[i++];
      continue;
    }
    const size_t semi = text.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) {
      out += text[i++];
      continue;
    }
    const std::string_view body = text.substr(i + 1, semi - i - 1);
    std::optional<std::string> replacement;
    if (body.size() > 1 && body[0] == '#') {
      const bool hex = body[1] == 'x' || body[1] == 'X';
      if (auto cp = NumericReference(body.substr(hex ? 2 : 1), hex)) {
        replacement.emplace();
        reports::AppendUtf8(*cp, *replacement);
      }
    } else {
      for (auto [name, value] : kNamed) {
        if (body == name) replacement = std::string(value);
      }
    }
    if (!replacement) {
      out += text[i++];
      continue;
    }
    out += *replacement;
    i = semi + 1;
  }
  return out;
}

}  // namespace knox::flows
