#include "core/token/json_style.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/json_depth.h"

namespace knox::token {
namespace {

// Shortest round-trip digits of a finite double: value = 0.DIGITS x 10^decpt (sign separate).
struct Digits {
  bool negative = false;
  std::string digits;
  int decpt = 0;
};

Digits ShortestDigits(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  std::string_view s(buf, static_cast<size_t>(end - buf));
  Digits out;
  if (!s.empty() && s.front() == '-') {
    out.negative = true;
    s.remove_prefix(1);
  }
  size_t e = s.find('e');
  for (char c : s.substr(0, e)) {
    if (c != '.') out.digits.push_back(c);
  }
  int exponent = 0;
  std::string_view exp_text = s.substr(e + 1);
  if (!exp_text.empty() && exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  out.decpt = exponent + 1;
  // "0e+00" for zero: one digit "0" at decpt 1.
  return out;
}

std::string FixedNotation(const Digits& d) {
  const int n = static_cast<int>(d.digits.size());
  std::string out;
  if (d.decpt <= 0) {
    out = "0." + std::string(static_cast<size_t>(-d.decpt), '0') + d.digits;
  } else if (d.decpt < n) {
    out = d.digits.substr(0, static_cast<size_t>(d.decpt)) + "." +
          d.digits.substr(static_cast<size_t>(d.decpt));
  } else {
    out = d.digits + std::string(static_cast<size_t>(d.decpt - n), '0');
  }
  return out;
}

std::string ExponentNotation(const Digits& d, int min_exp_digits) {
  std::string out(1, d.digits[0]);
  if (d.digits.size() > 1) out += "." + d.digits.substr(1);
  int e = d.decpt - 1;
  out += e < 0 ? "e-" : "e+";
  std::string mag = std::to_string(e < 0 ? -e : e);
  if (static_cast<int>(mag.size()) < min_exp_digits) mag.insert(0, "0");
  return out + mag;
}

// repr(float) of CPython: fixed when -4 < decpt <= 16, always with a fractional part.
std::string PyFloatRepr(double v) {
  // json.dumps (allow_nan=True) writes the constants json.loads reads.
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Infinity" : "Infinity";
  Digits d = ShortestDigits(v);
  std::string body;
  if (d.decpt > -4 && d.decpt <= 16) {
    body = FixedNotation(d);
    if (body.find('.') == std::string::npos) body += ".0";
  } else {
    body = ExponentNotation(d, 2);
  }
  return (d.negative ? "-" : "") + body;
}

// Number::toString of ECMAScript (§6.1.6.1.20).
std::string JsNumberToString(double v) {
  if (v == 0) return "0";
  Digits d = ShortestDigits(v);
  std::string body = (d.decpt > -6 && d.decpt <= 21) ? FixedNotation(d) : ExponentNotation(d, 1);
  return (d.negative ? "-" : "") + body;
}

void AppendHex4(std::string& out, uint32_t unit) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(unit >> shift) & 15]);
}

// Decodes one UTF-8 sequence at s[i] (the parser has validated the text) and advances i.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  auto b = static_cast<unsigned char>(s[i++]);
  if (b < 0x80) return b;
  int extra = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
  uint32_t cp = b & (0x3f >> extra);
  for (int k = 0; k < extra && i < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3f);
  }
  return cp;
}

// Escapes shared by Python and JavaScript; returns false when `c` needs no escape.
bool AppendCommonEscape(std::string& out, uint32_t c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return true;
    case '\\':
      out += "\\\\";
      return true;
    case '\n':
      out += "\\n";
      return true;
    case '\r':
      out += "\\r";
      return true;
    case '\t':
      out += "\\t";
      return true;
    case '\b':
      out += "\\b";
      return true;
    case '\f':
      out += "\\f";
      return true;
    default:
      if (c < 0x20) {
        AppendHex4(out, c);
        return true;
      }
      return false;
  }
}

void AppendQuoted(std::string& out, std::string_view s, bool ensure_ascii) {
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    uint32_t c = NextCodePoint(s, i);
    if (AppendCommonEscape(out, c)) continue;
    if (ensure_ascii && c >= 0x7f) {
      if (c >= 0x10000) {
        uint32_t v = c - 0x10000;
        AppendHex4(out, 0xd800 | (v >> 10));
        AppendHex4(out, 0xdc00 | (v & 0x3ff));
      } else {
        AppendHex4(out, c);
      }
      continue;
    }
    out.append(s.substr(start, i - start));
  }
  out.push_back('"');
}

void PyDump(const Json& j, const PyJsonStyle& style, std::string& out) {
  const char* item_sep = style.compact ? "," : ", ";
  const char* key_sep = style.compact ? ":" : ": ";
  switch (j.type()) {
    case Json::value_t::object: {
      std::vector<const Json::object_t::value_type*> items;
      for (const auto& kv : j.get_ref<const Json::object_t&>()) items.push_back(&kv);
      if (style.sort_keys) {
        std::sort(items.begin(), items.end(),  // keys are unique
                  [](auto* a, auto* b) { return a->first < b->first; });
      }
      out.push_back('{');
      for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += item_sep;
        AppendQuoted(out, items[i]->first, style.ensure_ascii);
        out += key_sep;
        PyDump(items[i]->second, style, out);
      }
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& v : j) {
        if (!first) out += item_sep;
        first = false;
        PyDump(v, style, out);
      }
      out.push_back(']');
      return;
    }
    case Json::value_t::string:
      AppendQuoted(out, j.get_ref<const std::string&>(), style.ensure_ascii);
      return;
    case Json::value_t::boolean:
      out += j.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
      out += std::to_string(j.get<int64_t>());
      return;
    case Json::value_t::number_unsigned:
      out += std::to_string(j.get<uint64_t>());
      return;
    case Json::value_t::number_float:
      out += PyFloatRepr(j.get<double>());
      return;
    default:
      out += "null";
      return;
  }
}

// ECMAScript orders "array index" keys (canonical uint32 below 2^32-1) first, ascending.
std::optional<uint32_t> ArrayIndex(std::string_view key) {
  if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0')) return std::nullopt;
  uint64_t v = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v >= 0xffffffffULL) return std::nullopt;
  return static_cast<uint32_t>(v);
}

constexpr double kMaxSafeInteger = 9007199254740992.0;  // 2^53

void JsDump(const Json& j, std::string& out) {
  switch (j.type()) {
    case Json::value_t::object: {
      std::vector<std::pair<uint32_t, const Json::object_t::value_type*>> indexed;
      std::vector<const Json::object_t::value_type*> named;
      for (const auto& kv : j.get_ref<const Json::object_t&>()) {
        if (auto idx = ArrayIndex(kv.first)) {
          indexed.emplace_back(*idx, &kv);
        } else {
          named.push_back(&kv);
        }
      }
      std::sort(indexed.begin(), indexed.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      auto emit = [&](const Json::object_t::value_type* kv) {
        if (!first) out.push_back(',');
        first = false;
        AppendQuoted(out, kv->first, /*ensure_ascii=*/false);
        out.push_back(':');
        JsDump(kv->second, out);
      };
      for (const auto& [idx, kv] : indexed) emit(kv);
      for (const auto* kv : named) emit(kv);
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& v : j) {
        if (!first) out.push_back(',');
        first = false;
        JsDump(v, out);
      }
      out.push_back(']');
      return;
    }
    case Json::value_t::string:
      AppendQuoted(out, j.get_ref<const std::string&>(), /*ensure_ascii=*/false);
      return;
    case Json::value_t::boolean:
      out += j.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer: {
      int64_t v = j.get<int64_t>();
      double dv = static_cast<double>(v);
      out += (dv >= kMaxSafeInteger || dv <= -kMaxSafeInteger) ? JsNumberToString(dv)
                                                               : std::to_string(v);
      return;
    }
    case Json::value_t::number_unsigned: {
      uint64_t v = j.get<uint64_t>();
      double dv = static_cast<double>(v);
      out += dv >= kMaxSafeInteger ? JsNumberToString(dv) : std::to_string(v);
      return;
    }
    case Json::value_t::number_float:
      out += JsNumberToString(j.get<double>());
      return;
    default:
      out += "null";
      return;
  }
}

}  // namespace

Result<Json> ParseJson(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_decompressed_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "JSON text longer than the limit");
  }
  if (!JsonDepthWithin(text, limits.max_json_depth)) {
    return Fail(ErrorCode::kLimitExceeded, "JSON nesting deeper than the limit");
  }
  Json doc = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Fail(ErrorCode::kMalformed, "not valid JSON");
  return doc;
}

std::string PyJsonDumps(const Json& doc, const PyJsonStyle& style) {
  std::string out;
  PyDump(doc, style, out);
  return out;
}

std::string JsJsonStringify(const Json& doc) {
  std::string out;
  JsDump(doc, out);
  return out;
}

}  // namespace knox::token
