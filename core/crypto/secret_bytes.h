// SecretBytes: key material that is wiped from memory when it dies and is never printed.
// There is deliberately no operator<< and no implicit conversion: reading the bytes takes an
// explicit call to reveal(), which is easy to grep for.
#pragma once

#include <string>
#include <string_view>

namespace knox::crypto {

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::string_view bytes) : bytes_(bytes) {}
  SecretBytes(const SecretBytes& other) = default;
  SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) { other.Wipe(); }
  SecretBytes& operator=(const SecretBytes& other);
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes() { Wipe(); }

  std::string_view reveal() const { return bytes_; }
  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

 private:
  void Wipe();
  std::string bytes_;
};

// Overwrites a buffer so that the compiler cannot elide the write.
void Cleanse(void* data, size_t size);

}  // namespace knox::crypto
