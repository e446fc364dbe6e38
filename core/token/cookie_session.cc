#include "core/token/cookie_session.h"

#include <vector>

#include "core/base/base64.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/hmac.h"
#include "core/token/express_uri.h"
#include "core/token/json_style.h"

namespace knox::token {
namespace {

constexpr std::string_view kDefaultName = "session";

// The cookie value as `cookies` reads it: up to ';', then one leading '"' removes the first and
// the last character (value.slice(1, -1)) whatever the last one is.
std::string_view CookiesValue(std::string_view raw) {
  raw = raw.substr(0, raw.find(';'));
  if (!raw.empty() && raw.front() == '"') {
    raw = raw.size() >= 2 ? raw.substr(1, raw.size() - 2) : std::string_view();
  }
  return raw;
}

// keygrip sign(): base64 of the HMAC (SHA-1 unless Keygrip(keys, algorithm) names another hash)
// with '/' -> '_', '+' -> '-' and '=' dropped, i.e. unpadded base64url.
std::string KeygripSign(const crypto::HmacKey& key, std::string_view name, std::string_view value) {
  unsigned char mac[crypto::kMaxDigestSize];
  key.Sign({name, "=", value}, mac);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(mac), key.size()),
                      Base64Alphabet::kUrl, Base64Padding::kUnpadded);
}

// new Session(ctx, obj) copies `for (key in obj) if (!(key in this))`: keys a Session already has
// (its own _ctx, Session.prototype's getters, Object.prototype's members) are dropped, and a
// non-object document contributes its enumerable indices (arrays, strings) or nothing (scalars).
Result<Json> SessionView(const Json& doc) {
  static constexpr std::string_view kInherited[] = {"_ctx",
                                                    "isChanged",
                                                    "isNew",
                                                    "isPopulated",
                                                    "constructor",
                                                    "__defineGetter__",
                                                    "__defineSetter__",
                                                    "hasOwnProperty",
                                                    "__lookupGetter__",
                                                    "__lookupSetter__",
                                                    "isPrototypeOf",
                                                    "propertyIsEnumerable",
                                                    "toString",
                                                    "valueOf",
                                                    "__proto__",
                                                    "toLocaleString"};
  Json session = Json::object();
  if (doc.is_object()) {
    for (const auto& [key, value] : doc.items()) {
      bool inherited = false;
      for (std::string_view k : kInherited) inherited = inherited || key == k;
      if (!inherited) session[key] = value;
    }
  } else if (doc.is_array()) {
    for (size_t i = 0; i < doc.size(); ++i) session[std::to_string(i)] = doc[i];
  } else if (doc.is_string()) {
    // One property per UTF-16 code unit. An astral character would split into two lone
    // surrogates, which knox's JSON cannot hold (docs/formats.md, known gaps).
    const std::string& text = doc.get_ref<const std::string&>();
    size_t index = 0;
    for (size_t i = 0; i < text.size();) {
      const auto b0 = static_cast<unsigned char>(text[i]);
      const size_t n = b0 < 0x80 ? 1 : b0 < 0xe0 ? 2 : b0 < 0xf0 ? 3 : 4;
      if (n == 4) return Fail(ErrorCode::kMalformed, "cookie-session: astral string session");
      session[std::to_string(index++)] = text.substr(i, n);
      i += n;
    }
  }
  return session;
}

class CookieSessionSigner final : public Signer {
 public:
  CookieSessionSigner(std::vector<crypto::HmacKey> keys, std::string name, bool strict,
                      Limits limits)
      : keys_(std::move(keys)), name_(std::move(name)), strict_(strict), limits_(limits) {}

  Result<Signed> Sign(std::string_view value) const override {
    if (value.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "cookie-session: value longer than the limit");
    }
    auto doc = ParseJson(value, limits_);
    if (!doc) return std::unexpected(doc.error());
    Signed out;
    out.token =
        Base64Encode(JsJsonStringify(*doc), Base64Alphabet::kStandard, Base64Padding::kPadded);
    out.signature = KeygripSign(keys_.back(), name_, out.token);
    return out;
  }

  Result<Verified> Verify(std::string_view token, std::string_view signature) const override {
    if (token.size() > limits_.max_token_bytes || signature.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "cookie-session: cookie longer than the limit");
    }
    const std::string_view value = CookiesValue(token);
    const std::string_view remote = CookiesValue(signature);
    if (strict_ && (value != token || remote != signature)) {
      return Fail(ErrorCode::kMalformed, "cookie-session: quoted or truncated cookie value");
    }
    if (value.empty()) return Fail(ErrorCode::kMalformed, "cookie-session: empty cookie");
    if (remote.empty()) return Fail(ErrorCode::kBadSignature, "cookie-session: no .sig cookie");
    // keygrip hashes the JavaScript string "NAME=VALUE", i.e. the latin1 header text as UTF-8.
    const std::string data_value = Latin1ToUtf8(value);
    const std::string remote_text = Latin1ToUtf8(remote);
    std::optional<size_t> index;
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (crypto::ConstantTimeEquals(KeygripSign(keys_[i], name_, data_value), remote_text)) {
        index = i;
        break;
      }
    }
    if (!index) return Fail(ErrorCode::kBadSignature, "cookie-session: signature mismatch");
    if (strict_) {
      auto canonical = Base64DecodeStrict(value, Base64Alphabet::kStandard, Base64Padding::kPadded);
      if (!canonical) return Fail(ErrorCode::kMalformed, "cookie-session: non-canonical base64");
    }
    // Session.deserialize: JSON.parse(Buffer.from(v, "base64").toString("utf8")); a failure means
    // "no session", which knox reports as kMalformed.
    auto doc = ParseJson(NodeUtf8Decode(Base64DecodeNode(value)), limits_);
    if (!doc) {
      if (doc.error().code == ErrorCode::kLimitExceeded) return std::unexpected(doc.error());
      return Fail(ErrorCode::kMalformed, "cookie-session: payload is not JSON");
    }
    auto session = SessionView(*doc);
    if (!session) return std::unexpected(session.error());
    Verified v;
    v.value = JsJsonStringify(*session);
    v.is_json = true;
    v.key_index = *index;
    return v;
  }

 private:
  std::vector<crypto::HmacKey> keys_;
  std::string name_;
  bool strict_;
  Limits limits_;
};

constexpr std::string_view kCookieSessionAliases[] = {"keygrip"};
// Keygrip(keys, "sha256"): the hash people pick instead of keygrip's SHA-1 default.
constexpr crypto::Digest kKeygripUsualDigests[] = {crypto::Digest::kSha256, crypto::Digest::kSha384,
                                                   crypto::Digest::kSha512};

constexpr FormatTraits kCookieSessionTraits{
    .name = "cookie-session",
    .aliases = kCookieSessionAliases,
    .summary = "cookie-session base64 JSON with a keygrip HMAC NAME.sig companion cookie",
    .defaults =
        "keygrip HMAC-SHA1 of NAME=VALUE (--digest for Keygrip(keys, 'sha256') etc.), "
        "cookie name session",
    .options = {Opt::kDigest, Opt::kCookieName, Opt::kSignature, Opt::kStrict},
    .companion_signature = true,
    .usual_digests = kKeygripUsualDigests,
    .hashcat_mode = 150,
};

bool PlainCookieText(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c <= ' ' || c >= 0x7f || c == '"' || c == ';') return false;
  }
  return true;
}

class CookieSessionCodecImpl final : public Codec {
 public:
  const FormatTraits& traits() const override { return kCookieSessionTraits; }

  // keygrip signs "NAME=VALUE"; its signature is base64url without padding. Quoted, truncated
  // or non-ASCII cookie text takes the generic path (the codec's unquoting and latin1 rules).
  std::optional<MacPlan> PlanMac(const Options& options, std::string_view token,
                                 std::string_view signature) const override {
    const crypto::Digest digest = options.digest.value_or(crypto::Digest::kSha1);
    if (!FastDigest(digest)) return std::nullopt;
    const std::string name =
        options.cookie_name.empty() ? std::string(kDefaultName) : options.cookie_name;
    if (!PlainCookieText(token) || !PlainCookieText(signature) || !PlainCookieText(name)) {
      return std::nullopt;
    }
    auto mac = CanonicalMac(signature, Base64Alphabet::kUrl, crypto::DigestSize(digest));
    if (!mac) return std::nullopt;
    return MacPlan{.digest = digest,
                   .key_rule = KeyRule::kRaw,
                   .message = name + "=" + std::string(token),
                   .mac = std::move(*mac)};
  }

  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    if (options.secrets.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "cookie-session: at least one key is required");
    }
    std::string name =
        options.cookie_name.empty() ? std::string(kDefaultName) : options.cookie_name;
    if (name.find_first_of(";=") != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "cookie-session: invalid cookie name");
    }
    std::vector<crypto::HmacKey> keys;
    keys.reserve(options.secrets.size());
    const crypto::Digest digest = options.digest.value_or(crypto::Digest::kSha1);
    for (const auto& s : options.secrets) keys.emplace_back(digest, s.reveal());
    return std::make_unique<CookieSessionSigner>(std::move(keys), Latin1ToUtf8(name),
                                                 options.strict, options.limits);
  }

  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    if (token.size() > limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "cookie-session: cookie longer than the limit");
    }
    const std::string_view value = CookiesValue(token);
    if (value.empty()) return Fail(ErrorCode::kMalformed, "cookie-session: empty cookie");
    // Detection must not claim arbitrary text: require the canonical base64 of a JSON document.
    auto bytes = Base64DecodeStrict(value, Base64Alphabet::kStandard, Base64Padding::kPadded);
    if (!bytes) return Fail(ErrorCode::kMalformed, "cookie-session: not base64");
    auto doc = ParseJson(NodeUtf8Decode(*bytes), limits);
    if (!doc) return std::unexpected(doc.error());
    Decoded d;
    d.format = "cookie-session";
    d.payload = JsJsonStringify(*doc);
    d.is_json = true;
    d.notes = "signature in the NAME.sig cookie (keygrip HMAC, SHA-1 by default)";
    return d;
  }
};

}  // namespace

const Codec& CookieSessionCodec() {
  static const CookieSessionCodecImpl codec;
  return codec;
}

}  // namespace knox::token
