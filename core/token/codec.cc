#include "core/token/codec.h"

#include "core/base/base64.h"

namespace knox::token {

std::string Codec::KeyFromRandomBytes(std::string_view bytes32) const {
  return Base64Encode(bytes32, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
}

std::string_view KeyDerivationName(KeyDerivation k) {
  switch (k) {
    case KeyDerivation::kDjangoConcat:
      return "django-concat";
    case KeyDerivation::kConcat:
      return "concat";
    case KeyDerivation::kHmac:
      return "hmac";
    case KeyDerivation::kNone:
      return "none";
  }
  return "django-concat";
}

Result<KeyDerivation> ParseKeyDerivation(std::string_view name) {
  for (KeyDerivation k : {KeyDerivation::kDjangoConcat, KeyDerivation::kConcat,
                          KeyDerivation::kHmac, KeyDerivation::kNone}) {
    if (name == KeyDerivationName(k)) return k;
  }
  return Fail(ErrorCode::kInvalidArgument,
              "unknown key derivation (expected django-concat, concat, hmac, none)");
}

}  // namespace knox::token
