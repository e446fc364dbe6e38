// Properties of knox-sealed (core/seal), with a random keyset made once per process:
//  1. Open never accepts bytes that were not sealed with the key (and never crashes on them).
//  2. Seal of the input, opened with the same cookie name and purpose, returns the input unchanged;
//     opened for another cookie name it fails.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/seal/seal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto keyset = knox::seal::Keyset::Generate(1);
  if (!keyset) std::abort();
  constexpr int64_t kNow = 1700000000;
  std::string_view in(reinterpret_cast<const char*>(data), size);

  if (knox::seal::Open(*keyset, "session", "session", in, kNow)) std::abort();  // forged
  (void)knox::seal::ReadHeader(in);

  auto sealed = knox::seal::Seal(*keyset, "session", "session", in, kNow, 60);
  if (!sealed) {
    if (sealed.error().code != knox::ErrorCode::kLimitExceeded) std::abort();
    return 0;
  }
  auto opened = knox::seal::Open(*keyset, "session", "session", *sealed, kNow);
  if (!opened || opened->payload != in || opened->issued_at != kNow) std::abort();
  if (knox::seal::Open(*keyset, "other", "session", *sealed, kNow)) std::abort();
  return 0;
}
