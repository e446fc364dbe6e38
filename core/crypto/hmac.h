// HMAC (RFC 2104) with SHA-1/256/384/512 and a precomputed key.
//
// Constructing an HmacKey hashes the padded key once (the inner and outer states); every Sign()
// afterwards copies those states and hashes only the message: no heap allocation and two fewer
// compression-function calls per MAC. This is the hot path of token signing and verification.
// An HmacKey is immutable after construction and safe to share between threads. Its state is
// wiped on destruction.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/crypto/digest.h"

namespace knox::crypto {

class HmacKey {
 public:
  HmacKey(Digest digest, std::string_view key);
  HmacKey(const HmacKey&) = default;
  HmacKey& operator=(const HmacKey&) = default;
  ~HmacKey();

  Digest digest() const { return digest_; }
  size_t size() const { return DigestSize(digest_); }

  // MAC of the concatenation of `parts`, written to out[0 .. size()).
  void Sign(std::initializer_list<std::string_view> parts, unsigned char* out) const;
  void Sign(std::string_view message, unsigned char* out) const { Sign({message}, out); }
  std::string Sign(std::string_view message) const;

  // Constant-time comparison of the MAC of `message` with `mac`.
  bool Verify(std::string_view message, std::string_view mac) const;

 private:
  // Room for the largest OpenSSL SHA context (SHA512_CTX); checked in hmac.cc.
  static constexpr size_t kStateSize = 224;
  Digest digest_;
  alignas(16) unsigned char inner_[kStateSize];
  alignas(16) unsigned char outer_[kStateSize];
};

// One-shot HMAC, for cold paths.
std::string Hmac(Digest digest, std::string_view key, std::string_view message);

}  // namespace knox::crypto
