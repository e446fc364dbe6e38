#include "core/crypto/secret_bytes.h"

#include <openssl/crypto.h>

namespace knox::crypto {

void Cleanse(void* data, size_t size) { OPENSSL_cleanse(data, size); }

void SecretBytes::Wipe() {
  // Wipe the whole capacity: short strings live inside the object, long ones on the heap.
  bytes_.resize(bytes_.capacity());
  Cleanse(bytes_.data(), bytes_.size());
  bytes_.clear();
}

SecretBytes& SecretBytes::operator=(const SecretBytes& other) {
  if (this != &other) {
    Wipe();
    bytes_ = other.bytes_;
  }
  return *this;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    bytes_ = std::move(other.bytes_);
    other.Wipe();
  }
  return *this;
}

}  // namespace knox::crypto
