// The AVX-512 path of sha_kernels.h. SHA-1/SHA-256: all 16 lanes in one register per state or
// message word (the lane-minor layout is exactly a 512-bit load). SHA-512: 8 lanes of 64 bits per
// register, the 16 lanes as two halves whose rounds are interleaved (Sha512Lanes16). VPROLD/VPRORQ
// do the rotations and VPTERNLOG the three-input boolean functions (Ch 0xCA, Parity 0x96, Maj
// 0xE8). Only these functions carry the target attribute; sha_kernels.cc calls them only when the
// CPU and OS support AVX-512F/BW/VL.
#if defined(__x86_64__)
// g++ 12's avx512fintrin.h builds _mm512_undefined_epi32 as a self-initialised variable, which
// -Wuninitialized reports wherever VPROLD/VPSRLD are inlined (a false positive of the header).
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>

#include "core/crypto/sha_kernel_paths.h"
#include "core/crypto/sha_kernels.h"

#define KNOX_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl"), always_inline)) inline

namespace knox::crypto::internal {
namespace {

using V = __m512i;

KNOX_AVX512 V Load(const uint32_t* p) { return _mm512_loadu_si512(p); }
KNOX_AVX512 void Store(uint32_t* p, V v) { _mm512_storeu_si512(p, v); }
KNOX_AVX512 V Add(V a, V b) { return _mm512_add_epi32(a, b); }
KNOX_AVX512 V Splat(uint32_t x) { return _mm512_set1_epi32(static_cast<int>(x)); }
template <int kImm>
KNOX_AVX512 V Tern(V a, V b, V c) {
  return _mm512_ternarylogic_epi32(a, b, c, kImm);
}

// One SHA-1 round given its input W[t] + K[t]. Only rol(a, 5) and one add wait for the previous
// round's a; the rest is ready earlier (decision 34).
template <int kImm>
KNOX_AVX512 void Sha1Core(V (&v)[5], V kw) {
  const V off_path = Add(Tern<kImm>(v[1], v[2], v[3]), Add(v[4], kw));
  const V tmp = Add(_mm512_rol_epi32(v[0], 5), off_path);
  v[4] = v[3];
  v[3] = v[2];
  v[2] = _mm512_rol_epi32(v[1], 30);
  v[1] = v[0];
  v[0] = tmp;
}

// SHA-1 message word t >= 16 in the 16-word ring w.
KNOX_AVX512 void Sha1Schedule(int t, V (&w)[16]) {
  V x = Tern<0x96>(w[(t - 3) & 15], w[(t - 8) & 15], w[(t - 14) & 15]);
  w[t & 15] = _mm512_rol_epi32(_mm512_xor_si512(x, w[t & 15]), 1);
}

// SHA-1 rounds first..last (one round function kImm), message schedule in the 16-word ring w.
template <int kImm>
KNOX_AVX512 void Sha1Rounds(int first, int last, V (&v)[5], V (&w)[16], V k) {
#pragma GCC unroll 20
  for (int t = first; t <= last; ++t) {
    if (t >= 16) Sha1Schedule(t, w);
    Sha1Core<kImm>(v, Add(k, w[t & 15]));
  }
}

// The same rounds of two independent blocks, interleaved: one chain's latency hides the other's.
// The 2 x 16 message words beside the 2 x 5 state words exceed the 32 vector registers: the
// compiler keeps part of the rings in memory (L1), which costs less than one chain's idle units.
template <int kImm>
KNOX_AVX512 void Sha1PairRounds(int first, int last, V (&va)[5], V (&wa)[16], V (&vb)[5],
                                V (&wb)[16], V k) {
#pragma GCC unroll 20
  for (int t = first; t <= last; ++t) {
    if (t >= 16) {
      Sha1Schedule(t, wa);
      Sha1Schedule(t, wb);
    }
    Sha1Core<kImm>(va, Add(k, wa[t & 15]));
    Sha1Core<kImm>(vb, Add(k, wb[t & 15]));
  }
}

// SHA-1 rounds first..last of two states on the same precomputed round inputs W[t] + K[t].
template <int kImm>
KNOX_AVX512 void Sha1FixedPairRounds(int first, int last, V (&va)[5], V (&vb)[5],
                                     const uint32_t* round_inputs) {
#pragma GCC unroll 20
  for (int t = first; t <= last; ++t) {
    const V kw = Splat(round_inputs[t]);
    Sha1Core<kImm>(va, kw);
    Sha1Core<kImm>(vb, kw);
  }
}

// One SHA-256 round given its input K[t] + W[t]. Summed so that the new e waits only for S1(e)
// and one add, and the new a for S0(a) and one add: h, d and K + W are old values, added off the
// critical paths (decision 34).
KNOX_AVX512 void Sha256Core(V (&v)[8], V kw) {
  const V a = v[0], e = v[4];
  const V hkw = Add(v[7], kw);
  const V ch = Tern<0xCA>(e, v[5], v[6]);
  const V big_s1 =
      Tern<0x96>(_mm512_ror_epi32(e, 6), _mm512_ror_epi32(e, 11), _mm512_ror_epi32(e, 25));
  const V t1 = Add(big_s1, Add(ch, hkw));
  const V big_s0 =
      Tern<0x96>(_mm512_ror_epi32(a, 2), _mm512_ror_epi32(a, 13), _mm512_ror_epi32(a, 22));
  v[7] = v[6];
  v[6] = v[5];
  v[5] = v[4];
  v[4] = Add(big_s1, Add(ch, Add(v[3], hkw)));
  v[3] = v[2];
  v[2] = v[1];
  v[1] = v[0];
  v[0] = Add(big_s0, Add(Tern<0xE8>(a, v[2], v[3]), t1));
}

// SHA-256 message word t >= 16 in the 16-word ring w.
KNOX_AVX512 void Sha256Schedule(int t, V (&w)[16]) {
  V w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
  V s0 = Tern<0x96>(_mm512_ror_epi32(w15, 7), _mm512_ror_epi32(w15, 18), _mm512_srli_epi32(w15, 3));
  V s1 = Tern<0x96>(_mm512_ror_epi32(w2, 17), _mm512_ror_epi32(w2, 19), _mm512_srli_epi32(w2, 10));
  w[t & 15] = Add(Add(w[t & 15], s0), Add(w[(t - 7) & 15], s1));
}

// Rounds base .. base + 15 (base a multiple of 16, the schedule from base 16 on) of one or two
// blocks. The compressions loop over these 16-round bodies instead of unrolling all the rounds:
// the message rings stay in registers (their indices are constants within a body), and the
// kernels of a search (pair, fixed pair) fit the 32 KiB instruction cache together.
template <bool kSchedule>
KNOX_AVX512 void Sha256Rounds16(int base, V (&v)[8], V (&w)[16]) {
#pragma GCC unroll 16
  for (int i = 0; i < 16; ++i) {
    if constexpr (kSchedule) Sha256Schedule(i + 16, w);
    Sha256Core(v, Add(Splat(kSha256K[base + i]), w[i]));
  }
}

template <bool kSchedule>
KNOX_AVX512 void Sha256PairRounds16(int base, V (&va)[8], V (&wa)[16], V (&vb)[8], V (&wb)[16]) {
#pragma GCC unroll 16
  for (int i = 0; i < 16; ++i) {
    if constexpr (kSchedule) {
      Sha256Schedule(i + 16, wa);
      Sha256Schedule(i + 16, wb);
    }
    const V k = Splat(kSha256K[base + i]);
    Sha256Core(va, Add(k, wa[i]));
    Sha256Core(vb, Add(k, wb[i]));
  }
}

// SHA-512 on 64-bit lanes: FIPS 180-4 §4.1.3 functions, §6.4.2. Message word t >= 16 in the ring.
KNOX_AVX512 void Sha512Schedule(int t, V (&w)[16]) {
  V w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
  V s0 = Tern<0x96>(_mm512_ror_epi64(w15, 1), _mm512_ror_epi64(w15, 8), _mm512_srli_epi64(w15, 7));
  V s1 = Tern<0x96>(_mm512_ror_epi64(w2, 19), _mm512_ror_epi64(w2, 61), _mm512_srli_epi64(w2, 6));
  w[t & 15] =
      _mm512_add_epi64(_mm512_add_epi64(w[t & 15], s0), _mm512_add_epi64(w[(t - 7) & 15], s1));
}

// One SHA-512 round given its input K[t] + W[t].
KNOX_AVX512 void Sha512Core(V (&v)[8], V kw) {
  const V a = v[0], e = v[4];
  V big_s1 = Tern<0x96>(_mm512_ror_epi64(e, 14), _mm512_ror_epi64(e, 18), _mm512_ror_epi64(e, 41));
  V t1 = _mm512_add_epi64(_mm512_add_epi64(v[7], big_s1),
                          _mm512_add_epi64(Tern<0xCA>(e, v[5], v[6]), kw));
  V big_s0 = Tern<0x96>(_mm512_ror_epi64(a, 28), _mm512_ror_epi64(a, 34), _mm512_ror_epi64(a, 39));
  V t2 = _mm512_add_epi64(big_s0, Tern<0xE8>(a, v[1], v[2]));
  v[7] = v[6];
  v[6] = v[5];
  v[5] = v[4];
  v[4] = _mm512_add_epi64(v[3], t1);
  v[3] = v[2];
  v[2] = v[1];
  v[1] = v[0];
  v[0] = _mm512_add_epi64(t1, t2);
}

// Rounds base .. base + 15 of both halves (as Sha256PairRounds16).
template <bool kSchedule>
KNOX_AVX512 void Sha512PairRounds16(int base, V (&v0)[8], V (&w0)[16], V (&v1)[8], V (&w1)[16]) {
#pragma GCC unroll 16
  for (int i = 0; i < 16; ++i) {
    if constexpr (kSchedule) {
      Sha512Schedule(i + 16, w0);
      Sha512Schedule(i + 16, w1);
    }
    const V k = _mm512_set1_epi64(static_cast<long long>(kSha512K[base + i]));
    Sha512Core(v0, _mm512_add_epi64(k, w0[i]));
    Sha512Core(v1, _mm512_add_epi64(k, w1[i]));
  }
}

// Lanes 0..7 and 8..15 as two independent dependency chains, their rounds interleaved. The 48
// live registers exceed AVX-512's 32, so the compiler keeps part of the message schedules in
// memory; this is still faster than one half after the other, whose single chain leaves the
// vector units idle. The rounds loop over 16-round bodies (35 KiB of code fully unrolled did not
// fit the instruction cache).
KNOX_AVX512 void Sha512Lanes16(uint64_t* state, const uint64_t* block) {
  V w0[16], w1[16], v0[8], v1[8];
  for (size_t i = 0; i < 16; ++i) {
    w0[i] = _mm512_loadu_si512(block + i * kShaLanes);
    w1[i] = _mm512_loadu_si512(block + i * kShaLanes + 8);
  }
  for (size_t i = 0; i < 8; ++i) {
    v0[i] = _mm512_loadu_si512(state + i * kShaLanes);
    v1[i] = _mm512_loadu_si512(state + i * kShaLanes + 8);
  }
  Sha512PairRounds16<false>(0, v0, w0, v1, w1);
#pragma GCC unroll 1
  for (int base = 16; base < 80; base += 16) Sha512PairRounds16<true>(base, v0, w0, v1, w1);
  for (size_t i = 0; i < 8; ++i) {
    uint64_t* p = state + i * kShaLanes;
    _mm512_storeu_si512(p, _mm512_add_epi64(_mm512_loadu_si512(p), v0[i]));
    _mm512_storeu_si512(p + 8, _mm512_add_epi64(_mm512_loadu_si512(p + 8), v1[i]));
  }
}

// r[i] holds 16 words of lane i; afterwards r[j] holds word j of every lane. Three rounds of
// in-register shuffles: 32-bit and 64-bit interleaves within 128-bit blocks, then a 4 x 4
// transposition of the 128-bit blocks (64 shuffles in all).
KNOX_AVX512 void Transpose16(V (&r)[16]) {
  V t[16];
  for (size_t k = 0; k < 8; ++k) {
    t[2 * k] = _mm512_unpacklo_epi32(r[2 * k], r[2 * k + 1]);
    t[2 * k + 1] = _mm512_unpackhi_epi32(r[2 * k], r[2 * k + 1]);
  }
  // u[4k + m], 128-bit block q: word 4q + m of lanes 4k .. 4k + 3.
  V u[16];
  for (size_t k = 0; k < 4; ++k) {
    u[4 * k] = _mm512_unpacklo_epi64(t[4 * k], t[4 * k + 2]);
    u[4 * k + 1] = _mm512_unpackhi_epi64(t[4 * k], t[4 * k + 2]);
    u[4 * k + 2] = _mm512_unpacklo_epi64(t[4 * k + 1], t[4 * k + 3]);
    u[4 * k + 3] = _mm512_unpackhi_epi64(t[4 * k + 1], t[4 * k + 3]);
  }
  for (size_t m = 0; m < 4; ++m) {
    const V x0 = _mm512_shuffle_i32x4(u[m], u[4 + m], 0x44);  // A0 A1 B0 B1
    const V x1 = _mm512_shuffle_i32x4(u[m], u[4 + m], 0xEE);  // A2 A3 B2 B3
    const V y0 = _mm512_shuffle_i32x4(u[8 + m], u[12 + m], 0x44);
    const V y1 = _mm512_shuffle_i32x4(u[8 + m], u[12 + m], 0xEE);
    r[m] = _mm512_shuffle_i32x4(x0, y0, 0x88);  // A0 B0 C0 D0
    r[4 + m] = _mm512_shuffle_i32x4(x0, y0, 0xDD);
    r[8 + m] = _mm512_shuffle_i32x4(x1, y1, 0x88);
    r[12 + m] = _mm512_shuffle_i32x4(x1, y1, 0xDD);
  }
}

// r[i] holds 8 64-bit words of lane i (of 8); afterwards r[j] holds word j of the 8 lanes: a
// 64-bit interleave within 128-bit blocks, then the 4 x 4 transposition of 128-bit blocks.
KNOX_AVX512 void Transpose8x64(V (&r)[8]) {
  V t[8];
  for (size_t k = 0; k < 4; ++k) {
    t[2 * k] = _mm512_unpacklo_epi64(r[2 * k], r[2 * k + 1]);
    t[2 * k + 1] = _mm512_unpackhi_epi64(r[2 * k], r[2 * k + 1]);
  }
  // t[2k + m], 128-bit block q: word 2q + m of lanes 2k, 2k + 1.
  for (size_t m = 0; m < 2; ++m) {
    const V x0 = _mm512_shuffle_i64x2(t[m], t[2 + m], 0x44);
    const V x1 = _mm512_shuffle_i64x2(t[m], t[2 + m], 0xEE);
    const V y0 = _mm512_shuffle_i64x2(t[4 + m], t[6 + m], 0x44);
    const V y1 = _mm512_shuffle_i64x2(t[4 + m], t[6 + m], 0xEE);
    r[m] = _mm512_shuffle_i64x2(x0, y0, 0x88);
    r[2 + m] = _mm512_shuffle_i64x2(x0, y0, 0xDD);
    r[4 + m] = _mm512_shuffle_i64x2(x1, y1, 0x88);
    r[6 + m] = _mm512_shuffle_i64x2(x1, y1, 0xDD);
  }
}

// Up to 64 bytes of `bytes` from `from`, by one masked load (nothing past the end is read).
KNOX_AVX512 V LoadUpTo64(std::string_view bytes, size_t from) {
  if (bytes.size() <= from) return _mm512_setzero_si512();
  const size_t n = bytes.size() - from;
  const __mmask64 mask = n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1;
  return _mm512_maskz_loadu_epi8(mask, bytes.data() + from);
}

}  // namespace

// 16 lanes x 16 words of 64 bits: four 8 x 8 transpositions (lanes 0-7 and 8-15, words 0-7 and
// 8-15), each lane's two halves loaded and byte-swapped per 64-bit word.
__attribute__((target("avx512f,avx512bw,avx512vl"))) void LoadWideLanes16Avx512(
    std::span<const std::string_view> bytes, uint64_t* block) {
  const V bswap = _mm512_set_epi64(0x08090a0b0c0d0e0f, 0x0001020304050607, 0x08090a0b0c0d0e0f,
                                   0x0001020304050607, 0x08090a0b0c0d0e0f, 0x0001020304050607,
                                   0x08090a0b0c0d0e0f, 0x0001020304050607);
  for (size_t lanes = 0; lanes < kShaLanes; lanes += 8) {
    for (size_t half = 0; half < 2; ++half) {
      V r[8];
      for (size_t i = 0; i < 8; ++i) {
        const size_t l = lanes + i;
        r[i] = l < bytes.size() ? _mm512_shuffle_epi8(LoadUpTo64(bytes[l], 64 * half), bswap)
                                : _mm512_setzero_si512();
      }
      Transpose8x64(r);
      for (size_t w = 0; w < 8; ++w) {
        _mm512_storeu_si512(block + (8 * half + w) * kShaLanes + lanes, r[w]);
      }
    }
  }
}

// Each lane's bytes by one masked load (the bytes past a string's end are neither read nor
// faulted on), each 32-bit word byte-swapped by one shuffle, then the transposition.
__attribute__((target("avx512f,avx512bw,avx512vl"))) void LoadLanes16Avx512(
    std::span<const std::string_view> bytes, uint32_t* block) {
  const V bswap =
      _mm512_set_epi32(0x0c0d0e0f, 0x08090a0b, 0x04050607, 0x00010203, 0x0c0d0e0f, 0x08090a0b,
                       0x04050607, 0x00010203, 0x0c0d0e0f, 0x08090a0b, 0x04050607, 0x00010203,
                       0x0c0d0e0f, 0x08090a0b, 0x04050607, 0x00010203);
  V r[16];
  for (size_t l = 0; l < kShaLanes; ++l) {
    if (l >= bytes.size() || bytes[l].empty()) {
      r[l] = _mm512_setzero_si512();
      continue;
    }
    const size_t n = bytes[l].size();
    const __mmask64 mask = n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1;
    r[l] = _mm512_shuffle_epi8(_mm512_maskz_loadu_epi8(mask, bytes[l].data()), bswap);
  }
  Transpose16(r);
  for (size_t w = 0; w < kShaBlockWords; ++w) Store(block + w * kShaLanes, r[w]);
}

__attribute__((target("avx512f,avx512bw,avx512vl"))) void Sha1Compress16Avx512(
    uint32_t* state, const uint32_t* block) {
  V w[16];
  for (size_t i = 0; i < 16; ++i) w[i] = Load(block + i * kShaLanes);
  V v[5];
  for (size_t i = 0; i < 5; ++i) v[i] = Load(state + i * kShaLanes);
  Sha1Rounds<0xCA>(0, 19, v, w, Splat(kSha1K[0]));
  Sha1Rounds<0x96>(20, 39, v, w, Splat(kSha1K[1]));
  Sha1Rounds<0xE8>(40, 59, v, w, Splat(kSha1K[2]));
  Sha1Rounds<0x96>(60, 79, v, w, Splat(kSha1K[3]));
  for (size_t i = 0; i < 5; ++i) {
    Store(state + i * kShaLanes, Add(Load(state + i * kShaLanes), v[i]));
  }
}

__attribute__((target("avx512f,avx512bw,avx512vl"))) void Sha256Compress16Avx512(
    uint32_t* state, const uint32_t* block) {
  V w[16];
  for (size_t i = 0; i < 16; ++i) w[i] = Load(block + i * kShaLanes);
  V v[8];
  for (size_t i = 0; i < 8; ++i) v[i] = Load(state + i * kShaLanes);
  Sha256Rounds16<false>(0, v, w);
#pragma GCC unroll 1
  for (int base = 16; base < 64; base += 16) Sha256Rounds16<true>(base, v, w);
  for (size_t i = 0; i < 8; ++i) {
    Store(state + i * kShaLanes, Add(Load(state + i * kShaLanes), v[i]));
  }
}

__attribute__((target("avx512f,avx512bw,avx512vl"))) void Sha1CompressPair16Avx512(
    uint32_t* state_a, const uint32_t* block_a, uint32_t* state_b, const uint32_t* block_b) {
  V wa[16], wb[16], va[5], vb[5];
  for (size_t i = 0; i < 16; ++i) {
    wa[i] = Load(block_a + i * kShaLanes);
    wb[i] = Load(block_b + i * kShaLanes);
  }
  for (size_t i = 0; i < 5; ++i) {
    va[i] = Load(state_a + i * kShaLanes);
    vb[i] = Load(state_b + i * kShaLanes);
  }
  Sha1PairRounds<0xCA>(0, 19, va, wa, vb, wb, Splat(kSha1K[0]));
  Sha1PairRounds<0x96>(20, 39, va, wa, vb, wb, Splat(kSha1K[1]));
  Sha1PairRounds<0xE8>(40, 59, va, wa, vb, wb, Splat(kSha1K[2]));
  Sha1PairRounds<0x96>(60, 79, va, wa, vb, wb, Splat(kSha1K[3]));
  for (size_t i = 0; i < 5; ++i) {
    Store(state_a + i * kShaLanes, Add(Load(state_a + i * kShaLanes), va[i]));
    Store(state_b + i * kShaLanes, Add(Load(state_b + i * kShaLanes), vb[i]));
  }
}

// The 2 x 16 message words and 2 x 8 state words exceed the 32 vector registers: the compiler
// keeps part of the rings in memory (L1), which costs less than the idle units of one chain.
__attribute__((target("avx512f,avx512bw,avx512vl"))) void Sha256CompressPair16Avx512(
    uint32_t* state_a, const uint32_t* block_a, uint32_t* state_b, const uint32_t* block_b) {
  V wa[16], wb[16], va[8], vb[8];
  for (size_t i = 0; i < 16; ++i) {
    wa[i] = Load(block_a + i * kShaLanes);
    wb[i] = Load(block_b + i * kShaLanes);
  }
  for (size_t i = 0; i < 8; ++i) {
    va[i] = Load(state_a + i * kShaLanes);
    vb[i] = Load(state_b + i * kShaLanes);
  }
  Sha256PairRounds16<false>(0, va, wa, vb, wb);
#pragma GCC unroll 1
  for (int base = 16; base < 64; base += 16) Sha256PairRounds16<true>(base, va, wa, vb, wb);
  for (size_t i = 0; i < 8; ++i) {
    Store(state_a + i * kShaLanes, Add(Load(state_a + i * kShaLanes), va[i]));
    Store(state_b + i * kShaLanes, Add(Load(state_b + i * kShaLanes), vb[i]));
  }
}

__attribute__((target("avx512f,avx512bw,avx512vl"))) void Sha1CompressFixedPair16Avx512(
    uint32_t* state_a, uint32_t* state_b, const uint32_t* round_inputs) {
  V va[5], vb[5];
  for (size_t i = 0; i < 5; ++i) {
    va[i] = Load(state_a + i * kShaLanes);
    vb[i] = Load(state_b + i * kShaLanes);
  }
  Sha1FixedPairRounds<0xCA>(0, 19, va, vb, round_inputs);
  Sha1FixedPairRounds<0x96>(20, 39, va, vb, round_inputs);
  Sha1FixedPairRounds<0xE8>(40, 59, va, vb, round_inputs);
  Sha1FixedPairRounds<0x96>(60, 79, va, vb, round_inputs);
  for (size_t i = 0; i < 5; ++i) {
    Store(state_a + i * kShaLanes, Add(Load(state_a + i * kShaLanes), va[i]));
    Store(state_b + i * kShaLanes, Add(Load(state_b + i * kShaLanes), vb[i]));
  }
}

__attribute__((target("avx512f,avx512bw,avx512vl"))) void Sha256CompressFixedPair16Avx512(
    uint32_t* state_a, uint32_t* state_b, const uint32_t* round_inputs) {
  V va[8], vb[8];
  for (size_t i = 0; i < 8; ++i) {
    va[i] = Load(state_a + i * kShaLanes);
    vb[i] = Load(state_b + i * kShaLanes);
  }
#pragma GCC unroll 1
  for (int base = 0; base < 64; base += 16) {
#pragma GCC unroll 16
    for (int i = 0; i < 16; ++i) {
      const V kw = Splat(round_inputs[base + i]);
      Sha256Core(va, kw);
      Sha256Core(vb, kw);
    }
  }
  for (size_t i = 0; i < 8; ++i) {
    Store(state_a + i * kShaLanes, Add(Load(state_a + i * kShaLanes), va[i]));
    Store(state_b + i * kShaLanes, Add(Load(state_b + i * kShaLanes), vb[i]));
  }
}

__attribute__((target("avx512f,avx512bw,avx512vl"))) void Sha512Compress16Avx512(
    uint64_t* state, const uint64_t* block) {
  Sha512Lanes16(state, block);
}

}  // namespace knox::crypto::internal
#endif  // __x86_64__
