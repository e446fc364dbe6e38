// The SHA-NI path of sha_kernels.h: two lanes at a time with the x86 SHA extensions
// (SHA1RNDS4/SHA1NEXTE/SHA1MSG1/SHA1MSG2 and SHA256RNDS2/SHA256MSG1/SHA256MSG2), four message
// words per register. Only these functions carry the target attribute; the rest of the build stays
// generic x86-64, and sha_kernels.cc calls them only when CPUID reports the extensions.
#if defined(__x86_64__)
#include <immintrin.h>

#include "core/crypto/sha_kernel_paths.h"
#include "core/crypto/sha_kernels.h"

#define KNOX_SHANI __attribute__((target("sha,sse4.1,ssse3"), always_inline)) inline

namespace knox::crypto::internal {
namespace {

// Lanes are processed kPair at a time with their instructions interleaved: each lane's rounds are
// one long dependency chain, so a second independent chain fills the SHA units' latency.
constexpr size_t kPair = 2;

// One SHA-1 lane's registers: ABCD (A in the top lane), the ABCD before the latest SHA1RNDS4 (from
// which SHA1NEXTE derives the next E), the initial E, and a ring of the last four message groups
// (W[4i..4i+3], W[4i] in the top lane).
struct Sha1Regs {
  __m128i abcd, abcd_save, prev, e_save;
  __m128i msg[4];
};

KNOX_SHANI int Word(const uint32_t* p, size_t i) { return static_cast<int>(p[i * kShaLanes]); }

KNOX_SHANI void Sha1Load(const uint32_t* s, const uint32_t* w, Sha1Regs& r) {
  for (size_t g = 0; g < 4; ++g) {
    r.msg[g] =
        _mm_set_epi32(Word(w, 4 * g), Word(w, 4 * g + 1), Word(w, 4 * g + 2), Word(w, 4 * g + 3));
  }
  r.abcd = _mm_set_epi32(Word(s, 0), Word(s, 1), Word(s, 2), Word(s, 3));
  r.abcd_save = r.prev = r.abcd;
  r.e_save = _mm_set_epi32(Word(s, 4), 0, 0, 0);
}

// SHA-1 rounds 4*first .. 4*last+3, all with round function kF (SHA1RNDS4's immediate).
template <int kF>
KNOX_SHANI void Sha1Groups(int first, int last, Sha1Regs (&r)[kPair]) {
  for (int i = first; i <= last; ++i) {
    for (Sha1Regs& x : r) {
      if (i >= 4) {
        x.msg[i & 3] = _mm_sha1msg2_epu32(
            _mm_xor_si128(_mm_sha1msg1_epu32(x.msg[i & 3], x.msg[(i + 1) & 3]), x.msg[(i + 2) & 3]),
            x.msg[(i + 3) & 3]);
      }
      const __m128i e =
          i == 0 ? _mm_add_epi32(x.e_save, x.msg[0]) : _mm_sha1nexte_epu32(x.prev, x.msg[i & 3]);
      x.prev = x.abcd;
      x.abcd = _mm_sha1rnds4_epu32(x.abcd, e, kF);
    }
  }
}

KNOX_SHANI void Sha1Store(const Sha1Regs& r, uint32_t* s) {
  const __m128i e = _mm_sha1nexte_epu32(r.prev, r.e_save);
  const __m128i abcd = _mm_add_epi32(r.abcd, r.abcd_save);
  s[0] = static_cast<uint32_t>(_mm_extract_epi32(abcd, 3));
  s[kShaLanes] = static_cast<uint32_t>(_mm_extract_epi32(abcd, 2));
  s[2 * kShaLanes] = static_cast<uint32_t>(_mm_extract_epi32(abcd, 1));
  s[3 * kShaLanes] = static_cast<uint32_t>(_mm_extract_epi32(abcd, 0));
  s[4 * kShaLanes] = static_cast<uint32_t>(_mm_extract_epi32(e, 3));
}

KNOX_SHANI void Sha1Lanes(uint32_t* state, const uint32_t* block, size_t lane) {
  Sha1Regs r[kPair];
  for (size_t j = 0; j < kPair; ++j) Sha1Load(state + lane + j, block + lane + j, r[j]);
  Sha1Groups<0>(0, 4, r);
  Sha1Groups<1>(5, 9, r);
  Sha1Groups<2>(10, 14, r);
  Sha1Groups<3>(15, 19, r);
  for (size_t j = 0; j < kPair; ++j) Sha1Store(r[j], state + lane + j);
}

// One SHA-256 lane's registers: the state as ABEF and CDGH (high lane first), the layout
// SHA256RNDS2 wants, and the ring of message groups (W[4i] in the low lane).
struct Sha256Regs {
  __m128i abef, cdgh, abef_save, cdgh_save;
  __m128i msg[4];
};

KNOX_SHANI void Sha256Load(const uint32_t* s, const uint32_t* w, Sha256Regs& r) {
  for (size_t g = 0; g < 4; ++g) {
    r.msg[g] =
        _mm_set_epi32(Word(w, 4 * g + 3), Word(w, 4 * g + 2), Word(w, 4 * g + 1), Word(w, 4 * g));
  }
  r.abef = r.abef_save = _mm_set_epi32(Word(s, 0), Word(s, 1), Word(s, 4), Word(s, 5));
  r.cdgh = r.cdgh_save = _mm_set_epi32(Word(s, 2), Word(s, 3), Word(s, 6), Word(s, 7));
}

KNOX_SHANI void Sha256Store(const Sha256Regs& r, uint32_t* s) {
  const __m128i abef = _mm_add_epi32(r.abef, r.abef_save);
  const __m128i cdgh = _mm_add_epi32(r.cdgh, r.cdgh_save);
  s[0] = static_cast<uint32_t>(_mm_extract_epi32(abef, 3));
  s[kShaLanes] = static_cast<uint32_t>(_mm_extract_epi32(abef, 2));
  s[4 * kShaLanes] = static_cast<uint32_t>(_mm_extract_epi32(abef, 1));
  s[5 * kShaLanes] = static_cast<uint32_t>(_mm_extract_epi32(abef, 0));
  s[2 * kShaLanes] = static_cast<uint32_t>(_mm_extract_epi32(cdgh, 3));
  s[3 * kShaLanes] = static_cast<uint32_t>(_mm_extract_epi32(cdgh, 2));
  s[6 * kShaLanes] = static_cast<uint32_t>(_mm_extract_epi32(cdgh, 1));
  s[7 * kShaLanes] = static_cast<uint32_t>(_mm_extract_epi32(cdgh, 0));
}

KNOX_SHANI void Sha256Lanes(uint32_t* state, const uint32_t* block, size_t lane) {
  Sha256Regs r[kPair];
  for (size_t j = 0; j < kPair; ++j) Sha256Load(state + lane + j, block + lane + j, r[j]);
  for (int g = 0; g < 16; ++g) {
    const __m128i k = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&kSha256K[size_t{4} * g]));
    for (Sha256Regs& x : r) {
      if (g >= 4) {
        __m128i t = _mm_add_epi32(_mm_sha256msg1_epu32(x.msg[g & 3], x.msg[(g + 1) & 3]),
                                  _mm_alignr_epi8(x.msg[(g + 3) & 3], x.msg[(g + 2) & 3], 4));
        x.msg[g & 3] = _mm_sha256msg2_epu32(t, x.msg[(g + 3) & 3]);
      }
      const __m128i wk = _mm_add_epi32(x.msg[g & 3], k);
      x.cdgh = _mm_sha256rnds2_epu32(x.cdgh, x.abef, wk);  // now ABEF; abef holds CDGH
      x.abef = _mm_sha256rnds2_epu32(x.abef, x.cdgh, _mm_shuffle_epi32(wk, 0x0e));
    }
  }
  for (size_t j = 0; j < kPair; ++j) Sha256Store(r[j], state + lane + j);
}

}  // namespace

__attribute__((target("sha,sse4.1,ssse3"))) void Sha1Compress16ShaNi(uint32_t* state,
                                                                     const uint32_t* block) {
  for (size_t lane = 0; lane < kShaLanes; lane += kPair) Sha1Lanes(state, block, lane);
}

__attribute__((target("sha,sse4.1,ssse3"))) void Sha256Compress16ShaNi(uint32_t* state,
                                                                       const uint32_t* block) {
  for (size_t lane = 0; lane < kShaLanes; lane += kPair) Sha256Lanes(state, block, lane);
}

}  // namespace knox::crypto::internal
#endif  // __x86_64__
