#include "core/crypto/pbkdf2.h"

#include <climits>

#include "core/crypto/hmac.h"
#include "core/crypto/secret_bytes.h"

namespace knox::crypto {

// RFC 8018 §5.2 over HmacKey: the password's HMAC pads are hashed once, so each iteration costs
// two compression-function calls and no allocation (OpenSSL 3's PKCS5_PBKDF2_HMAC goes through
// its provider layer per iteration and is several times slower for the 1000-iteration keys Rails
// derives per cracking candidate).
Result<std::string> Pbkdf2(Digest digest, std::string_view password, std::string_view salt,
                           unsigned iterations, size_t key_length) {
  if (iterations == 0 || key_length == 0) {
    return Fail(ErrorCode::kInvalidArgument, "pbkdf2: iterations and key length must be positive");
  }
  const size_t h = DigestSize(digest);
  if (key_length > (size_t{UINT32_MAX}) * h) {
    return Fail(ErrorCode::kInvalidArgument, "pbkdf2: derived key too long");
  }
  const HmacKey key(digest, password);
  std::string out;
  out.reserve(key_length);
  unsigned char u[kMaxDigestSize];
  unsigned char t[kMaxDigestSize];
  for (uint32_t block = 1; out.size() < key_length; ++block) {
    const char index[4] = {static_cast<char>(block >> 24), static_cast<char>(block >> 16),
                           static_cast<char>(block >> 8), static_cast<char>(block)};
    key.Sign({salt, std::string_view(index, 4)}, u);
    std::copy(u, u + h, t);
    for (unsigned i = 1; i < iterations; ++i) {
      key.Sign({std::string_view(reinterpret_cast<const char*>(u), h)}, u);
      for (size_t k = 0; k < h; ++k) t[k] ^= u[k];
    }
    out.append(reinterpret_cast<const char*>(t), std::min(h, key_length - out.size()));
  }
  Cleanse(u, sizeof(u));
  Cleanse(t, sizeof(t));
  return out;
}

}  // namespace knox::crypto
