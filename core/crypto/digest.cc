#include "core/crypto/digest.h"

#include <algorithm>
#include <cctype>
#include <string>

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
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (Digest d : {Digest::kSha1, Digest::kSha256, Digest::kSha384, Digest::kSha512}) {
    if (lower == DigestName(d)) return d;
  }
  return Fail(ErrorCode::kInvalidArgument,
              "unknown digest (expected sha1, sha256, sha384, sha512)");
}

}  // namespace knox::crypto
