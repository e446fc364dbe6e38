#include "core/token/flask_tagged_json.h"

#include <array>
#include <string>
#include <string_view>

#include "core/base/base64.h"
#include "core/token/python_parsedate.h"

namespace knox::token {
namespace {

constexpr std::array<std::string_view, 6> kTags = {" di", " t", " b", " m", " u", " d"};

bool IsTag(std::string_view key) {
  for (std::string_view t : kTags) {
    if (key == t) return true;
  }
  return false;
}

// The Python type a JSON node has after untagging, and its text where later tags read it.
enum class PyKind {
  kDict,
  kEmptyDict,
  kList,
  kStr,
  kNum,
  kBool,
  kNull,
  kTuple,
  kBytes,
  kUuid,
  kDatetime,
  kMarkup
};
struct Untagged {
  PyKind kind;
  std::string text;        // str / Markup content, bytes content
  bool text_known = true;  // false for Markup(str(x)) of a non-string x
  bool falsy = false;      // bool(value) is False: None, "", 0, False, empty containers
};

Untagged PyNone() { return Untagged{PyKind::kNull, {}, true, true}; }

Result<Untagged> Malformed(std::string why) { return Fail(ErrorCode::kMalformed, std::move(why)); }

bool IsPySpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// int(s, 16) succeeds and is >= 0 (ASCII subset of CPython's rules).
bool PyIntBase16NonNegative(std::string_view s) {
  while (!s.empty() && IsPySpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsPySpace(s.back())) s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  bool underscore_ok = false;
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    underscore_ok = true;
  }
  bool any = false;
  bool nonzero = false;
  for (char c : s) {
    if (c == '_') {
      if (!underscore_ok) return false;
      underscore_ok = false;
      continue;
    }
    if (!IsHex(c)) return false;
    any = true;
    nonzero |= c != '0';
    underscore_ok = true;
  }
  if (!any || (!s.empty() && s.back() == '_')) return false;
  return !(negative && nonzero);
}

std::string ReplaceAll(std::string s, std::string_view from) {
  for (size_t pos; (pos = s.find(from)) != std::string::npos;) s.erase(pos, from.size());
  return s;
}

// uuid.UUID(hex=value).
bool PyUuidAccepts(const std::string& value) {
  for (char c : value) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;  // gap: Unicode digits/spaces
  }
  std::string hex = ReplaceAll(ReplaceAll(value, "urn:"), "uuid:");
  size_t b = hex.find_first_not_of("{}");
  size_t e = hex.find_last_not_of("{}");
  hex = b == std::string::npos ? std::string() : hex.substr(b, e - b + 1);
  hex = ReplaceAll(hex, "-");
  return hex.size() == 32 && PyIntBase16NonNegative(hex);
}

bool IsStrLike(const Untagged& u) { return u.kind == PyKind::kStr || u.kind == PyKind::kMarkup; }

Result<Untagged> ToPython(std::string_view tag, const Untagged& inner) {
  if (tag == " di") {
    if (inner.kind != PyKind::kDict) return Malformed("flask tag ' di' around a non-object");
    return Untagged{PyKind::kDict, {}};
  }
  if (tag == " t") {
    switch (inner.kind) {
      case PyKind::kNum:
      case PyKind::kBool:
      case PyKind::kNull:
      case PyKind::kUuid:
      case PyKind::kDatetime:
        return Malformed("flask tag ' t' around a non-iterable");
      default:
        return Untagged{PyKind::kTuple, {}, true, inner.falsy};
    }
  }
  if (tag == " b") {
    if (!(IsStrLike(inner) || inner.kind == PyKind::kBytes) || !inner.text_known) {
      return Malformed("flask tag ' b' around a non-string");
    }
    if (inner.kind != PyKind::kBytes) {
      for (char c : inner.text) {
        if (static_cast<unsigned char>(c) >= 0x80) return Malformed("flask ' b': non-ASCII");
      }
    }
    auto bytes = Base64DecodePython(inner.text, /*url_safe=*/false);
    if (!bytes) return Malformed("flask ' b': invalid base64");
    const bool empty = bytes->empty();
    return Untagged{PyKind::kBytes, std::move(*bytes), true, empty};
  }
  if (tag == " m") {
    if (IsStrLike(inner))
      return Untagged{PyKind::kMarkup, inner.text, inner.text_known, inner.falsy};
    return Untagged{PyKind::kMarkup, {}, false};
  }
  if (tag == " u") {
    if (!IsStrLike(inner) || !inner.text_known || !PyUuidAccepts(inner.text)) {
      return Malformed("flask tag ' u' is not a UUID");
    }
    return Untagged{PyKind::kUuid, {}};
  }
  // " d": werkzeug's parse_date(value) (python_parsedate.h). A falsy value and bytes give None
  // (parsedate_tz returns None, or raises TypeError, which werkzeug catches); str gives what
  // email.utils makes of it; any other value raises AttributeError (it has no split()), which
  // werkzeug does not catch. Markup(str(x)) of a non-string x: its text is not known here, and knox
  // takes it as a date (docs/formats.md, known gaps).
  if (inner.kind == PyKind::kBytes || inner.falsy) return PyNone();
  if (!IsStrLike(inner)) return Malformed("flask tag ' d' around a non-string");
  if (!inner.text_known) return Untagged{PyKind::kDatetime, {}};
  switch (WerkzeugParseDate(inner.text)) {
    case WerkzeugDate::kNone:
      return PyNone();
    case WerkzeugDate::kDatetime:
      return Untagged{PyKind::kDatetime, {}};
    case WerkzeugDate::kRaises:
      break;
  }
  return Malformed("flask tag ' d': the date overflows Python's datetime (OverflowError)");
}

Result<Untagged> Untag(const Json& node) {
  if (node.is_array()) {
    for (const Json& item : node) {
      if (auto u = Untag(item); !u) return u;
    }
    return Untagged{PyKind::kList, {}, true, node.empty()};
  }
  if (node.is_object()) {
    Untagged last{PyKind::kNull, {}};
    for (const auto& [key, value] : node.items()) {
      auto u = Untag(value);
      if (!u) return u;
      last = std::move(*u);
    }
    if (node.empty()) return Untagged{PyKind::kEmptyDict, {}, true, true};
    if (node.size() == 1 && IsTag(node.begin().key())) return ToPython(node.begin().key(), last);
    return Untagged{PyKind::kDict, {}};
  }
  if (node.is_string()) {
    const bool empty = node.get_ref<const std::string&>().empty();
    return Untagged{PyKind::kStr, node.get<std::string>(), true, empty};
  }
  if (node.is_boolean()) return Untagged{PyKind::kBool, {}, true, !node.get<bool>()};
  if (node.is_null()) return PyNone();
  return Untagged{PyKind::kNum, {}, true, node.get<double>() == 0};
}

Json Tag(Json doc) {
  if (doc.is_array()) {
    for (Json& item : doc) item = Tag(std::move(item));
    return doc;
  }
  if (!doc.is_object()) return doc;
  if (doc.size() == 1 && IsTag(doc.begin().key())) {
    Json inner = Json::object();
    inner[doc.begin().key() + "__"] = Tag(std::move(doc.begin().value()));
    Json wrapped = Json::object();
    wrapped[" di"] = std::move(inner);
    return wrapped;
  }
  for (auto& [key, value] : doc.items()) value = Tag(std::move(value));
  return doc;
}

}  // namespace

Result<Json> FlaskTagForDump(Json doc) { return Tag(std::move(doc)); }

Result<void> FlaskCheckUntag(const Json& doc) {
  auto u = Untag(doc);
  if (!u) return std::unexpected(u.error());
  return {};
}

bool FlaskUntagsToNone(const Json& doc) {
  auto u = Untag(doc);
  return u && u->kind == PyKind::kNull;
}

}  // namespace knox::token
