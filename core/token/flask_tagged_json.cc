#include "core/token/flask_tagged_json.h"

#include <array>
#include <string>
#include <string_view>

#include "core/base/base64.h"

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
};

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
        return Untagged{PyKind::kTuple, {}};
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
    return Untagged{PyKind::kBytes, std::move(*bytes)};
  }
  if (tag == " m") {
    if (IsStrLike(inner)) return Untagged{PyKind::kMarkup, inner.text, inner.text_known};
    return Untagged{PyKind::kMarkup, {}, false};
  }
  if (tag == " u") {
    if (!IsStrLike(inner) || !inner.text_known || !PyUuidAccepts(inner.text)) {
      return Malformed("flask tag ' u' is not a UUID");
    }
    return Untagged{PyKind::kUuid, {}};
  }
  // " d": werkzeug parse_date returns None for unparsable text and bytes, raises for other types.
  if (!(IsStrLike(inner) || inner.kind == PyKind::kBytes || inner.kind == PyKind::kNull)) {
    return Malformed("flask tag ' d' around a non-string");
  }
  return Untagged{PyKind::kDatetime, {}};
}

Result<Untagged> Untag(const Json& node) {
  if (node.is_array()) {
    for (const Json& item : node) {
      if (auto u = Untag(item); !u) return u;
    }
    return Untagged{PyKind::kList, {}};
  }
  if (node.is_object()) {
    Untagged last{PyKind::kNull, {}};
    for (const auto& [key, value] : node.items()) {
      auto u = Untag(value);
      if (!u) return u;
      last = std::move(*u);
    }
    if (node.empty()) return Untagged{PyKind::kEmptyDict, {}};
    if (node.size() == 1 && IsTag(node.begin().key())) return ToPython(node.begin().key(), last);
    return Untagged{PyKind::kDict, {}};
  }
  if (node.is_string()) return Untagged{PyKind::kStr, node.get<std::string>()};
  if (node.is_boolean()) return Untagged{PyKind::kBool, {}};
  if (node.is_null()) return Untagged{PyKind::kNull, {}};
  return Untagged{PyKind::kNum, {}};
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

}  // namespace knox::token
