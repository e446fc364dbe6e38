// The fast engine's kernel: 16 candidate secrets at once through one MacPlan (mac_plan.h) on the
// 16-lane SHA compression functions of core/crypto/sha_kernels.h.
//
// Everything that does not depend on the candidate is prepared once in Create: the message's
// padded blocks (the inner hash's length counts the 64-byte key block), the salt's blocks for the
// HMAC derivation, the hash state after whole 64-byte blocks of a concat prefix, and the expected
// first MAC word. Per group of 16 candidates Match then does the minimum number of compressions:
// for HMAC-SHA1 with the hmac derivation (Flask) and a message under 56 bytes that is
// 4 (derivation) + 4 (MAC) = 8. Only the first 32 bits of the MAC are compared here; a match is a
// candidate for the caller's full verification (about one false match per 4 billion candidates).
// Candidates longer than the hash block (HMAC hashes such keys first) and concat inputs longer than
// two blocks are hashed per lane through core/crypto instead of the lanes; results are the same.
//
// A MacLaneMatcher is immutable after Create and safe to share between threads; Match allocates
// nothing for candidates up to 64 bytes.
#pragma once

#include <cstdint>
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
  // kInvalidArgument when `path` is not supported by this CPU or the plan's digest is not
  // SHA-1/SHA-256 or its MAC has the wrong size.
  static Result<MacLaneMatcher> Create(const MacPlan& plan, crypto::ShaPath path);

  // Bit i is set when candidates[i]'s MAC begins with the plan's first 4 MAC bytes.
  // At most kShaLanes candidates.
  uint32_t Match(std::span<const std::string_view> candidates) const;

  // The full MACs of up to kShaLanes candidates (for tests).
  std::vector<std::string> Macs(std::span<const std::string_view> candidates) const;

  crypto::ShaPath path() const { return path_; }

 private:
  MacLaneMatcher() = default;
  // The plan's MAC state words of every lane: out[w * kShaLanes + lane].
  void Compute(std::span<const std::string_view> candidates, uint32_t* out) const;
  void LoadRawKeys(std::span<const std::string_view> candidates, uint32_t* key) const;
  void DeriveConcatKeys(std::span<const std::string_view> candidates, uint32_t* key) const;
  // HMAC of a fixed padded message (blocks broadcast to every lane) under per-lane key blocks.
  void Hmac(const uint32_t* key, const std::vector<uint32_t>& message, uint32_t* out) const;

  MacPlan plan_;
  crypto::ShaPath path_ = crypto::ShaPath::kScalar;
  crypto::ShaCompressFn compress_ = nullptr;
  size_t state_words_ = 0;
  std::vector<uint32_t> message_blocks_;  // the message after a 64-byte key block, padded
  std::vector<uint32_t> salt_blocks_;     // kHmacSalt: the salt after a 64-byte key block, padded
  std::vector<uint32_t> prefix_state_;    // kHashConcat: state after the prefix's whole blocks
  std::string prefix_tail_;               // kHashConcat: the prefix bytes after those blocks
  uint64_t prefix_hashed_bytes_ = 0;
  uint32_t first_word_ = 0;
};

}  // namespace knox::analysis
