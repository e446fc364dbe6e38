#include "core/crypto/aes_gcm.h"

#include <openssl/evp.h>

#include <climits>
#include <memory>

#include "core/crypto/secret_bytes.h"

namespace knox::crypto {
namespace {

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

const EVP_CIPHER* CipherFor(size_t key_size) {
  switch (key_size) {
    case 16:
      return EVP_aes_128_gcm();
    case 24:
      return EVP_aes_192_gcm();
    case 32:
      return EVP_aes_256_gcm();
    default:
      return nullptr;
  }
}

Result<const EVP_CIPHER*> CheckInputs(std::string_view key, std::string_view iv,
                                      std::string_view aad, std::string_view text) {
  const EVP_CIPHER* cipher = CipherFor(key.size());
  if (cipher == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "AES-GCM: key must be 16, 24 or 32 bytes");
  }
  if (iv.empty() || iv.size() > INT_MAX) {
    return Fail(ErrorCode::kInvalidArgument, "AES-GCM: bad IV length");
  }
  if (aad.size() > INT_MAX || text.size() > INT_MAX) {
    return Fail(ErrorCode::kLimitExceeded, "AES-GCM: input too large for one call");
  }
  return cipher;
}

}  // namespace

Result<void> AesGcmEncryptAppend(std::string_view key, std::string_view iv, std::string_view aad,
                                 std::string_view plaintext, std::string& out) {
  auto cipher = CheckInputs(key, iv, aad, plaintext);
  if (!cipher) return std::unexpected(cipher.error());
  Ctx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return Fail(ErrorCode::kInternal, "AES-GCM: out of memory");
  int len = 0;
  const size_t at = out.size();
  out.resize(at + plaintext.size() + kGcmTagSize);
  auto* dst = reinterpret_cast<unsigned char*>(out.data()) + at;
  const bool ok =
      EVP_EncryptInit_ex(ctx.get(), *cipher, nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv.size()),
                          nullptr) == 1 &&
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(key), Bytes(iv)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), dst, &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), dst + plaintext.size(), &len) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kGcmTagSize),
                          dst + plaintext.size()) == 1;
  if (!ok) {
    out.resize(at);
    return Fail(ErrorCode::kInternal, "AES-GCM: encryption failed");
  }
  return {};
}

Result<std::string> AesGcmDecrypt(std::string_view key, std::string_view iv, std::string_view aad,
                                  std::string_view ciphertext, std::string_view tag) {
  auto cipher = CheckInputs(key, iv, aad, ciphertext);
  if (!cipher) return std::unexpected(cipher.error());
  if (tag.size() != kGcmTagSize) return Fail(ErrorCode::kBadSignature, "AES-GCM: bad tag length");
  Ctx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return Fail(ErrorCode::kInternal, "AES-GCM: out of memory");
  std::string plain(ciphertext.size(), '\0');
  auto* dst = reinterpret_cast<unsigned char*>(plain.data());
  int len = 0;
  // OpenSSL takes the expected tag through a non-const pointer; it only reads it.
  unsigned char expected[kGcmTagSize];
  std::copy(tag.begin(), tag.end(), expected);
  const bool ok =
      EVP_DecryptInit_ex(ctx.get(), *cipher, nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv.size()),
                          nullptr) == 1 &&
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(key), Bytes(iv)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), dst, &len, Bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kGcmTagSize),
                          expected) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), dst + ciphertext.size(), &len) == 1;
  if (!ok) {
    Cleanse(plain.data(), plain.size());
    return Fail(ErrorCode::kBadSignature, "AES-GCM: authentication failed");
  }
  return plain;
}

}  // namespace knox::crypto
