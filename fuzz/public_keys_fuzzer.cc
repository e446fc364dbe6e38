// Public keys and JWT forgeries (core/token/public_keys.cc, core/crypto/public_key.cc,
// core/token/jwt_forge.cc): a --secret-file of any bytes — PEM, JWK, JWK Set — and any token.
// Properties: no crash; keys that load verify nothing signed by nobody (a fixed RS256 token
// fails under every loaded key); a forged alg-none or stripped token never verifies under the
// keys; a forgery keeps the token's payload segment byte for byte, and hs-with-public-key needs a
// key; an attack name is one of the three.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/token/codecs.h"
#include "core/token/jwt_forge.h"
#include "core/token/public_keys.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace knox::token;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  for (JwtAttack attack :
       {JwtAttack::kAlgNone, JwtAttack::kHsWithPublicKey, JwtAttack::kStripSignature}) {
    auto forged = ForgeJwt(input, attack, "key");
    if (!forged) continue;
    const size_t first = input.find('.');
    const size_t last = input.rfind('.');
    const std::string_view payload = input.substr(first + 1, last - first - 1);
    if (forged->find("." + std::string(payload) + ".") == std::string::npos) std::abort();
  }
  // The attack names of `knox token forge --attack`: exactly three.
  if (ParseJwtAttack(input).has_value() !=
      (input == "none" || input == "hs-with-public-key" || input == "strip-signature")) {
    std::abort();
  }
  if (ForgeJwt(input, JwtAttack::kHsWithPublicKey, "")) std::abort();  // needs the key
  auto keys = LoadPublicKeys(input);
  if (!keys) return 0;
  Options o;
  o.public_keys = std::move(*keys);
  auto verifier = JwtCodec().NewSigner(o);
  if (!verifier) std::abort();
  // {"alg":"RS256"}.{"sub":"x"}.<64 bytes of zeros> and its forgeries.
  const std::string token =
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0."
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  if ((*verifier)->Verify(token)) std::abort();
  for (JwtAttack attack : {JwtAttack::kAlgNone, JwtAttack::kStripSignature}) {
    if ((*verifier)->Verify(ForgeJwt(token, attack).value())) std::abort();
  }
  return 0;
}
