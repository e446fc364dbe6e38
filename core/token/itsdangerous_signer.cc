// `itsdangerous-signer` (itsdangerous.Signer) and `itsdangerous-timestamp` (TimestampSigner):
// VALUE is signed as raw bytes. See itsdangerous_signer_core.h for the wire layout and rules.
#include "core/base/base64.h"
#include "core/token/codecs.h"
#include "core/token/itsdangerous_signer_core.h"
#include "core/token/signer_settings.h"

namespace knox::token {
namespace {

bool IsDigestSized(size_t n) { return n == 20 || n == 32 || n == 48 || n == 64; }

class ItsRawSigner final : public Signer {
 public:
  ItsRawSigner(ItsSignerCore core, bool timestamped, const Options& options)
      : core_(std::move(core)), timestamped_(timestamped), settings_(options) {}

  Result<Signed> Sign(std::string_view value) const override {
    Signed out;
    out.token.reserve(value.size() + 2 * core_.separator().size() + 100);
    if (!timestamped_) {
      core_.AppendSigned(value, out.token);
      return out;
    }
    auto done = core_.AppendTimestampSigned(value, settings_.IssueTime(), out.token);
    if (!done) return std::unexpected(done.error());
    return out;
  }

  Result<Verified> Verify(std::string_view token, std::string_view) const override {
    if (token.size() > settings_.limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "token longer than the limit");
    }
    auto unsigned_value =
        timestamped_
            ? core_.UnsignTimestamped(token, settings_.max_age, settings_.clock->NowSeconds(),
                                      /*return_timestamp=*/false, settings_.strict)
            : core_.Unsign(token, settings_.strict);
    if (!unsigned_value) return std::unexpected(unsigned_value.error());
    return Verified{std::string(unsigned_value->value), false, unsigned_value->timestamp,
                    unsigned_value->key_index};
  }

 private:
  ItsSignerCore core_;
  bool timestamped_;
  SignerSettings settings_;
};

// Splits VALUE.SIG where SIG is a canonical base64url MAC of one of the supported digest sizes.
Result<Decoded> DecodeSignerShape(std::string_view token, std::string_view format) {
  size_t pos = token.rfind('.');
  if (pos == std::string_view::npos) return Fail(ErrorCode::kMalformed, "no '.' separator");
  std::string_view sig = token.substr(pos + 1);
  auto mac = Base64DecodeStrict(sig, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  if (!mac || !IsDigestSized(mac->size())) {
    return Fail(ErrorCode::kMalformed, "no itsdangerous signature after the last '.'");
  }
  Decoded out;
  out.format = std::string(format);
  out.payload = std::string(token.substr(0, pos));
  out.signature = std::string(sig);
  return out;
}

constexpr std::string_view kItsDefaultsText =
    "salt itsdangerous.Signer, django-concat key derivation, sha1, separator '.'";

constexpr FormatTraits kSignerTraits{
    .name = "itsdangerous-signer",
    .summary = "itsdangerous Signer: VALUE.HMAC",
    .defaults = kItsDefaultsText,
    .options = kItsOptions,
    .payload = PayloadKind::kOpaqueValue,
};

constexpr FormatTraits kTimestampTraits{
    .name = "itsdangerous-timestamp",
    .summary = "itsdangerous TimestampSigner: VALUE.TIMESTAMP.HMAC",
    .defaults = kItsDefaultsText,
    .options = kItsTimedOptions,
    .payload = PayloadKind::kOpaqueValue,
    .issue_time = IssueTime::kEnvelope,
};

class ItsRawCodec final : public Codec {
 public:
  explicit ItsRawCodec(bool timestamped) : timestamped_(timestamped) {}
  const FormatTraits& traits() const override {
    return timestamped_ ? kTimestampTraits : kSignerTraits;
  }
  std::optional<MacPlan> PlanMac(const Options& options, std::string_view token,
                                 std::string_view) const override {
    return PlanItsdangerousMac(ItsDefaults{}, options, token);
  }
  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    auto core = ItsSignerCore::Create(options, ItsDefaults{});
    if (!core) return std::unexpected(core.error());
    return std::make_unique<ItsRawSigner>(std::move(*core), timestamped_, options);
  }
  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    if (token.size() > limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "token longer than the limit");
    }
    auto decoded = DecodeSignerShape(token, name());
    if (!decoded || !timestamped_) return decoded;
    size_t pos = decoded->payload.rfind('.');
    if (pos == std::string::npos) return Fail(ErrorCode::kMalformed, "no timestamp");
    auto ts = Base64DecodeStrict(std::string_view(decoded->payload).substr(pos + 1),
                                 Base64Alphabet::kUrl, Base64Padding::kUnpadded);
    if (!ts || ts->size() > 8) return Fail(ErrorCode::kMalformed, "no timestamp");
    int64_t t = 0;
    for (char c : *ts) t = static_cast<int64_t>(static_cast<uint64_t>(t) << 8) | uint8_t(c);
    if (t >= 0) decoded->timestamp = t;
    decoded->payload.resize(pos);
    return decoded;
  }

 private:
  bool timestamped_;
};

}  // namespace

const Codec& ItsdangerousSignerCodec() {
  static const ItsRawCodec codec(false);
  return codec;
}

const Codec& ItsdangerousTimestampCodec() {
  static const ItsRawCodec codec(true);
  return codec;
}

}  // namespace knox::token
