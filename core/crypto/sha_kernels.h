// Raw SHA-1, SHA-256 and SHA-512 compression functions (FIPS 180-4 §6.1.2, §6.2.2 and §6.4.2;
// SHA-384 is SHA-512's function from another IV, its digest the first 6 state words) over 16
// independent lanes at once, for the weak-secret search: the same block function applied to 16
// candidate secrets' states. No padding, no lengths, no keys: callers lay out whole blocks (64
// bytes for SHA-1/SHA-256, 128 bytes for SHA-384/512).
//
// Layout is lane-minor ("structure of arrays"): state[w * 16 + lane] is word w of a lane's chaining
// state (5 words for SHA-1, 8 for SHA-256 and SHA-512) and block[w * 16 + lane] is message word w
// (0..15) of that lane's block, already read big-endian into a host integer: 32-bit words for
// SHA-1/SHA-256, 64-bit words for SHA-512.
//
// Paths: a portable scalar loop, SHA-NI (one lane at a time with the x86 SHA extensions), AVX2
// and AVX-512. SHA-1/SHA-256: AVX2 as two groups of 8 lanes, AVX-512 all 16 lanes per
// instruction. SHA-512 keeps the same 16 lanes (so one engine serves every digest) as four groups
// of 4 (AVX2) or two groups of 8 (AVX-512) 64-bit lanes; x86's SHA extensions have no SHA-512
// (the SHA512 instructions of 2024 CPUs are a separate feature knox does not use), so the
// SHA-NI path's SHA-512 kernel is the AVX2 one where the CPU has AVX2, else the scalar one.
// Each path's code is compiled with a per-function target attribute, so the library runs on any
// x86-64 (and builds elsewhere with only the scalar path); PathSupported() says what this CPU and
// OS can execute, and calling an unsupported path is a caller bug. All paths compute identical
// results. Functions are pure and thread-safe; nothing here allocates.
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
inline constexpr size_t kSha512StateWords = 8;  // also SHA-384's
inline constexpr size_t kSha384DigestWords = 6;
inline constexpr size_t kShaBlockWords = 16;

// FIPS 180-4 §5.3.1 and §5.3.3 initial hash values.
inline constexpr uint32_t kSha1Iv[kSha1StateWords] = {0x67452301, 0xefcdab89, 0x98badcfe,
                                                      0x10325476, 0xc3d2e1f0};
inline constexpr uint32_t kSha256Iv[kSha256StateWords] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
// FIPS 180-4 §5.3.4 and §5.3.5.
inline constexpr uint64_t kSha384Iv[kSha512StateWords] = {
    0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
    0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4};
inline constexpr uint64_t kSha512Iv[kSha512StateWords] = {
    0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
    0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};

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
using Sha512CompressFn = void (*)(uint64_t* state, const uint64_t* block);

// The 16-lane compression functions of `path` (which must be supported).
ShaCompressFn Sha1Compress16(ShaPath path);
ShaCompressFn Sha256Compress16(ShaPath path);
// SHA-384 and SHA-512 (the caller picks the IV). For kShaNi: see the header comment.
Sha512CompressFn Sha512Compress16(ShaPath path);

// Two independent 16-lane compressions at once, (state_a, block_a) and (state_b, block_b): 32
// lanes. One SHA-1/SHA-256 block is a chain of dependent rounds whose vector operations take
// 2 cycles each on Zen 5, so one chain leaves most of the vector units idle; the AVX-512 pair
// kernels interleave the two chains' rounds (decision 34). The other paths run one after the
// other. Same results as two Compress16 calls.
using ShaPairCompressFn = void (*)(uint32_t* state_a, const uint32_t* block_a, uint32_t* state_b,
                                   const uint32_t* block_b);
ShaPairCompressFn Sha1CompressPair16(ShaPath path);
ShaPairCompressFn Sha256CompressPair16(ShaPath path);

// A block that is the same in every lane (the fixed message after a per-lane HMAC key block)
// needs its message schedule only once: the round inputs W[t] + K[t] (80 for SHA-1, 64 for
// SHA-256) of one block of 16 big-endian words. A "fixed" pair compression then runs both
// states' rounds on those inputs, skipping the schedule and the constant adds; it equals
// Compress16 of the block broadcast to every lane, on each state. Only the AVX-512 path has
// fixed kernels: the getters return nullptr for the others (callers then use the pair kernel on
// the broadcast block).
inline constexpr size_t kSha1Rounds = 80;
inline constexpr size_t kSha256Rounds = 64;
void Sha1RoundInputs(const uint32_t* block, uint32_t* round_inputs);    // 16 -> 80 words
void Sha256RoundInputs(const uint32_t* block, uint32_t* round_inputs);  // 16 -> 64 words
using ShaFixedPairCompressFn = void (*)(uint32_t* state_a, uint32_t* state_b,
                                        const uint32_t* round_inputs);
ShaFixedPairCompressFn Sha1CompressFixedPair16(ShaPath path);
ShaFixedPairCompressFn Sha256CompressFixedPair16(ShaPath path);

// Lays out up to kShaLanes byte strings as one 16-lane block of 32-bit words (SHA-1/SHA-256):
// lane l := bytes[l] read big-endian, zero-filled to 64 bytes; lanes past bytes.size() are all
// zero. Every string must be at most 64 bytes (a caller bug otherwise). The AVX-512 path loads
// each lane with one masked load and transposes the 16 x 16 words in registers; the other paths
// write word by word. Results are identical on every path.
using LaneLoadFn = void (*)(std::span<const std::string_view> bytes, uint32_t* block);
LaneLoadFn LoadLanes16(ShaPath path);
// The same for one block of 64-bit words (SHA-384/512): strings of at most 128 bytes.
using WideLaneLoadFn = void (*)(std::span<const std::string_view> bytes, uint64_t* block);
WideLaneLoadFn LoadWideLanes16(ShaPath path);

// The path whose instructions Sha512Compress16(path) actually runs: `path` itself, except kShaNi
// (kAvx2 when supported, else kScalar).
ShaPath Sha512KernelPath(ShaPath path);

}  // namespace knox::crypto
