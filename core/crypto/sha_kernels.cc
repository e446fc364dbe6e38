#include "core/crypto/sha_kernels.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>

#include "core/crypto/sha_kernel_paths.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace knox::crypto {
namespace {

constexpr std::array<ShaPath, 4> kAllPaths = {ShaPath::kScalar, ShaPath::kShaNi, ShaPath::kAvx2,
                                              ShaPath::kAvx512};

#if defined(__x86_64__)
// CPUID.(EAX=7,ECX=0):EBX bit 29 is the SHA extensions flag.
bool CpuHasShaNi() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return false;
  return (ebx & (1u << 29)) != 0;
}

// __builtin_cpu_supports also checks that the OS saves the YMM/ZMM state (XGETBV).
bool Supported(ShaPath path) {
  __builtin_cpu_init();
  switch (path) {
    case ShaPath::kScalar:
      return true;
    case ShaPath::kShaNi:
      return CpuHasShaNi() && __builtin_cpu_supports("sse4.1") && __builtin_cpu_supports("ssse3");
    case ShaPath::kAvx2:
      return __builtin_cpu_supports("avx2");
    case ShaPath::kAvx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512vl");
  }
  return false;
}
#else
bool Supported(ShaPath path) { return path == ShaPath::kScalar; }
#endif

}  // namespace

std::string_view ShaPathName(ShaPath path) {
  switch (path) {
    case ShaPath::kScalar:
      return "scalar";
    case ShaPath::kShaNi:
      return "shani";
    case ShaPath::kAvx2:
      return "avx2";
    case ShaPath::kAvx512:
      return "avx512";
  }
  return "scalar";
}

Result<ShaPath> ParseShaPath(std::string_view name) {
  for (ShaPath p : kAllPaths) {
    if (ShaPathName(p) == name) return p;
  }
  return Fail(ErrorCode::kInvalidArgument, "unknown SIMD path (scalar, shani, avx2, avx512)");
}

std::span<const ShaPath> AllShaPaths() { return kAllPaths; }

bool ShaPathSupported(ShaPath path) {
  static const std::array<bool, 4> supported = {
      Supported(ShaPath::kScalar), Supported(ShaPath::kShaNi), Supported(ShaPath::kAvx2),
      Supported(ShaPath::kAvx512)};
  return supported[static_cast<size_t>(path)];
}

// Measured on Zen 5 (AMD EPYC, CPU family 26; bench/crack_bench): AVX-512 multi-buffer beats SHA-NI
// one-at-a-time for the short messages of the search, and AVX2 beats scalar; SHA-NI beats AVX2
// where both exist.
ShaPath BestShaPath() {
  for (ShaPath p : {ShaPath::kAvx512, ShaPath::kShaNi, ShaPath::kAvx2}) {
    if (ShaPathSupported(p)) return p;
  }
  return ShaPath::kScalar;
}

Result<ShaPath> ShaPathFromEnvironment() {
  const char* forced = std::getenv("KNOX_SIMD");
  if (forced == nullptr || *forced == '\0') return BestShaPath();
  auto path = ParseShaPath(forced);
  if (!path) return std::unexpected(path.error());
  if (!ShaPathSupported(*path)) {
    return Fail(ErrorCode::kInvalidArgument,
                "KNOX_SIMD names a path this CPU cannot run: " + std::string(forced));
  }
  return *path;
}

ShaCompressFn Sha1Compress16(ShaPath path) {
  switch (path) {
#if defined(__x86_64__)
    case ShaPath::kShaNi:
      return &internal::Sha1Compress16ShaNi;
    case ShaPath::kAvx2:
      return &internal::Sha1Compress16Avx2;
    case ShaPath::kAvx512:
      return &internal::Sha1Compress16Avx512;
#endif
    default:
      return &internal::Sha1Compress16Scalar;
  }
}

ShaCompressFn Sha256Compress16(ShaPath path) {
  switch (path) {
#if defined(__x86_64__)
    case ShaPath::kShaNi:
      return &internal::Sha256Compress16ShaNi;
    case ShaPath::kAvx2:
      return &internal::Sha256Compress16Avx2;
    case ShaPath::kAvx512:
      return &internal::Sha256Compress16Avx512;
#endif
    default:
      return &internal::Sha256Compress16Scalar;
  }
}

void Sha1RoundInputs(const uint32_t* block, uint32_t* round_inputs) {
  uint32_t w[kSha1Rounds];
  std::copy_n(block, kShaBlockWords, w);
  for (size_t t = 16; t < kSha1Rounds; ++t) {
    w[t] = std::rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  }
  for (size_t t = 0; t < kSha1Rounds; ++t) round_inputs[t] = w[t] + internal::kSha1K[t / 20];
}

void Sha256RoundInputs(const uint32_t* block, uint32_t* round_inputs) {
  uint32_t w[kSha256Rounds];
  std::copy_n(block, kShaBlockWords, w);
  for (size_t t = 16; t < kSha256Rounds; ++t) {
    const uint32_t s0 = std::rotr(w[t - 15], 7) ^ std::rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    const uint32_t s1 = std::rotr(w[t - 2], 17) ^ std::rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  for (size_t t = 0; t < kSha256Rounds; ++t) round_inputs[t] = w[t] + internal::kSha256K[t];
}

namespace {

// The pair of a path without pair kernels: one block after the other.
template <ShaCompressFn kCompress>
void OneThenOther(uint32_t* state_a, const uint32_t* block_a, uint32_t* state_b,
                  const uint32_t* block_b) {
  kCompress(state_a, block_a);
  kCompress(state_b, block_b);
}

}  // namespace

ShaPairCompressFn Sha1CompressPair16(ShaPath path) {
  switch (path) {
#if defined(__x86_64__)
    case ShaPath::kShaNi:
      return &OneThenOther<&internal::Sha1Compress16ShaNi>;
    case ShaPath::kAvx2:
      return &OneThenOther<&internal::Sha1Compress16Avx2>;
    case ShaPath::kAvx512:
      return &internal::Sha1CompressPair16Avx512;
#endif
    default:
      return &OneThenOther<&internal::Sha1Compress16Scalar>;
  }
}

ShaPairCompressFn Sha256CompressPair16(ShaPath path) {
  switch (path) {
#if defined(__x86_64__)
    case ShaPath::kShaNi:
      return &OneThenOther<&internal::Sha256Compress16ShaNi>;
    case ShaPath::kAvx2:
      return &OneThenOther<&internal::Sha256Compress16Avx2>;
    case ShaPath::kAvx512:
      return &internal::Sha256CompressPair16Avx512;
#endif
    default:
      return &OneThenOther<&internal::Sha256Compress16Scalar>;
  }
}

ShaFixedPairCompressFn Sha1CompressFixedPair16(ShaPath path) {
#if defined(__x86_64__)
  if (path == ShaPath::kAvx512) return &internal::Sha1CompressFixedPair16Avx512;
#endif
  (void)path;
  return nullptr;
}

ShaFixedPairCompressFn Sha256CompressFixedPair16(ShaPath path) {
#if defined(__x86_64__)
  if (path == ShaPath::kAvx512) return &internal::Sha256CompressFixedPair16Avx512;
#endif
  (void)path;
  return nullptr;
}

LaneLoadFn LoadLanes16(ShaPath path) {
#if defined(__x86_64__)
  if (path == ShaPath::kAvx512) return &internal::LoadLanes16Avx512;
#endif
  (void)path;
  return &internal::LoadLanes16Scalar;
}

WideLaneLoadFn LoadWideLanes16(ShaPath path) {
#if defined(__x86_64__)
  if (path == ShaPath::kAvx512) return &internal::LoadWideLanes16Avx512;
#endif
  (void)path;
  return &internal::LoadWideLanes16Scalar;
}

ShaPath Sha512KernelPath(ShaPath path) {
  if (path != ShaPath::kShaNi) return path;
  return ShaPathSupported(ShaPath::kAvx2) ? ShaPath::kAvx2 : ShaPath::kScalar;
}

Sha512CompressFn Sha512Compress16(ShaPath path) {
  switch (Sha512KernelPath(path)) {
#if defined(__x86_64__)
    case ShaPath::kAvx2:
      return &internal::Sha512Compress16Avx2;
    case ShaPath::kAvx512:
      return &internal::Sha512Compress16Avx512;
#endif
    default:
      return &internal::Sha512Compress16Scalar;
  }
}

}  // namespace knox::crypto
