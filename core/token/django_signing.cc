// `django` (django.core.signing.dumps / loads, and the signed_cookies session backend) and
// `django-signer` (Signer / TimestampSigner with Options::timestamped) of Django 3.2.
//
// `django` wire: B64URL(JSON) or "." B64URL(ZLIB(JSON)), then ":" base62(TS) ":" SIG (see
// django_signer_core.h). JSON is json.dumps(obj, separators=(",", ":")) (ensure_ascii=True).
// Sign compresses exactly when Django would: signing.dumps defaults to compress=False, the
// signed_cookies backend (salt "django.contrib.sessions.backends.signed_cookies") passes True.
// Loading (unsign_object): lenient base64 (pads, skips characters outside the alphabet), zlib, and
// data.decode("latin-1") before json.loads — raw UTF-8 in a payload comes back as mojibake.
#include "core/base/base64.h"
#include "core/token/codecs.h"
#include "core/token/django_signer_core.h"
#include "core/token/python_payload.h"
#include "core/token/signer_settings.h"

namespace knox::token {
namespace {

constexpr std::string_view kSigningSalt = "django.core.signing";
constexpr std::string_view kSessionSalt = "django.contrib.sessions.backends.signed_cookies";
constexpr PyJsonStyle kDjangoStyle{.compact = true, .ensure_ascii = true, .sort_keys = false};

class DjangoSigner final : public Signer {
 public:
  DjangoSigner(DjangoSignerCore core, bool object, bool timestamped, bool compress,
               const Options& options)
      : core_(std::move(core)),
        object_(object),
        timestamped_(timestamped),
        compress_(compress),
        settings_(options) {}

  Result<Signed> Sign(std::string_view value) const override {
    Signed out;
    if (object_) {
      auto text = ReserializeJson(value, kDjangoStyle, settings_.limits);
      if (!text) return std::unexpected(text.error());
      out.token.reserve(Base64EncodedSize(text->size(), Base64Padding::kUnpadded) + 128);
      AppendUrlSafePayload(*text, compress_, out.token);
    } else {
      out.token.reserve(value.size() + 128);
      out.token.append(value);
    }
    if (timestamped_) {
      core_.TimestampSignInPlace(out.token, 0, settings_.IssueTime());
    } else {
      core_.SignInPlace(out.token, 0);
    }
    return out;
  }

  Result<Verified> Verify(std::string_view token, std::string_view) const override {
    if (token.size() > settings_.limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "token longer than the limit");
    }
    auto unsigned_value = timestamped_ ? core_.UnsignTimestamped(token, settings_.max_age,
                                                                 settings_.clock->NowMillis())
                                       : core_.Unsign(token);
    if (!unsigned_value) return std::unexpected(unsigned_value.error());
    if (!object_) {
      return Verified{std::string(unsigned_value->value), false, unsigned_value->timestamp,
                      unsigned_value->key_index};
    }
    auto data = DecodeUrlSafePayload(unsigned_value->value, settings_.strict, settings_.limits);
    if (!data) return std::unexpected(data.error());
    auto json = LoadPyJson(*data, PyTextDecoding::kLatin1, settings_.limits);
    if (!json) return std::unexpected(json.error());
    return Verified{std::move(*json), true, unsigned_value->timestamp, unsigned_value->key_index};
  }

 private:
  DjangoSignerCore core_;
  bool object_;
  bool timestamped_;
  bool compress_;
  SignerSettings settings_;
};

bool IsDigestSized(size_t n) { return n == 20 || n == 32 || n == 48 || n == 64; }

// Splits the last ":" SIG off when SIG is a canonical base64url MAC.
std::optional<size_t> SignatureStart(std::string_view token) {
  size_t pos = token.rfind(':');
  if (pos == std::string_view::npos) return std::nullopt;
  auto mac =
      Base64DecodeStrict(token.substr(pos + 1), Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  if (!mac || !IsDigestSized(mac->size())) return std::nullopt;
  return pos;
}

std::optional<int64_t> CanonicalBase62(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  int64_t v = 0;
  for (char c : text) {
    int d = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'A' && c <= 'Z') ? c - 'A' + 10
            : (c >= 'a' && c <= 'z') ? c - 'a' + 36
                                     : -1;
    if (d < 0) return std::nullopt;
    v = v * 62 + d;
  }
  return v;
}

constexpr std::string_view kDjangoUsualSalts[] = {kSessionSalt};

constexpr FormatTraits kDjangoTraits{
    .name = "django",
    .summary = "Django signing.dumps / signed_cookies: B64(JSON|.ZLIB):TS:HMAC",
    .defaults = "salt django.core.signing, sha256 (sha1 accepted as legacy), separator ':'",
    .options = {Opt::kSalt, Opt::kDigest, Opt::kSeparator, Opt::kStrict, Opt::kTimestamp,
                Opt::kMaxAge},
    .issue_time = IssueTime::kEnvelope,
    .usual_salts = kDjangoUsualSalts,
};

constexpr FormatTraits kDjangoSignerTraits{
    .name = "django-signer",
    .summary = "Django Signer / TimestampSigner (--timestamped): VALUE[:TS]:HMAC",
    .defaults =
        "salt django.core.signing.Signer (TimestampSigner with --timestamped), sha256 "
        "(sha1 accepted as legacy), separator ':'",
    .options = {Opt::kSalt, Opt::kDigest, Opt::kSeparator, Opt::kStrict, Opt::kTimestamped},
    .timestamped_only = {Opt::kTimestamp, Opt::kMaxAge},
    .payload = PayloadKind::kOpaqueValue,
    .issue_time = IssueTime::kEnvelope,
};

// Django compares the signature *text*: 43 characters can only be the SHA-256 MAC, 27 only the
// SHA-1 one (the configured algorithm when it is SHA-1, else the legacy fallback).
std::optional<MacPlan> PlanDjangoMac(bool object, const Options& o, std::string_view token) {
  if (o.key_derivation && *o.key_derivation != KeyDerivation::kDjangoConcat) return std::nullopt;
  std::string salt;
  if (o.salt && !o.salt->empty()) {
    salt = *o.salt;
  } else if (object && !o.salt) {
    salt = kSigningSalt;
  } else {
    salt = object || o.timestamped ? "django.core.signing.TimestampSigner"
                                   : "django.core.signing.Signer";
  }
  const crypto::Digest configured = o.digest.value_or(crypto::Digest::kSha256);
  const std::string sep = o.separator.value_or(":");
  const size_t pos = token.rfind(sep);
  if (sep.empty() || pos == std::string_view::npos) return std::nullopt;
  const size_t sig_chars = token.size() - pos - sep.size();
  // The configured digest's signature, else (not strict) the legacy SHA-1 one Django also accepts.
  crypto::Digest digest = configured;
  if (sig_chars != Base64EncodedSize(crypto::DigestSize(configured), Base64Padding::kUnpadded)) {
    if (sig_chars != 27 || (configured != crypto::Digest::kSha1 && o.strict)) return std::nullopt;
    digest = crypto::Digest::kSha1;
  }
  if (!FastDigest(digest)) return std::nullopt;
  return PlanSplitAtLast(token, sep, digest, KeyRule::kHashConcat, salt + "signer");
}

class DjangoCodecImpl final : public Codec {
 public:
  explicit DjangoCodecImpl(bool object) : object_(object) {}
  const FormatTraits& traits() const override {
    return object_ ? kDjangoTraits : kDjangoSignerTraits;
  }
  std::optional<MacPlan> PlanMac(const Options& options, std::string_view token,
                                 std::string_view) const override {
    return PlanDjangoMac(object_, options, token);
  }
  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    bool timestamped = object_ || options.timestamped;
    // Signer's own default (also what an empty salt falls back to: `salt or default`).
    std::string_view default_salt =
        timestamped ? "django.core.signing.TimestampSigner" : "django.core.signing.Signer";
    // signing.dumps / loads default to their own salt.
    Options adjusted = options;
    if (object_ && !adjusted.salt) adjusted.salt = std::string(kSigningSalt);
    auto core = DjangoSignerCore::Create(adjusted, default_salt);
    if (!core) return std::unexpected(core.error());
    bool compress = object_ && adjusted.salt == kSessionSalt;
    return std::make_unique<DjangoSigner>(std::move(*core), object_, timestamped, compress,
                                          options);
  }
  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    if (token.size() > limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "token longer than the limit");
    }
    auto sig_pos = SignatureStart(token);
    if (!sig_pos) return Fail(ErrorCode::kMalformed, "no Django signature after the last ':'");
    Decoded out;
    out.format = std::string(name());
    out.signature = std::string(token.substr(*sig_pos + 1));
    std::string_view rest = token.substr(0, *sig_pos);
    size_t ts_pos = rest.rfind(':');
    if (ts_pos != std::string_view::npos) {
      if (auto ts = CanonicalBase62(rest.substr(ts_pos + 1))) {
        out.timestamp = ts;
        rest = rest.substr(0, ts_pos);
      }
    }
    if (!object_) {
      out.payload = std::string(rest);
      return out;
    }
    if (!out.timestamp) return Fail(ErrorCode::kMalformed, "no base62 timestamp");
    if (rest.starts_with('.')) out.notes = "zlib-compressed";
    auto data = DecodeUrlSafePayload(rest, /*strict=*/true, limits);
    if (!data) return std::unexpected(data.error());
    auto json = LoadPyJson(*data, PyTextDecoding::kLatin1, limits);
    if (!json) return std::unexpected(json.error());
    out.payload = std::move(*json);
    out.is_json = true;
    return out;
  }

 private:
  bool object_;
};

}  // namespace

const Codec& DjangoCodec() {
  static const DjangoCodecImpl codec(true);
  return codec;
}

const Codec& DjangoSignerCodec() {
  static const DjangoCodecImpl codec(false);
  return codec;
}

}  // namespace knox::token
