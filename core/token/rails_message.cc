#include "core/token/rails_message.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/base/base64.h"
#include "core/crypto/pbkdf2.h"
#include "core/token/ruby_marshal.h"
#include "core/token/ruby_marshal_json.h"

namespace knox::token::rails {
namespace {

constexpr std::string_view kMarshalSignature = "\x04\x08";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Float#to_s: the shortest round-trip digits, fixed notation for decimal exponents -3..15
// ("100.0", "0.0001"), else "1.0e+16", "1.0e-05".
std::string RubyFloatToS(double d) {
  if (!std::isfinite(d)) return "null";  // ActiveSupport encodes non-finite floats as null
  if (d == 0.0) return std::signbit(d) ? "-0.0" : "0.0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(r.ptr - buf));  // [-]D[.DDD]e(+|-)XX
  std::string out;
  if (sci.front() == '-') {
    out.push_back('-');
    sci.remove_prefix(1);
  }
  const size_t e = sci.find('e');
  std::string digits;
  for (char ch : sci.substr(0, e)) {
    if (ch != '.') digits.push_back(ch);
  }
  int exponent = 0;
  std::string_view exp_text = sci.substr(e + 1);
  if (exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  const int decpt = exponent + 1;
  const int digs = static_cast<int>(digits.size());
  if (decpt < -3 || decpt > 15) {
    out.push_back(digits[0]);
    out += "." + (digs > 1 ? digits.substr(1) : std::string("0"));
    char exp_buf[16];
    std::snprintf(exp_buf, sizeof(exp_buf), "e%c%02d", exponent < 0 ? '-' : '+',
                  std::abs(exponent));
    out += exp_buf;
  } else if (decpt > 0) {
    if (digs <= decpt) {
      out += digits + std::string(static_cast<size_t>(decpt - digs), '0') + ".0";
    } else {
      out += digits.substr(0, static_cast<size_t>(decpt)) + "." +
             digits.substr(static_cast<size_t>(decpt));
    }
  } else {
    out += "0." + std::string(static_cast<size_t>(-decpt), '0') + digits;
  }
  return out;
}

void AppendEscapedString(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '<':
        out += "\\u003c";
        continue;
      case '>':
        out += "\\u003e";
        continue;
      case '&':
        out += "\\u0026";
        continue;
      default:
        break;
    }
    if (c < 0x20) {
      out += {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
    } else if (c == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) == 0xa8 ||
                static_cast<unsigned char>(s[i + 2]) == 0xa9)) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

void AppendJson(const Json& j, std::string& out) {
  switch (j.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      out += "null";
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
      out += RubyFloatToS(j.get<double>());
      return;
    case Json::value_t::string:
      AppendEscapedString(j.get_ref<const std::string&>(), out);
      return;
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const Json& item : j) {
        if (!first) out.push_back(',');
        first = false;
        AppendJson(item, out);
      }
      out.push_back(']');
      return;
    }
    case Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, item] : j.items()) {
        if (!first) out.push_back(',');
        first = false;
        AppendEscapedString(key, out);
        out.push_back(':');
        AppendJson(item, out);
      }
      out.push_back('}');
      return;
    }
    case Json::value_t::binary:
      out += "null";
      return;
  }
}

// A fixed number of digits at `pos` into `out` (pos advanced past them); false otherwise.
bool TakeDigits(std::string_view s, size_t& pos, size_t count, int64_t& out) {
  if (pos + count > s.size()) return false;
  int64_t v = 0;
  for (size_t i = 0; i < count; ++i) {
    if (!IsDigit(s[pos + i])) return false;
    v = v * 10 + (s[pos + i] - '0');
  }
  pos += count;
  out = v;
  return true;
}

bool Take(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

bool IsRubySpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int64_t UnixDays(int64_t year, int64_t month, int64_t day) {
  using namespace std::chrono;
  // Day numbers past the month's end roll over, as Time.utc does for 31 February.
  const sys_days first =
      year_month_day{std::chrono::year(static_cast<int>(year)),
                     std::chrono::month(static_cast<unsigned>(month)), std::chrono::day(1)};
  return first.time_since_epoch().count() + day - 1;
}

}  // namespace

Result<std::string> DeriveKey(crypto::Digest digest, std::string_view secret_key_base,
                              std::string_view salt, size_t size) {
  return crypto::Pbkdf2(digest, secret_key_base, salt, kKeyIterations, size);
}

std::vector<std::string_view> SplitDashes(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t at = text.find("--", start);
    if (at == std::string_view::npos) {
      parts.push_back(text.substr(start));
      break;
    }
    parts.push_back(text.substr(start, at - start));
    start = at + 2;
  }
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  return parts;
}

bool ValidUtf8(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    size_t extra = 0;
    uint32_t min = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1, min = 0x80, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2, min = 0x800, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3, min = 0x10000, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= bytes.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(bytes[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += extra + 1;
  }
  return true;
}

std::string ActiveSupportJson(const Json& value) {
  std::string out;
  AppendJson(value, out);
  return out;
}

std::string Iso8601Millis(int64_t ms) {
  using namespace std::chrono;
  const int64_t seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  const int64_t millis = ms - seconds * 1000;
  const sys_seconds t{std::chrono::seconds(seconds)};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()),
                static_cast<long>(millis));
  return buf;
}

// \A\s*(-?\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d(?::?\d\d)?)?\s*\z, case
// insensitive; fields out of Time.utc's range are refused.
Result<int64_t> ParseIso8601(std::string_view s) {
  const auto bad = [] { return Fail(ErrorCode::kMalformed, "rails: exp is not an ISO 8601 time"); };
  size_t pos = 0;
  while (pos < s.size() && IsRubySpace(s[pos])) ++pos;
  const bool negative = Take(s, pos, '-');
  const size_t year_start = pos;
  while (pos < s.size() && IsDigit(s[pos])) ++pos;
  if (pos == year_start || pos - year_start > 6) return bad();
  int64_t year = 0;
  for (size_t i = year_start; i < pos; ++i) year = year * 10 + (s[i] - '0');
  if (negative) year = -year;
  int64_t month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Take(s, pos, '-') || !TakeDigits(s, pos, 2, month) || !Take(s, pos, '-') ||
      !TakeDigits(s, pos, 2, day) || !(Take(s, pos, 'T') || Take(s, pos, 't')) ||
      !TakeDigits(s, pos, 2, hour) || !Take(s, pos, ':') || !TakeDigits(s, pos, 2, minute) ||
      !Take(s, pos, ':') || !TakeDigits(s, pos, 2, second)) {
    return bad();
  }
  int64_t millis = 0;
  if (Take(s, pos, '.')) {
    const size_t start = pos;
    while (pos < s.size() && IsDigit(s[pos])) {
      if (pos - start < 3) millis = millis * 10 + (s[pos] - '0');
      ++pos;
    }
    if (pos == start) return bad();
    for (size_t n = pos - start; n < 3; ++n) millis *= 10;
  }
  int64_t offset_minutes = 0;
  if (Take(s, pos, 'Z') || Take(s, pos, 'z')) {
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int64_t oh = 0, om = 0;
    if (!TakeDigits(s, pos, 2, oh)) return bad();
    if (pos < s.size() && (s[pos] == ':' || IsDigit(s[pos]))) {
      Take(s, pos, ':');
      if (!TakeDigits(s, pos, 2, om)) return bad();
    }
    offset_minutes = sign * (oh * 60 + om);
  }
  while (pos < s.size() && IsRubySpace(s[pos])) ++pos;
  if (pos != s.size()) return bad();
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60 ||
      (hour == 24 && (minute != 0 || second != 0))) {
    return bad();
  }
  const int64_t seconds =
      UnixDays(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return seconds * 1000 + millis;
}

Result<Message> Unwrap(std::string_view bytes, const Limits& limits) {
  Message m;
  m.serialized = std::string(bytes);
  // JSON.decode(message) rescue nil: anything but a JSON object with "_rails" is the message.
  if (bytes.starts_with(kMarshalSignature) || !ValidUtf8(bytes)) return m;
  auto doc = ParseJson(bytes, limits);
  if (!doc) {
    if (doc.error().code == ErrorCode::kLimitExceeded) return std::unexpected(doc.error());
    return m;
  }
  if (!doc->is_object() || !doc->contains("_rails")) return m;
  const Json& envelope = (*doc)["_rails"];
  if (!envelope.is_object() || !envelope.contains("message") || !envelope["message"].is_string()) {
    return Fail(ErrorCode::kMalformed, "rails: _rails envelope without a message");
  }
  auto inner = Base64DecodeStrict(envelope["message"].get_ref<const std::string&>(),
                                  Base64Alphabet::kStandard, Base64Padding::kPadded);
  if (!inner) return Fail(ErrorCode::kMalformed, "rails: envelope message is not base64");
  m.serialized = std::move(*inner);
  m.has_envelope = true;
  if (envelope.contains("exp") && !envelope["exp"].is_null()) {
    if (!envelope["exp"].is_string()) {
      return Fail(ErrorCode::kMalformed, "rails: exp is not a time");
    }
    auto ms = ParseIso8601(envelope["exp"].get_ref<const std::string&>());
    if (!ms) return std::unexpected(ms.error());
    m.expires_ms = *ms;
  }
  if (envelope.contains("pur") && !envelope["pur"].is_null()) {
    const Json& pur = envelope["pur"];
    m.purpose = pur.is_string() ? pur.get<std::string>() : JsJsonStringify(pur);
  }
  return m;
}

Result<void> CheckPurposeAndExpiry(const Message& message, std::string_view cookie_name,
                                   int64_t now_ms) {
  const std::string_view purpose = message.purpose ? std::string_view(*message.purpose) : "";
  if (!purpose.empty() && !cookie_name.empty() &&
      !(purpose.starts_with("cookie.") && purpose.substr(7) == cookie_name)) {
    return Fail(ErrorCode::kBadSignature,
                "rails: made for another purpose than cookie." + std::string(cookie_name));
  }
  if (message.expires_ms && now_ms >= *message.expires_ms) {
    return Fail(ErrorCode::kExpired, "rails: expired at " + Iso8601Millis(*message.expires_ms));
  }
  return {};
}

std::string Wrap(std::string_view serialized, std::optional<int64_t> expires_ms,
                 std::optional<std::string_view> purpose) {
  if (!expires_ms && !purpose) return std::string(serialized);
  Json inner = Json::object();
  inner["message"] = Base64Encode(serialized, Base64Alphabet::kStandard, Base64Padding::kPadded);
  inner["exp"] = expires_ms ? Json(Iso8601Millis(*expires_ms)) : Json(nullptr);
  inner["pur"] = purpose ? Json(std::string(*purpose)) : Json(nullptr);
  Json envelope = Json::object();
  envelope["_rails"] = std::move(inner);
  return ActiveSupportJson(envelope);
}

SignMetadata SignMetadataFor(const Options& options) {
  SignMetadata m;
  if (!options.cookie_name.empty()) m.purpose = "cookie." + options.cookie_name;
  if (options.expires) m.expires_ms = *options.expires * 1000;
  return m;
}

Result<crypto::Digest> KeyDigestFor(const Options& options, std::string_view format) {
  const std::string name(format);
  if (options.secrets.empty()) {
    return Fail(ErrorCode::kInvalidArgument, name + ": a secret_key_base is required");
  }
  const crypto::Digest digest = options.digest.value_or(crypto::Digest::kSha1);
  // Time#iso8601 writes four-digit years; beyond them Ruby's own parser disagrees.
  if (options.expires &&
      (*options.expires < -62'135'596'800 || *options.expires > 253'402'300'799)) {
    return Fail(ErrorCode::kInvalidArgument, name + ": --expires outside the years 1 to 9999");
  }
  if (digest != crypto::Digest::kSha1 && digest != crypto::Digest::kSha256) {
    return Fail(ErrorCode::kInvalidArgument,
                name + ": --digest is the key generator's: sha1 (Rails 6.1) or sha256 (Rails 7)");
  }
  return digest;
}

Result<Value> Deserialize(std::string_view serialized, const Limits& limits) {
  if (serialized.starts_with(kMarshalSignature)) {
    const marshal::MarshalLimits marshal_limits{.max_depth = limits.max_json_depth};
    auto doc = marshal::Read(serialized, marshal_limits);
    if (!doc) return std::unexpected(doc.error());
    auto json = marshal::ToJson(*doc, marshal_limits);
    if (!json) return std::unexpected(json.error());
    return Value{PyJsonDumps(*json, PyJsonStyle{.compact = true, .ensure_ascii = false}),
                 "Marshal"};
  }
  auto doc = ValidUtf8(serialized) ? ParseJson(serialized, limits)
                                   : Fail(ErrorCode::kMalformed, "not UTF-8");
  if (!doc) {
    if (doc.error().code == ErrorCode::kLimitExceeded) return std::unexpected(doc.error());
    return Fail(ErrorCode::kMalformed, "rails: the value is neither JSON nor Marshal");
  }
  return Value{JsJsonStringify(*doc), "JSON"};
}

}  // namespace knox::token::rails
