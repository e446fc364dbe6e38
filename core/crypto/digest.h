// Hash functions knox's token formats use, by name, and one-shot hashing.
#pragma once

#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox::crypto {

enum class Digest { kSha1, kSha256, kSha384, kSha512 };

constexpr size_t DigestSize(Digest d) {
  switch (d) {
    case Digest::kSha1:
      return 20;
    case Digest::kSha256:
      return 32;
    case Digest::kSha384:
      return 48;
    case Digest::kSha512:
      return 64;
  }
  return 0;
}
constexpr size_t kMaxDigestSize = 64;

// "sha1", "sha256", ...
std::string_view DigestName(Digest d);
// Accepts the names above (case-insensitive); kInvalidArgument otherwise.
Result<Digest> ParseDigest(std::string_view name);

std::string Hash(Digest d, std::string_view data);
// The same into `out`, which must have room for DigestSize(d) bytes (no allocation).
void HashTo(Digest d, std::string_view data, unsigned char* out);

}  // namespace knox::crypto
