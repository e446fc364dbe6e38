// gorilla/securecookie cookies (core/token/gorilla.cc, go_json.cc). Properties:
//  1. The keyless decode, net/http's cookie reading and Go's JSON reader never crash, whatever
//     the bytes, and a payload reported as JSON is JSON.
//  2. No signer — gob or JSON, with or without a block key — verifies a cookie under keys drawn
//     from the CSPRNG at start-up (no corpus file can carry a cookie made with them).
//  3. A JSON value signed by each signer verifies back: as the same value for the gob sessions map
//     (what knox signs is what it shows), as Go's JSON reader reads the JSONEncoder's bytes for
//     the JSON serializer; and the cookie is detected as gorilla.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "core/crypto/random.h"
#include "core/token/codecs.h"
#include "core/token/go_json.h"
#include "core/token/gorilla.h"
#include "core/token/json_style.h"
#include "core/token/registry.h"

namespace {

using namespace knox;

std::unique_ptr<token::Signer> MakeSigner(const std::string& key, const std::string& block,
                                          bool json) {
  token::Options options;
  options.secrets.emplace_back(key);
  if (!block.empty()) options.block_keys.emplace_back(block);
  options.cookie_name = "session";
  if (json) options.serializer = "json";
  auto signer = token::GorillaCodec().NewSigner(options);
  if (!signer) std::abort();
  return std::move(*signer);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string key = crypto::RandomBytes(24).value();
  static const std::string block = crypto::RandomBytes(32).value();
  static const std::unique_ptr<token::Signer> signers[] = {
      MakeSigner(key, "", false), MakeSigner(key, block, false), MakeSigner(key, "", true),
      MakeSigner(key, block, true)};
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (auto d = token::GorillaCodec().Decode(input, {}); d && d->is_json) {
    if (!token::ParseJson(d->payload)) std::abort();
  }
  (void)token::gorilla::CookieValue(input);
  (void)token::gorilla::ParseGoInt(input);
  (void)token::gojson::DecodeFirst(input);

  for (const auto& signer : signers) {
    if (signer->Verify(input)) std::abort();
  }

  auto json = token::ParseJson(input);
  if (!json) return 0;
  for (size_t i = 0; i < std::size(signers); ++i) {
    auto cookie = signers[i]->Sign(input);
    if (!cookie) continue;  // a value sessions cannot hold, or past 4096 bytes
    auto back = signers[i]->Verify(cookie->token);
    if (!back || !back->timestamp) std::abort();
    const bool json_serializer = i >= 2;
    const bool opaque = json->is_object() && json->contains("@go");  // bytes signed as given
    if (opaque) {
      // Shown as whatever the bytes are (gob, JSON or opaque).
    } else if (json_serializer) {
      auto expected = token::gojson::DecodeFirst(token::gojson::Encode(*json).value());
      if (!expected || token::ParseJson(back->value).value() != *expected) std::abort();
    } else if (token::ParseJson(back->value).value() != *json) {
      std::abort();
    }
    auto detected = token::DetectAndDecode(cookie->token);
    if (!detected || detected->format != "gorilla") std::abort();
  }
  return 0;
}
