// Laravel encrypted payloads and cookies (core/token/laravel.cc). Properties:
//  1. The keyless decode, PHP's cookie-value and base64 readings and APP_KEY parsing never crash,
//     whatever the bytes; what the decode claims is canonical: its envelope is JSON whose padded
//     base64 is the payload the token carries.
//  2. No token verifies under keys drawn from the CSPRNG at start-up (no corpus file can carry a
//     token made with them), for either key size, with or without a cookie name.
//  3. Any bytes signed as a cookie value with one of the four ciphers (the first byte picks it:
//     every cipher is exercised across the corpus, and one input costs a quarter of what all four
//     did — the campaign ran this target at ~175 exec/s when each input was sealed four times and
//     each seal detected against all twenty codecs) verify back to the same bytes
//     (EncryptCookies' prefix added and removed), under --strict too, are refused under another
//     cookie name, and are detected as `laravel`.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/base64.h"
#include "core/crypto/random.h"
#include "core/token/codecs.h"
#include "core/token/json_style.h"
#include "core/token/laravel.h"
#include "core/token/registry.h"

namespace {

using namespace knox;

std::string AppKey(size_t bytes) {
  return "base64:" + Base64Encode(crypto::RandomBytes(bytes).value(), Base64Alphabet::kStandard,
                                  Base64Padding::kPadded);
}

std::unique_ptr<token::Signer> MakeSigner(const std::string& key, std::string cookie,
                                          const char* cipher = nullptr, bool strict = false) {
  token::Options options;
  options.secrets.emplace_back(key);
  options.cookie_name = std::move(cookie);
  if (cipher != nullptr) options.cipher = cipher;
  options.strict = strict;
  auto signer = token::LaravelCodec().NewSigner(options);
  if (!signer) std::abort();
  return std::move(*signer);
}

struct Keyed {
  std::unique_ptr<token::Signer> sign, verify_strict, other_cookie;
};

Keyed MakeKeyed(const std::string& key, const char* cipher) {
  return {MakeSigner(key, "session", cipher), MakeSigner(key, "session", nullptr, true),
          MakeSigner(key, "remember")};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string key256 = AppKey(32);
  static const std::string key128 = AppKey(16);
  static const std::array<Keyed, 4> keyed = {
      MakeKeyed(key256, "AES-256-CBC"), MakeKeyed(key128, "AES-128-CBC"),
      MakeKeyed(key256, "AES-256-GCM"), MakeKeyed(key128, "AES-128-GCM")};
  static const auto bare256 = MakeSigner(key256, "");
  static const auto bare128 = MakeSigner(key128, "");
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  (void)token::laravel::ParseAppKey(input);
  (void)Base64DecodePhpStrict(input);
  const std::string value = token::laravel::PhpCookieValue(input);
  if (auto d = token::LaravelCodec().Decode(input, {})) {
    if (!d->is_json || !d->encrypted || !token::ParseJson(d->payload)) std::abort();
    if (Base64Encode(d->payload, Base64Alphabet::kStandard, Base64Padding::kPadded) != value) {
      std::abort();
    }
  }

  if (bare256->Verify(input) || bare128->Verify(input)) std::abort();
  for (const auto& k : keyed) {
    if (k.sign->Verify(input) || k.other_cookie->Verify(input)) std::abort();
  }

  const Keyed& k = keyed[size == 0 ? 0 : data[0] % keyed.size()];
  auto cookie = k.sign->Sign(input);
  if (!cookie) return 0;  // past the size limit
  auto back = k.sign->Verify(cookie->token);
  if (!back || back->value != input) std::abort();
  auto strict = k.verify_strict->Verify(cookie->token);
  if (!strict || strict->value != input) std::abort();
  if (k.other_cookie->Verify(cookie->token)) std::abort();
  auto detected = token::DetectAndDecode(cookie->token);
  if (!detected || detected->format != "laravel") std::abort();
  return 0;
}
