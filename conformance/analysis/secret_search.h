// The weak-secret search: which (format, options) a token may have been signed with, and a
// multi-threaded search of candidate secrets that verifies each with the real codec and proves a
// hit by re-signing the payload.
//
// This is the correct, generic engine: every candidate goes through Codec::NewSigner + Verify, so
// it covers every signed format with each library's exact rules. Clocks are pinned to the token's
// own time so that an expired token still reveals its key. Encrypted formats keyed with random bytes
// (fernet, knox-sealed) are not searched.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "conformance/analysis/candidates.h"
#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/crypto/secret_bytes.h"
#include "core/token/codec.h"

namespace knox::analysis {

struct CrackRequest {
  std::string token;
  std::optional<std::string> format;  // unset: every format whose keyless decode accepts the token
  std::optional<std::string> salt;
  std::string signature;              // cookie-session .sig value
  std::string cookie_name;            // cookie-session cookie name
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
};

struct SearchOptions {
  unsigned threads = 1;
  // Called from one thread about 4 times a second with the candidates tried and the fraction of
  // the source consumed (negative when unknown).
  std::function<void(uint64_t tried, double fraction)> progress;
  const std::atomic<bool>* cancel = nullptr;
};

// Propagates the source's errors (e.g. an over-long wordlist line).
Result<CrackResult> SearchSecret(std::span<const CrackTarget> targets, CandidateSource& source,
                                 const SearchOptions& options);

}  // namespace knox::analysis
