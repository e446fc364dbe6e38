#include "core/crypto/random.h"

#include <openssl/rand.h>

namespace knox::crypto {

Result<std::string> RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    return Fail(ErrorCode::kUnavailable, "CSPRNG: RAND_bytes failed");
  }
  return out;
}

}  // namespace knox::crypto
