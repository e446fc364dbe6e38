#include "core/crypto/digest.h"

#include <string>

#include "core/base/ascii.h"

namespace knox::crypto {

std::string_view DigestName(Digest d) {
  switch (d) {
    case Digest::kSha1:
      return "sha1";
    case Digest::kSha256:
      return "sha256";
    case Digest::kSha384:
      return "sha384";
    case Digest::kSha512:
      return "sha512";
  }
  return "sha1";
}

Result<Digest> ParseDigest(std::string_view name) {
  for (Digest d : {Digest::kSha1, Digest::kSha256, Digest::kSha384, Digest::kSha512}) {
    if (EqualsIgnoreCase(name, DigestName(d))) return d;
  }
  return Fail(ErrorCode::kInvalidArgument,
              "unknown digest (expected sha1, sha256, sha384, sha512)");
}

}  // namespace knox::crypto
