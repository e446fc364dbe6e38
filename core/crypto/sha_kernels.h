// Raw SHA-1 and SHA-256 compression functions (FIPS 180-4 §6.1.2 and §6.2.2) over 16 independent
// lanes at once, for the weak-secret search: the same block function applied to 16 candidate
// secrets' states. No padding, no lengths, no keys: callers lay out whole 64-byte blocks.
//
// Layout is lane-minor ("structure of arrays"): state[w * 16 + lane] is word w of a lane's chaining
// state (5 words for SHA-1, 8 for SHA-256) and block[w * 16 + lane] is message word w (0..15) of
// that lane's block, already read big-endian into a host integer. Every call compresses all 16
// lanes in place.
//
// Paths: a portable scalar loop, SHA-NI (one lane at a time with the x86 SHA extensions), AVX2
// (two groups of 8 lanes) and AVX-512 (16 lanes per instruction). Each path's code is compiled with
// a per-function target attribute, so the library runs on any x86-64 (and builds elsewhere with
// only the scalar path); PathSupported() says what this CPU and OS can execute, and calling an
// unsupported path is a caller bug. All paths compute identical results. Functions are pure and
// thread-safe; nothing here allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/base/result.h"

namespace knox::crypto {

enum class ShaPath { kScalar, kShaNi, kAvx2, kAvx512 };

inline constexpr size_t kShaLanes = 16;
inline constexpr size_t kSha1StateWords = 5;
inline constexpr size_t kSha256StateWords = 8;
inline constexpr size_t kShaBlockWords = 16;

// FIPS 180-4 §5.3.1 and §5.3.3 initial hash values.
inline constexpr uint32_t kSha1Iv[kSha1StateWords] = {0x67452301, 0xefcdab89, 0x98badcfe,
                                                      0x10325476, 0xc3d2e1f0};
inline constexpr uint32_t kSha256Iv[kSha256StateWords] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// "scalar", "shani", "avx2", "avx512".
std::string_view ShaPathName(ShaPath path);
// The names above; kInvalidArgument otherwise.
Result<ShaPath> ParseShaPath(std::string_view name);

// Every path, slowest first.
std::span<const ShaPath> AllShaPaths();

// Whether this CPU (and OS, for the wide register state) can run `path`. kScalar always can.
bool ShaPathSupported(ShaPath path);

// The fastest supported path for multi-lane work on this machine.
ShaPath BestShaPath();

// BestShaPath(), unless the environment variable KNOX_SIMD names a path: then that path, or
// kInvalidArgument when the name is unknown or this CPU cannot run it (a forced path never
// silently degrades, so tests and benches measure what they asked for).
Result<ShaPath> ShaPathFromEnvironment();

using ShaCompressFn = void (*)(uint32_t* state, const uint32_t* block);

// The 16-lane compression functions of `path` (which must be supported).
ShaCompressFn Sha1Compress16(ShaPath path);
ShaCompressFn Sha256Compress16(ShaPath path);

}  // namespace knox::crypto
