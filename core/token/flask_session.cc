// `flask`: Flask 2.2 SecureCookieSessionInterface cookies. A URLSafeTimedSerializer with salt
// "cookie-session", HMAC key derivation, SHA-1, and the TaggedJSONSerializer dumping through the
// app's JSON provider inside a request: compact, ensure_ascii=True, sort_keys=True.
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
