// The portable path of sha_kernels.h: plain C++ FIPS 180-4 compression, one lane after another.
#include <algorithm>
#include <bit>

#include "core/crypto/sha_kernel_paths.h"
#include "core/crypto/sha_kernels.h"

namespace knox::crypto::internal {
namespace {

// FIPS 180-4 §4.1.1: Ch, Parity, Maj, Parity by round quarter.
template <int kQuarter>
uint32_t Sha1F(uint32_t b, uint32_t c, uint32_t d) {
  if constexpr (kQuarter == 0) return (b & c) | (~b & d);
  if constexpr (kQuarter == 2) return (b & c) | (b & d) | (c & d);
  return b ^ c ^ d;
}

// Rounds 20*kQuarter .. 20*kQuarter+19; v = a..e, w the 16-word schedule ring.
template <int kQuarter>
void Sha1Quarter(uint32_t (&v)[5], uint32_t (&w)[16]) {
  for (size_t t = size_t{kQuarter} * 20; t < size_t{kQuarter} * 20 + 20; ++t) {
    if (t >= 16) {
      w[t & 15] = std::rotl(w[(t - 3) & 15] ^ w[(t - 8) & 15] ^ w[(t - 14) & 15] ^ w[t & 15], 1);
    }
    uint32_t tmp = std::rotl(v[0], 5) + Sha1F<kQuarter>(v[1], v[2], v[3]) + v[4] +
                   kSha1K[kQuarter] + w[t & 15];
    v[4] = v[3];
    v[3] = v[2];
    v[2] = std::rotl(v[1], 30);
    v[1] = v[0];
    v[0] = tmp;
  }
}

void Sha1One(uint32_t* state, const uint32_t* block, size_t lane) {
  uint32_t w[16];
  for (size_t i = 0; i < 16; ++i) w[i] = block[i * kShaLanes + lane];
  uint32_t v[5];
  for (size_t i = 0; i < 5; ++i) v[i] = state[i * kShaLanes + lane];
  Sha1Quarter<0>(v, w);
  Sha1Quarter<1>(v, w);
  Sha1Quarter<2>(v, w);
  Sha1Quarter<3>(v, w);
  for (size_t i = 0; i < 5; ++i) state[i * kShaLanes + lane] += v[i];
}

void Sha256One(uint32_t* state, const uint32_t* block, size_t lane) {
  uint32_t w[16];
  for (size_t i = 0; i < 16; ++i) w[i] = block[i * kShaLanes + lane];
  uint32_t v[8];
  for (size_t i = 0; i < 8; ++i) v[i] = state[i * kShaLanes + lane];
  for (size_t t = 0; t < 64; ++t) {
    if (t >= 16) {
      uint32_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
      uint32_t s0 = std::rotr(w15, 7) ^ std::rotr(w15, 18) ^ (w15 >> 3);
      uint32_t s1 = std::rotr(w2, 17) ^ std::rotr(w2, 19) ^ (w2 >> 10);
      w[t & 15] += s0 + w[(t - 7) & 15] + s1;
    }
    const uint32_t a = v[0], e = v[4];
    uint32_t t1 = v[7] + (std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25)) +
                  ((e & v[5]) ^ (~e & v[6])) + kSha256K[t] + w[t & 15];
    uint32_t t2 = (std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22)) +
                  ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]));
    v[7] = v[6];
    v[6] = v[5];
    v[5] = v[4];
    v[4] = v[3] + t1;
    v[3] = v[2];
    v[2] = v[1];
    v[1] = v[0];
    v[0] = t1 + t2;
  }
  for (size_t i = 0; i < 8; ++i) state[i * kShaLanes + lane] += v[i];
}

// FIPS 180-4 §6.4.2: 80 rounds on 64-bit words, schedule in the 16-word ring w.
void Sha512One(uint64_t* state, const uint64_t* block, size_t lane) {
  uint64_t w[16];
  for (size_t i = 0; i < 16; ++i) w[i] = block[i * kShaLanes + lane];
  uint64_t v[8];
  for (size_t i = 0; i < 8; ++i) v[i] = state[i * kShaLanes + lane];
  for (size_t t = 0; t < 80; ++t) {
    if (t >= 16) {
      uint64_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
      uint64_t s0 = std::rotr(w15, 1) ^ std::rotr(w15, 8) ^ (w15 >> 7);
      uint64_t s1 = std::rotr(w2, 19) ^ std::rotr(w2, 61) ^ (w2 >> 6);
      w[t & 15] += s0 + w[(t - 7) & 15] + s1;
    }
    const uint64_t a = v[0], e = v[4];
    uint64_t t1 = v[7] + (std::rotr(e, 14) ^ std::rotr(e, 18) ^ std::rotr(e, 41)) +
                  ((e & v[5]) ^ (~e & v[6])) + kSha512K[t] + w[t & 15];
    uint64_t t2 = (std::rotr(a, 28) ^ std::rotr(a, 34) ^ std::rotr(a, 39)) +
                  ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]));
    v[7] = v[6];
    v[6] = v[5];
    v[5] = v[4];
    v[4] = v[3] + t1;
    v[3] = v[2];
    v[2] = v[1];
    v[1] = v[0];
    v[0] = t1 + t2;
  }
  for (size_t i = 0; i < 8; ++i) state[i * kShaLanes + lane] += v[i];
}

}  // namespace

void LoadLanes16Scalar(std::span<const std::string_view> bytes, uint32_t* block) {
  std::fill_n(block, kShaBlockWords * kShaLanes, uint32_t{0});
  for (size_t l = 0; l < bytes.size() && l < kShaLanes; ++l) {
    const std::string_view b = bytes[l];
    for (size_t i = 0; i < b.size(); ++i) {
      block[(i / 4) * kShaLanes + l] |= uint32_t{static_cast<unsigned char>(b[i])}
                                        << (8 * (3 - i % 4));
    }
  }
}

void LoadWideLanes16Scalar(std::span<const std::string_view> bytes, uint64_t* block) {
  std::fill_n(block, kShaBlockWords * kShaLanes, uint64_t{0});
  for (size_t l = 0; l < bytes.size() && l < kShaLanes; ++l) {
    const std::string_view b = bytes[l];
    for (size_t i = 0; i < b.size(); ++i) {
      block[(i / 8) * kShaLanes + l] |= uint64_t{static_cast<unsigned char>(b[i])}
                                        << (8 * (7 - i % 8));
    }
  }
}

void Sha1Compress16Scalar(uint32_t* state, const uint32_t* block) {
  for (size_t lane = 0; lane < kShaLanes; ++lane) Sha1One(state, block, lane);
}

void Sha256Compress16Scalar(uint32_t* state, const uint32_t* block) {
  for (size_t lane = 0; lane < kShaLanes; ++lane) Sha256One(state, block, lane);
}

void Sha512Compress16Scalar(uint64_t* state, const uint64_t* block) {
  for (size_t lane = 0; lane < kShaLanes; ++lane) Sha512One(state, block, lane);
}

}  // namespace knox::crypto::internal
