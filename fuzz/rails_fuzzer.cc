// Rails cookies (core/token/rails_signed.cc, rails_encrypted.cc, rails_message.cc). Properties:
//  1. The message layer on raw bytes (the _rails envelope, Time.iso8601, the serializers) and the
//     keyless decode of both jars never crash, whatever the bytes.
//  2. Neither jar verifies a cookie under a key drawn from the CSPRNG at start-up (no corpus file
//     can carry a cookie made with it).
//  3. A JSON value signed by either jar verifies back to the same value (ActiveSupport::JSON's
//     encoding read back, the envelope's purpose and expiry checked), and is detected as Rails.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/crypto/random.h"
#include "core/token/codecs.h"
#include "core/token/json_style.h"
#include "core/token/rails_message.h"
#include "core/token/registry.h"

namespace {

using namespace knox;

std::unique_ptr<token::Signer> MakeSigner(const token::Codec& codec, const std::string& key) {
  token::Options options;
  options.secrets.emplace_back(key);
  options.cookie_name = "session";
  options.expires = 4'000'000'000;  // 2096: ahead of the clock
  auto signer = codec.NewSigner(options);
  if (!signer) std::abort();
  return std::move(*signer);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string key = crypto::RandomBytes(24).value();
  static const auto signed_jar = MakeSigner(token::RailsSignedCodec(), key);
  static const auto encrypted_jar = MakeSigner(token::RailsEncryptedCodec(), key);
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (auto message = token::rails::Unwrap(input, {})) {
    (void)token::rails::CheckPurposeAndExpiry(*message, "session", 0);
    (void)token::rails::Deserialize(message->serialized, {});
  }
  (void)token::rails::ParseIso8601(input);
  (void)token::RailsSignedCodec().Decode(input, {});
  (void)token::RailsEncryptedCodec().Decode(input, {});

  if (signed_jar->Verify(input) || encrypted_jar->Verify(input)) std::abort();

  auto json = token::ParseJson(input);
  if (!json) return 0;
  const std::string expected = token::JsJsonStringify(*json);
  for (const auto* jar : {signed_jar.get(), encrypted_jar.get()}) {
    auto cookie = jar->Sign(input);
    if (!cookie) continue;  // e.g. past the size limit
    auto back = jar->Verify(cookie->token);
    if (!back || back->value != expected) std::abort();
    auto detected = token::DetectAndDecode(cookie->token);
    if (!detected || !detected->format.starts_with("rails-")) {
      // An envelope-less cookie is rack's shape; with a cookie name there is always an envelope.
      std::abort();
    }
  }
  return 0;
}
