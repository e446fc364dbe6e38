// `flask`: Flask 2.2 SecureCookieSessionInterface cookies. A URLSafeTimedSerializer with salt
// "cookie-session", HMAC key derivation, SHA-1, and the TaggedJSONSerializer dumping through the
// app's JSON provider inside a request: compact, ensure_ascii=True, sort_keys=True.
#include "core/token/codecs.h"
#include "core/token/flask_tagged_json.h"
#include "core/token/itsdangerous_serializer.h"

namespace knox::token {
namespace {

const SerializerFlavor kFlask{
    .name = "flask",
    .summary = "Flask session cookie: B64(JSON|.ZLIB).TIMESTAMP.HMAC (salt cookie-session)",
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
  std::string_view name() const override { return kFlask.name; }
  std::string_view summary() const override { return kFlask.summary; }
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
