// Properties of the audit's readers of what a server answers an API login and publishes as keys
// (conformance/flows/bearer_token.h, jwks.h). The first byte picks the reader, the rest is
// the input ("POINTER\nBODY" for the pointer mode):
//   - FindBearerToken never fails loudly; a token it returns is 8..8192 visible ASCII characters
//     (it goes into a request header), and its `source` is a JSON pointer that reads the same
//     token back (the report's issued_in names exactly where the token was).
//   - With the profile's pointer, a token found is the one at that pointer (the source echoes it).
//   - PublicKeyPems returns PEM `PUBLIC KEY` blocks that LoadPublicKeys reads back to as many keys,
//     or a jwks_uri from an OpenID configuration, never both.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "conformance/flows/bearer_token.h"
#include "conformance/flows/jwks.h"
#include "core/token/public_keys.h"

namespace {

using knox::flows::FindBearerToken;
using knox::flows::FoundBearer;

void Require(bool ok) {
  if (!ok) std::abort();
}

void CheckToken(const FoundBearer& found, std::string_view body) {
  Require(found.token.size() >= 8 && found.token.size() <= 8192);
  for (char c : found.token) Require(c > 0x20 && c < 0x7f);
  Require(!found.source.empty() && found.source[0] == '/');
  auto again = FindBearerToken(body, found.source);
  Require(again && again->token == found.token && again->source == found.source);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      if (auto found = FindBearerToken(input)) CheckToken(*found, input);
      break;
    case 1: {
      const size_t newline = input.find('\n');
      if (newline == std::string_view::npos) return 0;
      const std::string_view pointer = input.substr(0, newline);
      const std::string_view body = input.substr(newline + 1);
      if (auto found = FindBearerToken(body, pointer)) {
        Require(found->source == pointer);
        if (!pointer.empty()) CheckToken(*found, body);
      }
      break;
    }
    default: {
      std::optional<std::string> jwks_uri;
      const auto pems = knox::flows::PublicKeyPems(input, &jwks_uri);
      Require(pems.empty() || !jwks_uri);
      for (const std::string& pem : pems) {
        Require(pem.starts_with("-----BEGIN PUBLIC KEY-----\n") && pem.ends_with("\n"));
        auto keys = knox::token::LoadPublicKeys(pem);
        Require(keys && keys->size() == 1);
      }
      break;
    }
  }
  return 0;
}
