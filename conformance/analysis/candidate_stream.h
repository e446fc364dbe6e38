// Candidate streams that many search workers read at once without a shared lock per candidate.
// Each worker takes its own Cursor and gets candidates as string_views into the cursor's own
// buffer (a wordlist block, or candidates it generated), batched straight into the SIMD lanes.
//
//   WordStream  wordlist blocks (wordlist_reader.h), each word optionally expanded by hashcat
//               rules (a RuleChain, word-major: every rule of word 1, then word 2) or by knox's
//               own --rules variants (candidates.h ExpandRules);
//   MaskStream  a mask's candidates [begin, end) (mask.h), handed out in chunks through one atomic
//               counter and generated inside the workers;
//   LockedStream  any CandidateSource (candidates.h), read under one lock per batch.
//
// A stream is shared by the workers (NewCursor and Progress are thread-safe); a Cursor belongs to
// one worker.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "conformance/analysis/candidates.h"
#include "conformance/analysis/hashcat_rules.h"
#include "conformance/analysis/mask.h"
#include "conformance/analysis/wordlist_reader.h"
#include "core/base/result.h"

namespace knox::analysis {

class CandidateCursor {
 public:
  virtual ~CandidateCursor() = default;
  // Up to out.size() candidates into `out`, valid until the next call; 0 at the end.
  virtual Result<size_t> Next(std::span<std::string_view> out) = 0;
};

class CandidateStream {
 public:
  virtual ~CandidateStream() = default;
  virtual std::unique_ptr<CandidateCursor> NewCursor() = 0;
  // Fraction done in [0, 1]; negative when unknown.
  virtual double Progress() const = 0;
};

enum class WordRules { kNone, kHashcat, kKnox };

class WordStream final : public CandidateStream {
 public:
  // `reader` and `rules` must outlive the stream.
  WordStream(WordlistReader& reader, WordRules mode, const RuleChain* rules = nullptr)
      : reader_(reader), mode_(mode), rules_(rules) {}
  std::unique_ptr<CandidateCursor> NewCursor() override;
  double Progress() const override { return reader_.Progress(); }

 private:
  WordlistReader& reader_;
  WordRules mode_;
  const RuleChain* rules_;
};

class MaskStream final : public CandidateStream {
 public:
  // Candidates [begin, end) of `mask` (which must outlive the stream).
  MaskStream(const Mask& mask, uint64_t begin, uint64_t end)
      : mask_(mask), begin_(begin), end_(end), next_(begin) {}
  std::unique_ptr<CandidateCursor> NewCursor() override;
  double Progress() const override;

 private:
  friend class MaskCursor;
  const Mask& mask_;
  uint64_t begin_;
  uint64_t end_;
  std::atomic<uint64_t> next_;
};

class LockedStream final : public CandidateStream {
 public:
  explicit LockedStream(CandidateSource& source) : source_(source) {}
  std::unique_ptr<CandidateCursor> NewCursor() override;
  double Progress() const override;

 private:
  friend class LockedCursor;
  CandidateSource& source_;
  mutable std::mutex mutex_;
  bool failed_ = false;
};

// Every candidate of `stream` in order through one cursor (for --stdout and tests).
Result<uint64_t> ForEachCandidate(CandidateStream& stream,
                                  const std::function<void(std::string_view)>& fn);

}  // namespace knox::analysis
