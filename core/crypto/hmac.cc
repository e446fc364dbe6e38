// OpenSSL 3 marks the SHA*_Init/Update/Final functions deprecated, but they are the only API whose
// state is a plain struct that can be precomputed and copied without allocation (EVP_MD_CTX_copy
// allocates). They remain supported in OpenSSL 3 and use the same assembly (SHA-NI, AVX2).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "core/crypto/hmac.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cstring>

#include "core/crypto/constant_time.h"
#include "core/crypto/secret_bytes.h"

namespace knox::crypto {
namespace {

static_assert(sizeof(SHA512_CTX) <= 224 && sizeof(SHA256_CTX) <= 224 && sizeof(SHA_CTX) <= 224);

constexpr size_t BlockSize(Digest d) {
  return d == Digest::kSha384 || d == Digest::kSha512 ? 128 : 64;
}

// Thin dispatch over the per-digest context types; `state` is an HmacKey slot.
void Init(Digest d, void* state) {
  switch (d) {
    case Digest::kSha1:
      SHA1_Init(static_cast<SHA_CTX*>(state));
      break;
    case Digest::kSha256:
      SHA256_Init(static_cast<SHA256_CTX*>(state));
      break;
    case Digest::kSha384:
      SHA384_Init(static_cast<SHA512_CTX*>(state));
      break;
    case Digest::kSha512:
      SHA512_Init(static_cast<SHA512_CTX*>(state));
      break;
  }
}

void Update(Digest d, void* state, const void* data, size_t n) {
  switch (d) {
    case Digest::kSha1:
      SHA1_Update(static_cast<SHA_CTX*>(state), data, n);
      break;
    case Digest::kSha256:
      SHA256_Update(static_cast<SHA256_CTX*>(state), data, n);
      break;
    case Digest::kSha384:
      SHA384_Update(static_cast<SHA512_CTX*>(state), data, n);
      break;
    case Digest::kSha512:
      SHA512_Update(static_cast<SHA512_CTX*>(state), data, n);
      break;
  }
}

void Final(Digest d, void* state, unsigned char* out) {
  switch (d) {
    case Digest::kSha1:
      SHA1_Final(out, static_cast<SHA_CTX*>(state));
      break;
    case Digest::kSha256:
      SHA256_Final(out, static_cast<SHA256_CTX*>(state));
      break;
    case Digest::kSha384:
      SHA384_Final(out, static_cast<SHA512_CTX*>(state));
      break;
    case Digest::kSha512:
      SHA512_Final(out, static_cast<SHA512_CTX*>(state));
      break;
  }
}

size_t StateSize(Digest d) {
  switch (d) {
    case Digest::kSha1:
      return sizeof(SHA_CTX);
    case Digest::kSha256:
      return sizeof(SHA256_CTX);
    default:
      return sizeof(SHA512_CTX);
  }
}

}  // namespace

std::string Hash(Digest d, std::string_view data) {
  std::string out(DigestSize(d), '\0');
  HashTo(d, data, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

void HashTo(Digest d, std::string_view data, unsigned char* out) {
  alignas(16) unsigned char state[224];
  Init(d, state);
  Update(d, state, data.data(), data.size());
  Final(d, state, out);
  Cleanse(state, sizeof(state));
}

HmacKey::HmacKey(Digest digest, std::string_view key) : digest_(digest) {
  const size_t block = BlockSize(digest);
  unsigned char padded[128] = {};
  if (key.size() > block) {
    std::string hashed = Hash(digest, key);
    std::copy_n(hashed.data(), hashed.size(), padded);
    Cleanse(hashed.data(), hashed.size());
  } else if (!key.empty()) {
    std::memcpy(padded, key.data(), key.size());
  }
  unsigned char pad[128];
  for (size_t i = 0; i < block; ++i) pad[i] = padded[i] ^ 0x36;
  Init(digest, inner_);
  Update(digest, inner_, pad, block);
  for (size_t i = 0; i < block; ++i) pad[i] = padded[i] ^ 0x5c;
  Init(digest, outer_);
  Update(digest, outer_, pad, block);
  Cleanse(padded, sizeof(padded));
  Cleanse(pad, sizeof(pad));
}

HmacKey::~HmacKey() {
  Cleanse(inner_, sizeof(inner_));
  Cleanse(outer_, sizeof(outer_));
}

void HmacKey::Sign(std::initializer_list<std::string_view> parts, unsigned char* out) const {
  alignas(16) unsigned char state[kStateSize];
  const size_t n = StateSize(digest_);
  std::memcpy(state, inner_, n);
  for (std::string_view part : parts) Update(digest_, state, part.data(), part.size());
  unsigned char inner_mac[kMaxDigestSize];
  Final(digest_, state, inner_mac);
  std::memcpy(state, outer_, n);
  Update(digest_, state, inner_mac, DigestSize(digest_));
  Final(digest_, state, out);
}

std::string HmacKey::Sign(std::string_view message) const {
  std::string out(size(), '\0');
  Sign({message}, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

bool HmacKey::Verify(std::string_view message, std::string_view mac) const {
  unsigned char expected[kMaxDigestSize];
  Sign({message}, expected);
  return ConstantTimeEquals(std::string_view(reinterpret_cast<const char*>(expected), size()), mac);
}

std::string Hmac(Digest digest, std::string_view key, std::string_view message) {
  return HmacKey(digest, key).Sign(message);
}

}  // namespace knox::crypto
