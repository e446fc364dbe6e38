// `starlette`: Starlette 0.26 SessionMiddleware cookies.
//
// Wire: B64STD(json.dumps(session)).TS.SIG — the payload is *standard* base64 with padding of
// json.dumps with Python's default separators (", ", ": ") and ensure_ascii, signed by
// itsdangerous.TimestampSigner(str(secret)) with every default (salt "itsdangerous.Signer",
// django-concat, SHA-1). Loading: signer.unsign(max_age) (BadSignature/SignatureExpired), then
// json.loads(b64decode(data)) whose errors are not BadSignature (the middleware lets them escape):
// knox reports them as kMalformed. b64decode is non-strict: characters outside the standard
// alphabet (including '-' and '_') are skipped.
#include "core/base/base64.h"
#include "core/token/codecs.h"
#include "core/token/itsdangerous_signer_core.h"
#include "core/token/python_payload.h"
#include "core/token/signer_settings.h"

namespace knox::token {
namespace {

constexpr PyJsonStyle kStarletteStyle{.compact = false, .ensure_ascii = true, .sort_keys = false};

Result<std::string> DecodeStarlettePayload(std::string_view data, bool strict,
                                           const Limits& limits) {
  auto raw = strict ? Base64DecodeStrict(data, Base64Alphabet::kStandard, Base64Padding::kPadded)
                    : Base64DecodePython(data, /*url_safe=*/false);
  if (!raw) return Fail(ErrorCode::kMalformed, "payload is not base64");
  return LoadPyJson(*raw, PyTextDecoding::kJsonBytes, limits);
}

class StarletteSigner final : public Signer {
 public:
  StarletteSigner(ItsSignerCore core, const Options& options)
      : core_(std::move(core)), settings_(options) {}

  Result<Signed> Sign(std::string_view value) const override {
    auto text = ReserializeJson(value, kStarletteStyle, settings_.limits);
    if (!text) return std::unexpected(text.error());
    Signed out;
    out.token.reserve(Base64EncodedSize(text->size(), Base64Padding::kPadded) + 64);
    Base64EncodeAppend(*text, Base64Alphabet::kStandard, Base64Padding::kPadded, out.token);
    auto done = core_.TimestampSignInPlace(out.token, 0, settings_.IssueTime());
    if (!done) return std::unexpected(done.error());
    return out;
  }

  Result<Verified> Verify(std::string_view token, std::string_view) const override {
    if (token.size() > settings_.limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "token longer than the limit");
    }
    auto unsigned_value =
        core_.UnsignTimestamped(token, settings_.max_age, settings_.clock->NowSeconds(),
                                /*return_timestamp=*/false, settings_.strict);
    if (!unsigned_value) return std::unexpected(unsigned_value.error());
    auto json = DecodeStarlettePayload(unsigned_value->value, settings_.strict, settings_.limits);
    if (!json) return std::unexpected(json.error());
    return Verified{std::move(*json), true, unsigned_value->timestamp, unsigned_value->key_index};
  }

 private:
  ItsSignerCore core_;
  SignerSettings settings_;
};

constexpr std::string_view kStarletteAliases[] = {"fastapi"};

constexpr FormatTraits kStarletteTraits{
    .name = "starlette",
    .aliases = kStarletteAliases,
    .summary = "Starlette SessionMiddleware: B64STD(JSON).TIMESTAMP.HMAC",
    .defaults =
        "itsdangerous TimestampSigner defaults: salt itsdangerous.Signer, django-concat, "
        "sha1, separator '.'",
    .options = kItsTimedOptions,
    .issue_time = IssueTime::kEnvelope,
};

class StarletteSessionCodec final : public Codec {
 public:
  const FormatTraits& traits() const override { return kStarletteTraits; }
  std::optional<MacPlan> PlanMac(const Options& options, std::string_view token,
                                 std::string_view) const override {
    return PlanItsdangerousMac(ItsDefaults{}, options, token);
  }
  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    auto core = ItsSignerCore::Create(options, ItsDefaults{});
    if (!core) return std::unexpected(core.error());
    return std::make_unique<StarletteSigner>(std::move(*core), options);
  }
  // Claims VALUE.TS.SIG whose VALUE is canonical padded standard base64 of JSON written the way
  // json.dumps writes it by default (", " and ": " separators, ASCII escapes).
  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    if (token.size() > limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "token longer than the limit");
    }
    size_t sig_pos = token.rfind('.');
    if (sig_pos == std::string_view::npos) return Fail(ErrorCode::kMalformed, "no separator");
    size_t ts_pos = token.substr(0, sig_pos).rfind('.');
    if (ts_pos == std::string_view::npos) return Fail(ErrorCode::kMalformed, "no timestamp");
    std::string_view sig = token.substr(sig_pos + 1);
    auto mac = Base64DecodeStrict(sig, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
    if (!mac || mac->size() != 20) return Fail(ErrorCode::kMalformed, "no SHA-1 signature");
    auto ts = Base64DecodeStrict(token.substr(ts_pos + 1, sig_pos - ts_pos - 1),
                                 Base64Alphabet::kUrl, Base64Padding::kUnpadded);
    if (!ts || ts->size() > 8) return Fail(ErrorCode::kMalformed, "no timestamp");
    auto raw = Base64DecodeStrict(token.substr(0, ts_pos), Base64Alphabet::kStandard,
                                  Base64Padding::kPadded);
    if (!raw) return Fail(ErrorCode::kMalformed, "payload is not padded standard base64");
    auto doc = ParsePyJson(*raw, PyTextDecoding::kJsonBytes, limits);
    if (!doc) return std::unexpected(doc.error());
    if (PyJsonDumps(*doc, kStarletteStyle) != *raw) {
      return Fail(ErrorCode::kMalformed, "payload is not json.dumps output");
    }
    Decoded out;
    out.format = "starlette";
    out.payload = VerifiedJsonText(*doc);
    out.is_json = true;
    uint64_t t = 0;
    for (char c : *ts) t = (t << 8) | static_cast<unsigned char>(c);
    if (t <= static_cast<uint64_t>(INT64_MAX)) out.timestamp = static_cast<int64_t>(t);
    out.signature = std::string(sig);
    return out;
  }
};

}  // namespace

const Codec& StarletteCodec() {
  static const StarletteSessionCodec codec;
  return codec;
}

}  // namespace knox::token
