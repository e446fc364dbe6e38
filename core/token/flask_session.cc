// `flask`: Flask 2.2 SecureCookieSessionInterface cookies. A URLSafeTimedSerializer with salt
// "cookie-session", HMAC key derivation, SHA-1, and the TaggedJSONSerializer dumping through the
// app's JSON provider inside a request: compact, ensure_ascii=True, sort_keys=True.
#include <cmath>
#include <cstdint>
#include <map>

#include "core/token/codecs.h"
#include "core/token/flask_tagged_json.h"
#include "core/token/itsdangerous_serializer.h"

namespace knox::token {
namespace {

constexpr FormatTraits kFlaskTraits{
    .name = "flask",
    .summary = "Flask session cookie: B64(JSON|.ZLIB).TIMESTAMP.HMAC (salt cookie-session)",
    .defaults = "salt cookie-session, hmac key derivation, sha1, separator '.'",
    .options = kItsTimedOptions,
    .issue_time = IssueTime::kEnvelope,
    .hashcat_mode = 29100,
};

// A JSON scalar as a dict key: `identity` is what Python's hash/equality sees (True == 1 == 1.0),
// `text` what json.dumps prints for it (str itself, true/false/null, a number's repr).
struct DictKey {
  std::string identity;
  std::string text;
};
std::optional<DictKey> KeyOf(const Json& key) {
  if (key.is_string()) return DictKey{"s" + key.get<std::string>(), key.get<std::string>()};
  if (key.is_null()) return DictKey{"null", "null"};
  if (key.is_boolean()) {
    return DictKey{key.get<bool>() ? "n1" : "n0", key.get<bool>() ? "true" : "false"};
  }
  if (key.is_number()) {
    const Json as_double = key.get<double>();
    // Integral values compare equal whatever their type (1 == 1.0): one identity for both.
    const double d = key.get<double>();
    // Not through int64_t: a key beyond its range (1e20, 2**64 - 1) has no such value.
    const bool integral = std::isfinite(d) && std::trunc(d) == d;
    const std::string identity = integral && !key.is_number_float() ? "n" + key.dump()
                                 : integral && std::abs(d) < 9e15
                                     ? "n" + std::to_string(static_cast<int64_t>(d))
                                     : "n" + PyJsonDumps(as_double, PyJsonStyle{});
    return DictKey{identity, PyJsonDumps(key, PyJsonStyle{})};
  }
  return std::nullopt;  // lists and dicts are unhashable: TypeError
}

// Flask's open_session: SecureCookieSession(data) runs dict(data). A dict is the session; an
// iterable of pairs (a JSON array of two-element arrays or two-character strings, or the empty
// string) builds one, later pairs replacing earlier keys in place; a falsy value is an empty
// session (`initial or ()`); anything else raises in Flask
// (TypeError/ValueError: a 500 there), which knox reports as kMalformed.
Result<Json> FlaskSessionView(Json doc) {
  auto not_a_dict = [] {
    return Fail(ErrorCode::kMalformed,
                "flask: the payload is not a dict, and Flask's SecureCookieSession(data) raises");
  };
  if (doc.is_object()) {
    // A tagged value at the top is what its tag makes: " di" a dict; " t" a tuple, which dict()
    // reads like a list; " m" (a str) and " b" (bytes) only when empty (falsy); " u" and " d"
    // never.
    if (doc.size() == 1 && !doc.begin().key().empty() && doc.begin().key()[0] == ' ' &&
        doc.begin().key() != " di") {
      const std::string tag = doc.begin().key();
      Json inner = doc.begin().value();
      if (tag == " t") return FlaskSessionView(std::move(inner));
      if ((tag == " m" || tag == " b") && inner.is_string() && inner.empty()) return Json::object();
      // " d": werkzeug's parse_date gives None (an empty session) where email.utils cannot read
      // a date or datetime refuses its fields, and a datetime (TypeError) otherwise.
      if (tag == " d" && FlaskUntagsToNone(doc)) return Json::object();
      return not_a_dict();
    }
    return doc;
  }
  // CallbackDict runs dict.__init__(self, initial or ()): every falsy value is an empty session.
  const bool falsy = doc.is_null() || (doc.is_boolean() && !doc.get<bool>()) ||
                     (doc.is_number() && doc.get<double>() == 0) ||
                     ((doc.is_string() || doc.is_array()) && doc.empty()) ||
                     (doc.is_string() && doc.get_ref<const std::string&>().empty());
  if (falsy) return Json::object();
  if (!doc.is_array()) return not_a_dict();
  Json session = Json::object();
  std::map<std::string, std::string> printed;  // identity -> the first key's text (Python keeps it)
  auto put = [&](const DictKey& key, Json value) {
    auto [it, fresh] = printed.emplace(key.identity, key.text);
    session[it->second] = std::move(value);
  };
  for (const Json& pair : doc) {
    if (pair.is_array() && pair.size() == 2) {
      auto key = KeyOf(pair[0]);
      if (!key) return not_a_dict();
      put(*key, pair[1]);
      continue;
    }
    if (pair.is_string()) {
      const std::string& text = pair.get_ref<const std::string&>();
      // Two code points: one UTF-8 sequence, then the rest.
      const auto lead = static_cast<unsigned char>(text.empty() ? 0 : text[0]);
      const size_t first = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
      if (text.size() <= first) return not_a_dict();
      const auto lead2 = static_cast<unsigned char>(text[first]);
      const size_t second = lead2 < 0x80 ? 1 : lead2 < 0xe0 ? 2 : lead2 < 0xf0 ? 3 : 4;
      if (text.size() != first + second) return not_a_dict();
      put(DictKey{"s" + text.substr(0, first), text.substr(0, first)}, text.substr(first));
      continue;
    }
    return not_a_dict();
  }
  return session;
}

const SerializerFlavor kFlask{
    .traits = &kFlaskTraits,
    .defaults = ItsDefaults{.salt = "cookie-session",
                            .separator = ".",
                            .digest = crypto::Digest::kSha1,
                            .key_derivation = KeyDerivation::kHmac},
    .url_safe = true,
    .timed = true,
    .style = PyJsonStyle{.compact = true, .ensure_ascii = true, .sort_keys = true},
    .prepare_for_dump = &FlaskTagForDump,
    .check_loaded = &FlaskCheckUntag,
    .session_view = &FlaskSessionView,
    .decode_needs_object = true};

class FlaskSessionCodec final : public Codec {
 public:
  const FormatTraits& traits() const override { return kFlaskTraits; }
  std::optional<MacPlan> PlanMac(const Options& options, std::string_view token,
                                 std::string_view) const override {
    return PlanItsdangerousMac(kFlask.defaults, options, token);
  }
  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    return NewSerializerSigner(kFlask, options);
  }
  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    return DecodeSerializerToken(kFlask, token, limits);
  }
};

}  // namespace

const Codec& FlaskCodec() {
  static const FlaskSessionCodec codec;
  return codec;
}

}  // namespace knox::token
