#include "core/crypto/pbkdf2.h"

#include <openssl/evp.h>

namespace knox::crypto {
namespace {

const EVP_MD* Md(Digest d) {
  switch (d) {
    case Digest::kSha1:
      return EVP_sha1();
    case Digest::kSha256:
      return EVP_sha256();
    case Digest::kSha384:
      return EVP_sha384();
    case Digest::kSha512:
      return EVP_sha512();
  }
  return EVP_sha1();
}

}  // namespace

Result<std::string> Pbkdf2(Digest digest, std::string_view password, std::string_view salt,
                           unsigned iterations, size_t key_length) {
  if (iterations == 0 || key_length == 0) {
    return Fail(ErrorCode::kInvalidArgument, "pbkdf2: iterations and key length must be positive");
  }
  std::string out(key_length, '\0');
  int ok =
      PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), static_cast<int>(iterations), Md(digest),
                        static_cast<int>(key_length), reinterpret_cast<unsigned char*>(out.data()));
  if (ok != 1) return Fail(ErrorCode::kInternal, "pbkdf2: OpenSSL failure");
  return out;
}

}  // namespace knox::crypto
