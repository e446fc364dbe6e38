// The fast engine's kernel: 32 candidate secrets at once (two groups of 16 lanes) through one
// MacPlan (mac_plan.h) on the SHA compression functions of core/crypto/sha_kernels.h.
//
// One engine serves every digest: SHA-1/SHA-256 on 32-bit words and 64-byte blocks, SHA-384/512
// on 64-bit words and 128-byte blocks (the same 16 lanes per group). Everything that does not
// depend on the candidate is prepared once in Create: the message's padded blocks (the inner
// hash's length counts the key block) and, on AVX-512, their round inputs (the message schedule
// every lane shares), the salt's blocks for the HMAC derivation, the hash state after whole blocks
// of a concat prefix, and the expected first MAC word. Per candidate Match then does the minimum
// number of compressions: for HMAC-SHA1 with the hmac derivation (Flask) and a message under 56
// bytes that is 4 (derivation) + 4 (MAC) = 8; for a JWT HS512 under 112 bytes, 4. The
// compressions of the two groups (and a group's independent inner and outer key blocks) go
// through the pair kernels side by side, so that one dependency chain's latency hides the other's
// (decision 34). Only the first word of the MAC is compared here (32 bits for SHA-1/SHA-256, 64
// bits for SHA-384/512); a match is a candidate for the caller's full verification (about one
// false match per 4 billion candidates at worst).
// Candidates longer than the hash block (HMAC hashes such keys first) and concat inputs longer than
// two blocks are hashed per lane through core/crypto instead of the lanes; results are the same.
//
// PBKDF2 keys (Rails, KeyRule::kPbkdf2) are derived in lanes by crypto::Pbkdf2Lanes on the same
// path; all of the key is needed before the first MAC word exists, so a signed Rails cookie costs
// its whole derivation per candidate (HMAC-SHA1 key of 64 bytes: 4 x 2000 compressions with the
// SHA-1 key generator, 2 x 2000 with SHA-256). An AES-GCM plan (MacCheck::kAesGcm) derives only
// the 32 bytes of AES key and checks each lane's tag through core/crypto: exact, not a first-word
// compare.
//
// A MacLaneMatcher is immutable after Create and safe to share between threads; Match allocates
// nothing for candidates up to the block size, except for AES-GCM plans (the per-lane check).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/analysis/mac_plan.h"
#include "core/base/result.h"
#include "core/crypto/sha_kernels.h"

namespace knox::analysis {

class MacLaneMatcher {
 public:
  // kInvalidArgument when `path` is not supported by this CPU, or the plan's digest is not
  // SHA-1/SHA-256/SHA-384/SHA-512 or its MAC has the wrong size, or a PBKDF2 or AES-GCM plan is
  // outside what CheckPlan (mac_lanes.cc) and crypto::Pbkdf2Lanes accept.
  static Result<MacLaneMatcher> Create(const MacPlan& plan, crypto::ShaPath path);

  MacLaneMatcher(MacLaneMatcher&&) noexcept;
  MacLaneMatcher& operator=(MacLaneMatcher&&) noexcept;
  ~MacLaneMatcher();

  // Candidates per Match/Macs call: two groups of kShaLanes, whose blocks go through the pair
  // kernels of sha_kernels.h side by side (decision 34).
  static constexpr size_t kWidth = 2 * crypto::kShaLanes;

  // Bit i is set when candidates[i]'s MAC begins with the plan's first MAC word (AES-GCM plans:
  // when candidates[i]'s key opens the ciphertext).
  // At most kWidth candidates (more are ignored).
  uint32_t Match(std::span<const std::string_view> candidates) const;

  // The full MACs of up to kWidth candidates (AES-GCM plans: the derived keys; for tests).
  std::vector<std::string> Macs(std::span<const std::string_view> candidates) const;

  // The path asked for in Create (for SHA-384/512 on kShaNi the kernel that runs is
  // crypto::Sha512KernelPath's).
  crypto::ShaPath path() const { return path_; }

  // The lane engine of one word size (mac_lanes.cc).
  class Engine;

 private:
  MacLaneMatcher(std::unique_ptr<const Engine> engine, crypto::ShaPath path);

  std::unique_ptr<const Engine> engine_;
  crypto::ShaPath path_ = crypto::ShaPath::kScalar;
};

}  // namespace knox::analysis
