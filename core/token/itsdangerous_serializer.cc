#include "core/token/itsdangerous_serializer.h"

#include "core/base/base64.h"
#include "core/token/codecs.h"
#include "core/token/py_json_fast.h"
#include "core/token/python_payload.h"
#include "core/token/signer_settings.h"

namespace knox::token {
namespace {

class SerializerSigner final : public Signer {
 public:
  SerializerSigner(const SerializerFlavor& flavor, ItsSignerCore core, bool timed,
                   const Options& options)
      : flavor_(flavor), core_(std::move(core)), timed_(timed), settings_(options) {}

  Result<Signed> Sign(std::string_view value) const override {
    auto text = DumpValue(value);
    if (!text) return std::unexpected(text.error());
    Signed out;
    out.token.reserve(Base64EncodedSize(text->size(), Base64Padding::kUnpadded) + 128);
    if (flavor_.url_safe) {
      AppendUrlSafePayload(*text, /*compress=*/true, out.token);
    } else {
      out.token = std::move(*text);
    }
    if (!timed_) {
      core_.SignInPlace(out.token, 0);
      return out;
    }
    auto done = core_.TimestampSignInPlace(out.token, 0, settings_.IssueTime());
    if (!done) return std::unexpected(done.error());
    return out;
  }

  Result<Verified> Verify(std::string_view token, std::string_view) const override {
    if (token.size() > settings_.limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "token longer than the limit");
    }
    // TimedSerializer.loads always asks for the timestamp (return_timestamp=True internally).
    auto unsigned_value =
        timed_ ? core_.UnsignTimestamped(token, settings_.max_age, settings_.clock->NowSeconds(),
                                         /*return_timestamp=*/true, settings_.strict)
               : core_.Unsign(token, settings_.strict);
    if (!unsigned_value) return std::unexpected(unsigned_value.error());
    std::string decoded_storage;
    std::string_view payload = unsigned_value->value;
    if (flavor_.url_safe) {
      auto decoded = DecodeUrlSafePayload(payload, settings_.strict, settings_.limits);
      if (!decoded) return std::unexpected(decoded.error());
      decoded_storage = std::move(*decoded);
      payload = decoded_storage;
    }
    auto json = LoadValue(payload);
    if (!json) return std::unexpected(json.error());
    return Verified{std::move(*json), true, unsigned_value->timestamp, unsigned_value->key_index};
  }

 private:
  // json.dumps(json.loads(value)) in the flavor's style (with Flask's tagging).
  Result<std::string> DumpValue(std::string_view value) const {
    if (!flavor_.prepare_for_dump) {
      if (auto fast = FastPyJsonDumps(value, flavor_.style, settings_.limits))
        return std::move(*fast);
    }
    auto doc = ParseJson(value, settings_.limits);
    if (!doc) return std::unexpected(doc.error());
    if (flavor_.prepare_for_dump) {
      auto prepared = flavor_.prepare_for_dump(std::move(*doc));
      if (!prepared) return std::unexpected(prepared.error());
      doc = std::move(prepared);
    }
    return PyJsonDumps(*doc, flavor_.style);
  }

  // load_payload: UTF-8 text, json.loads (and Flask's untag checks).
  Result<std::string> LoadValue(std::string_view payload) const {
    if (!flavor_.check_loaded) return LoadPyJson(payload, PyTextDecoding::kUtf8, settings_.limits);
    auto doc = ParsePyJson(payload, PyTextDecoding::kUtf8, settings_.limits);
    if (!doc) return std::unexpected(doc.error());
    if (auto ok = flavor_.check_loaded(*doc); !ok) return std::unexpected(ok.error());
    if (flavor_.session_view) {
      auto view = flavor_.session_view(std::move(*doc));
      if (!view) return std::unexpected(view.error());
      return VerifiedJsonText(*view);
    }
    return VerifiedJsonText(*doc);
  }

  const SerializerFlavor& flavor_;
  ItsSignerCore core_;
  bool timed_;
  SignerSettings settings_;
};

// Canonical TS (1..8 bytes); nullopt otherwise.
std::optional<int64_t> CanonicalTimestamp(std::string_view text) {
  auto ts = Base64DecodeStrict(text, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  if (!ts || ts->size() > 8 || (!ts->empty() && ts->front() == '\0')) return std::nullopt;
  uint64_t v = 0;
  for (char c : *ts) v = (v << 8) | static_cast<unsigned char>(c);
  if (v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(v);
}

Result<Decoded> DecodeShape(const SerializerFlavor& flavor, std::string_view token, bool timed,
                            const Limits& limits) {
  size_t pos = token.rfind('.');
  if (pos == std::string_view::npos) return Fail(ErrorCode::kMalformed, "no '.' separator");
  Decoded out;
  out.format = std::string(flavor.traits->name);
  out.signature = std::string(token.substr(pos + 1));
  auto mac = Base64DecodeStrict(out.signature, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  if (!mac || (mac->size() != 20 && mac->size() != 32 && mac->size() != 48 && mac->size() != 64)) {
    return Fail(ErrorCode::kMalformed, "no itsdangerous signature");
  }
  std::string_view payload = token.substr(0, pos);
  if (timed) {
    size_t ts_pos = payload.rfind('.');
    if (ts_pos == std::string_view::npos) return Fail(ErrorCode::kMalformed, "no timestamp");
    out.timestamp = CanonicalTimestamp(payload.substr(ts_pos + 1));
    if (!out.timestamp) return Fail(ErrorCode::kMalformed, "no timestamp");
    payload = payload.substr(0, ts_pos);
  }
  std::string storage;
  if (flavor.url_safe) {
    if (payload.starts_with('.')) out.notes = "zlib-compressed";
    auto decoded = DecodeUrlSafePayload(payload, /*strict=*/true, limits);
    if (!decoded) return std::unexpected(decoded.error());
    storage = std::move(*decoded);
    payload = storage;
  }
  auto doc = ParsePyJson(payload, PyTextDecoding::kUtf8, limits);
  if (!doc) return std::unexpected(doc.error());
  if (flavor.decode_needs_object && !doc->is_object()) {
    return Fail(ErrorCode::kMalformed, "payload is not a JSON object");
  }
  out.payload = VerifiedJsonText(*doc);
  out.is_json = true;
  return out;
}

}  // namespace

Result<std::unique_ptr<Signer>> NewSerializerSigner(const SerializerFlavor& flavor,
                                                    const Options& options) {
  auto core = ItsSignerCore::Create(options, flavor.defaults);
  if (!core) return std::unexpected(core.error());
  bool timed = flavor.timed.value_or(options.timestamped);
  return std::make_unique<SerializerSigner>(flavor, std::move(*core), timed, options);
}

Result<Decoded> DecodeSerializerToken(const SerializerFlavor& flavor, std::string_view token,
                                      const Limits& limits) {
  if (token.size() > limits.max_token_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "token longer than the limit");
  }
  if (flavor.timed) return DecodeShape(flavor, token, *flavor.timed, limits);
  if (auto timed = DecodeShape(flavor, token, true, limits)) return timed;
  return DecodeShape(flavor, token, false, limits);
}

namespace {

constexpr PyJsonStyle kUrlSafeStyle{.compact = true, .ensure_ascii = false, .sort_keys = false};
constexpr PyJsonStyle kDefaultStyle{.compact = false, .ensure_ascii = true, .sort_keys = false};
constexpr ItsDefaults kSerializerDefaults{.salt = "itsdangerous"};
constexpr std::string_view kSerializerDefaultsText =
    "salt itsdangerous, django-concat key derivation, sha1, separator '.'";

constexpr FormatTraits kUrlSafeTraits{
    .name = "itsdangerous",
    .summary = "itsdangerous URLSafeSerializer: B64(JSON|.ZLIB).HMAC",
    .defaults = kSerializerDefaultsText,
    .options = kItsOptions,
};

constexpr FormatTraits kUrlSafeTimedTraits{
    .name = "itsdangerous-timed",
    .summary = "itsdangerous URLSafeTimedSerializer: B64(JSON|.ZLIB).TIMESTAMP.HMAC",
    .defaults = kSerializerDefaultsText,
    .options = kItsTimedOptions,
    .issue_time = IssueTime::kEnvelope,
};

constexpr FormatTraits kJsonTraits{
    .name = "itsdangerous-json",
    .summary = "itsdangerous Serializer / TimedSerializer (--timestamped): JSON[.TIMESTAMP].HMAC",
    .defaults = kSerializerDefaultsText,
    .options = OptionSet(kItsOptions).Add(Opt::kTimestamped),
    .timestamped_only = {Opt::kTimestamp, Opt::kMaxAge},
    .issue_time = IssueTime::kEnvelope,
};

class SerializerCodec final : public Codec {
 public:
  explicit SerializerCodec(SerializerFlavor flavor) : flavor_(flavor) {}
  const FormatTraits& traits() const override { return *flavor_.traits; }
  std::optional<MacPlan> PlanMac(const Options& options, std::string_view token,
                                 std::string_view) const override {
    return PlanItsdangerousMac(flavor_.defaults, options, token);
  }
  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    return NewSerializerSigner(flavor_, options);
  }
  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    return DecodeSerializerToken(flavor_, token, limits);
  }

 private:
  SerializerFlavor flavor_;
};

}  // namespace

const Codec& ItsdangerousUrlSafeCodec() {
  static const SerializerCodec codec(SerializerFlavor{.traits = &kUrlSafeTraits,
                                                      .defaults = kSerializerDefaults,
                                                      .url_safe = true,
                                                      .timed = false,
                                                      .style = kUrlSafeStyle});
  return codec;
}

const Codec& ItsdangerousUrlSafeTimedCodec() {
  static const SerializerCodec codec(SerializerFlavor{.traits = &kUrlSafeTimedTraits,
                                                      .defaults = kSerializerDefaults,
                                                      .url_safe = true,
                                                      .timed = true,
                                                      .style = kUrlSafeStyle});
  return codec;
}

const Codec& ItsdangerousJsonCodec() {
  static const SerializerCodec codec(SerializerFlavor{.traits = &kJsonTraits,
                                                      .defaults = kSerializerDefaults,
                                                      .url_safe = false,
                                                      .timed = std::nullopt,
                                                      .style = kDefaultStyle});
  return codec;
}

}  // namespace knox::token
