#include "core/crypto/aes.h"

#include <openssl/evp.h>

#include <climits>
#include <memory>

namespace knox::crypto {
namespace {

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

Result<std::string> Run(bool encrypt, std::string_view key, std::string_view iv,
                        std::string_view in) {
  const EVP_CIPHER* cipher = key.size() == 16   ? EVP_aes_128_cbc()
                             : key.size() == 32 ? EVP_aes_256_cbc()
                                                : nullptr;
  if (cipher == nullptr)
    return Fail(ErrorCode::kInvalidArgument, "aes: key must be 16 or 32 bytes");
  if (iv.size() != 16) return Fail(ErrorCode::kInvalidArgument, "aes: IV must be 16 bytes");
  if (!encrypt && (in.empty() || in.size() % 16 != 0)) {
    return Fail(ErrorCode::kMalformed, "aes: ciphertext is not whole blocks");
  }
  std::unique_ptr<EVP_CIPHER_CTX, CtxFree> ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return Fail(ErrorCode::kInternal, "aes: out of memory");
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  const auto* v = reinterpret_cast<const unsigned char*>(iv.data());
  if (EVP_CipherInit_ex(ctx.get(), cipher, nullptr, k, v, encrypt ? 1 : 0) != 1) {
    return Fail(ErrorCode::kInternal, "aes: init failed");
  }
  std::string out(in.size() + 16, '\0');
  int n1 = 0;
  int n2 = 0;
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx.get(), o, &n1, reinterpret_cast<const unsigned char*>(in.data()),
                       static_cast<int>(in.size())) != 1) {
    return Fail(ErrorCode::kInternal, "aes: update failed");
  }
  if (EVP_CipherFinal_ex(ctx.get(), o + n1, &n2) != 1) {
    return Fail(ErrorCode::kMalformed, "aes: bad padding");
  }
  out.resize(static_cast<size_t>(n1) + static_cast<size_t>(n2));
  return out;
}

}  // namespace

Result<std::string> AesCbcEncrypt(std::string_view key, std::string_view iv,
                                  std::string_view plaintext) {
  return Run(true, key, iv, plaintext);
}

Result<std::string> AesCbcDecrypt(std::string_view key, std::string_view iv,
                                  std::string_view ciphertext) {
  return Run(false, key, iv, ciphertext);
}

Result<std::string> AesCtr(std::string_view key, std::string_view iv, std::string_view data) {
  const EVP_CIPHER* cipher = key.size() == 16   ? EVP_aes_128_ctr()
                             : key.size() == 24 ? EVP_aes_192_ctr()
                             : key.size() == 32 ? EVP_aes_256_ctr()
                                                : nullptr;
  if (cipher == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "aes: key must be 16, 24 or 32 bytes");
  }
  if (iv.size() != 16) return Fail(ErrorCode::kInvalidArgument, "aes: IV must be 16 bytes");
  if (data.size() > static_cast<size_t>(INT_MAX)) {
    return Fail(ErrorCode::kLimitExceeded, "aes: data too long");
  }
  std::unique_ptr<EVP_CIPHER_CTX, CtxFree> ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return Fail(ErrorCode::kInternal, "aes: out of memory");
  if (EVP_EncryptInit_ex(ctx.get(), cipher, nullptr,
                         reinterpret_cast<const unsigned char*>(key.data()),
                         reinterpret_cast<const unsigned char*>(iv.data())) != 1) {
    return Fail(ErrorCode::kInternal, "aes: init failed");
  }
  std::string out(data.size(), '\0');
  int n = 0;
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (!data.empty() &&
      EVP_EncryptUpdate(ctx.get(), o, &n, reinterpret_cast<const unsigned char*>(data.data()),
                        static_cast<int>(data.size())) != 1) {
    return Fail(ErrorCode::kInternal, "aes: update failed");
  }
  int tail = 0;
  if (EVP_EncryptFinal_ex(ctx.get(), o + n, &tail) != 1) {
    return Fail(ErrorCode::kInternal, "aes: final failed");
  }
  return out;
}

}  // namespace knox::crypto
