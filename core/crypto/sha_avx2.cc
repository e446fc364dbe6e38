// The AVX2 path of sha_kernels.h: 8 lanes per 256-bit register, the 16 lanes as two halves, for
// SHA-1/SHA-256; 4 lanes of 64 bits per register, the 16 lanes as four quarters, for SHA-512.
// AVX2 has no rotate or three-input logic instruction, so rotations are shift pairs and Ch/Maj use
// the usual two-operation forms. Only these functions carry the target attribute; sha_kernels.cc
// calls them only when the CPU and OS support AVX2.
#if defined(__x86_64__)
#include <immintrin.h>

#include "core/crypto/sha_kernel_paths.h"
#include "core/crypto/sha_kernels.h"

#define KNOX_AVX2 __attribute__((target("avx2"), always_inline)) inline

namespace knox::crypto::internal {
namespace {

using V = __m256i;

KNOX_AVX2 V Load(const uint32_t* p) { return _mm256_loadu_si256(reinterpret_cast<const V*>(p)); }
KNOX_AVX2 void Store(uint32_t* p, V v) { _mm256_storeu_si256(reinterpret_cast<V*>(p), v); }
KNOX_AVX2 V Add(V a, V b) { return _mm256_add_epi32(a, b); }
KNOX_AVX2 V Xor(V a, V b) { return _mm256_xor_si256(a, b); }
KNOX_AVX2 V Splat(uint32_t x) { return _mm256_set1_epi32(static_cast<int>(x)); }
template <int kN>
KNOX_AVX2 V Rotl(V x) {
  return _mm256_or_si256(_mm256_slli_epi32(x, kN), _mm256_srli_epi32(x, 32 - kN));
}
template <int kN>
KNOX_AVX2 V Rotr(V x) {
  return Rotl<32 - kN>(x);
}
KNOX_AVX2 V Ch(V x, V y, V z) { return Xor(_mm256_and_si256(x, y), _mm256_andnot_si256(x, z)); }
KNOX_AVX2 V Maj(V x, V y, V z) {
  return _mm256_or_si256(_mm256_and_si256(x, y), _mm256_and_si256(z, _mm256_or_si256(x, y)));
}

// SHA-1 round function by quarter: 0 Ch, 1 and 3 Parity, 2 Maj.
template <int kQuarter>
KNOX_AVX2 V Sha1F(V b, V c, V d) {
  if constexpr (kQuarter == 0) return Ch(b, c, d);
  if constexpr (kQuarter == 2) return Maj(b, c, d);
  return Xor(Xor(b, c), d);
}

template <int kQuarter>
KNOX_AVX2 void Sha1Rounds(V (&v)[5], V (&w)[16]) {
  const V k = Splat(kSha1K[kQuarter]);
#pragma GCC unroll 20
  for (int t = kQuarter * 20; t < kQuarter * 20 + 20; ++t) {
    if (t >= 16) {
      V x = Xor(Xor(w[(t - 3) & 15], w[(t - 8) & 15]), Xor(w[(t - 14) & 15], w[t & 15]));
      w[t & 15] = Rotl<1>(x);
    }
    V tmp =
        Add(Add(Rotl<5>(v[0]), Sha1F<kQuarter>(v[1], v[2], v[3])), Add(Add(v[4], k), w[t & 15]));
    v[4] = v[3];
    v[3] = v[2];
    v[2] = Rotl<30>(v[1]);
    v[1] = v[0];
    v[0] = tmp;
  }
}

KNOX_AVX2 void Sha256Round(int t, V (&v)[8], V (&w)[16]) {
  if (t >= 16) {
    V w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
    V s0 = Xor(Xor(Rotr<7>(w15), Rotr<18>(w15)), _mm256_srli_epi32(w15, 3));
    V s1 = Xor(Xor(Rotr<17>(w2), Rotr<19>(w2)), _mm256_srli_epi32(w2, 10));
    w[t & 15] = Add(Add(w[t & 15], s0), Add(w[(t - 7) & 15], s1));
  }
  const V a = v[0], e = v[4];
  V big_s1 = Xor(Xor(Rotr<6>(e), Rotr<11>(e)), Rotr<25>(e));
  V t1 = Add(Add(v[7], big_s1), Add(Ch(e, v[5], v[6]), Add(Splat(kSha256K[t]), w[t & 15])));
  V big_s0 = Xor(Xor(Rotr<2>(a), Rotr<13>(a)), Rotr<22>(a));
  V t2 = Add(big_s0, Maj(a, v[1], v[2]));
  v[7] = v[6];
  v[6] = v[5];
  v[5] = v[4];
  v[4] = Add(v[3], t1);
  v[3] = v[2];
  v[2] = v[1];
  v[1] = v[0];
  v[0] = Add(t1, t2);
}

// SHA-512 on 64-bit lanes (FIPS 180-4 §4.1.3, §6.4.2).
KNOX_AVX2 V Load64(const uint64_t* p) { return _mm256_loadu_si256(reinterpret_cast<const V*>(p)); }
KNOX_AVX2 void Store64(uint64_t* p, V v) { _mm256_storeu_si256(reinterpret_cast<V*>(p), v); }
KNOX_AVX2 V Add64(V a, V b) { return _mm256_add_epi64(a, b); }
template <int kN>
KNOX_AVX2 V Rotr64(V x) {
  return _mm256_or_si256(_mm256_srli_epi64(x, kN), _mm256_slli_epi64(x, 64 - kN));
}

KNOX_AVX2 void Sha512Round(int t, V (&v)[8], V (&w)[16]) {
  if (t >= 16) {
    V w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
    V s0 = Xor(Xor(Rotr64<1>(w15), Rotr64<8>(w15)), _mm256_srli_epi64(w15, 7));
    V s1 = Xor(Xor(Rotr64<19>(w2), Rotr64<61>(w2)), _mm256_srli_epi64(w2, 6));
    w[t & 15] = Add64(Add64(w[t & 15], s0), Add64(w[(t - 7) & 15], s1));
  }
  const V a = v[0], e = v[4];
  V big_s1 = Xor(Xor(Rotr64<14>(e), Rotr64<18>(e)), Rotr64<41>(e));
  V kw = Add64(_mm256_set1_epi64x(static_cast<long long>(kSha512K[t])), w[t & 15]);
  V t1 = Add64(Add64(v[7], big_s1), Add64(Ch(e, v[5], v[6]), kw));
  V big_s0 = Xor(Xor(Rotr64<28>(a), Rotr64<34>(a)), Rotr64<39>(a));
  V t2 = Add64(big_s0, Maj(a, v[1], v[2]));
  v[7] = v[6];
  v[6] = v[5];
  v[5] = v[4];
  v[4] = Add64(v[3], t1);
  v[3] = v[2];
  v[2] = v[1];
  v[1] = v[0];
  v[0] = Add64(t1, t2);
}

// Lanes 0..3 of the lane-minor arrays starting at state and block (the caller offsets them).
KNOX_AVX2 void Sha512Quarter(uint64_t* state, const uint64_t* block) {
  V w[16];
  for (size_t i = 0; i < 16; ++i) w[i] = Load64(block + i * kShaLanes);
  V v[8];
  for (size_t i = 0; i < 8; ++i) v[i] = Load64(state + i * kShaLanes);
#pragma GCC unroll 80
  for (int t = 0; t < 80; ++t) Sha512Round(t, v, w);
  for (size_t i = 0; i < 8; ++i) {
    uint64_t* p = state + i * kShaLanes;
    Store64(p, Add64(Load64(p), v[i]));
  }
}

// Lanes half*8 .. half*8+7.
KNOX_AVX2 void Sha1Half(uint32_t* state, const uint32_t* block) {
  V w[16];
  for (size_t i = 0; i < 16; ++i) w[i] = Load(block + i * kShaLanes);
  V v[5];
  for (size_t i = 0; i < 5; ++i) v[i] = Load(state + i * kShaLanes);
  Sha1Rounds<0>(v, w);
  Sha1Rounds<1>(v, w);
  Sha1Rounds<2>(v, w);
  Sha1Rounds<3>(v, w);
  for (size_t i = 0; i < 5; ++i) {
    Store(state + i * kShaLanes, Add(Load(state + i * kShaLanes), v[i]));
  }
}

KNOX_AVX2 void Sha256Half(uint32_t* state, const uint32_t* block) {
  V w[16];
  for (size_t i = 0; i < 16; ++i) w[i] = Load(block + i * kShaLanes);
  V v[8];
  for (size_t i = 0; i < 8; ++i) v[i] = Load(state + i * kShaLanes);
#pragma GCC unroll 64
  for (int t = 0; t < 64; ++t) Sha256Round(t, v, w);
  for (size_t i = 0; i < 8; ++i) {
    Store(state + i * kShaLanes, Add(Load(state + i * kShaLanes), v[i]));
  }
}

}  // namespace

__attribute__((target("avx2"))) void Sha1Compress16Avx2(uint32_t* state, const uint32_t* block) {
  Sha1Half(state, block);
  Sha1Half(state + 8, block + 8);
}

__attribute__((target("avx2"))) void Sha256Compress16Avx2(uint32_t* state, const uint32_t* block) {
  Sha256Half(state, block);
  Sha256Half(state + 8, block + 8);
}

// The quarters in a loop rather than inlined four times: one copy of the 80 unrolled rounds keeps
// the code within the L1 instruction cache.
__attribute__((target("avx2"))) void Sha512Compress16Avx2(uint64_t* state, const uint64_t* block) {
#pragma GCC unroll 1
  for (size_t quarter = 0; quarter < kShaLanes; quarter += 4) {
    Sha512Quarter(state + quarter, block + quarter);
  }
}

}  // namespace knox::crypto::internal
#endif  // __x86_64__
