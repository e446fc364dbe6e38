// The weak-secret search: which (format, options) a token may have been signed with, and a
// multi-threaded search of candidate secrets that verifies each with the real codec and proves a
// hit by re-signing the payload.
//
// Two engines share one search. The generic one puts every candidate through Codec::NewSigner +
// Verify, so it covers every signed format with each library's exact rules. The fast one
// (mac_plan.h, mac_lanes.h) serves the HMAC-SHA1/SHA-256/SHA-384/SHA-512 formats (itsdangerous
// family, flask, starlette, django, express, jwt HS256/384/512, cookie-session, rack, gorilla) and
// Rails's signed and encrypted cookies (PBKDF2 keys derived in lanes; GCM tags checked per lane):
// it precomputes everything the candidate does not change, runs 16 candidates at once through
// SIMD SHA kernels (chosen at run time, or by KNOX_SIMD=scalar|shani|avx2|avx512) and compares the
// first word of the MAC; only a match goes through the generic verification, so both engines
// find exactly the same secrets. Targets without a fast kernel (iron, laravel, an HMAC-SHA384/512
// Rails cookie, ...) use the generic engine in the same run.
// Clocks are pinned to the token's own time so that an expired token still reveals its key.
// Encrypted formats keyed with random bytes (fernet, knox-sealed) are not searched.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "conformance/analysis/candidate_stream.h"
#include "conformance/analysis/candidates.h"
#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/crypto/digest.h"
#include "core/crypto/secret_bytes.h"
#include "core/crypto/sha_kernels.h"
#include "core/token/codec.h"

namespace knox::analysis {

struct CrackRequest {
  std::string token;
  std::optional<std::string> format;  // unset: every format whose keyless decode accepts the token
  std::optional<std::string> salt;
  // unset: the format's default, then each of its usual digests (FormatTraits::usual_digests)
  std::optional<crypto::Digest> digest;
  std::string signature;    // cookie-session .sig value
  std::string cookie_name;  // cookie-session cookie name
};

struct CrackTarget {
  const token::Codec* codec = nullptr;
  token::Options options;  // everything except the secret
  std::shared_ptr<FakeClock> clock;
  std::string token;
  std::string signature;
};

// kInvalidArgument for an unknown or unsearchable format; kMalformed when no format matches.
Result<std::vector<CrackTarget>> PlanTargets(const CrackRequest& request);

struct CrackResult {
  bool found = false;
  crypto::SecretBytes secret;
  std::string format;
  bool resigned_identical = false;  // re-signing the verified payload reproduced the token exactly
  uint64_t candidates = 0;          // candidates tried (each against every target)
  double seconds = 0;
  size_t targets = 0;       // formats searched
  size_t fast_targets = 0;  // of which by the fast engine (the rest: generic)
  std::string simd;         // the SIMD path of the fast engine ("" when unused)
};

struct SearchOptions {
  unsigned threads = 1;
  // Called from one thread about 4 times a second with the candidates tried and the fraction of
  // the source consumed (negative when unknown).
  std::function<void(uint64_t tried, double fraction)> progress;
  const std::atomic<bool>* cancel = nullptr;
  // Use only the generic engine (for comparisons and tests).
  bool generic_only = false;
  // The fast engine's SIMD path; unset: KNOX_SIMD, else the best this CPU supports.
  std::optional<crypto::ShaPath> simd;
};

// Propagates the source's errors (e.g. an over-long wordlist line); kInvalidArgument when KNOX_SIMD
// or `simd` names a path this CPU cannot run. Each worker reads the stream through its own cursor
// (candidate_stream.h); a CandidateSource is read under one lock per batch of 256.
Result<CrackResult> SearchSecret(std::span<const CrackTarget> targets, CandidateStream& stream,
                                 const SearchOptions& options);
Result<CrackResult> SearchSecret(std::span<const CrackTarget> targets, CandidateSource& source,
                                 const SearchOptions& options);

}  // namespace knox::analysis
