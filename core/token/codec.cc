#include "core/token/codec.h"

namespace knox::token {

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
