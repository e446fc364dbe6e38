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
// A stream is shared by the workers (NewCursor, Progress and Checkpoint are thread-safe); a Cursor
// belongs to one worker.
//
// Restore points (Checkpoint): a candidate counts as tried once its cursor has been asked for the
// next batch (the caller tests a whole batch before it asks again), and a worker's unit of work (a
// wordlist block, a mask chunk) counts as done when all its candidates are tried. The checkpoint is
// the start of the earliest unit not done, so everything before it has been tried; resuming there
// repeats at most one unit per worker and never leaves a candidate out.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
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
  // The restore point in the stream's own unit (see each stream); nullopt when it has none.
  virtual std::optional<uint64_t> Checkpoint() const { return std::nullopt; }
};

// The units of work the workers hold, for Checkpoint: each starts at a position in the stream's
// unit. One lock per unit taken or retired (a block or a chunk, not a candidate). Begin and
// Earliest need the caller to hold Lock() (so that taking a unit and registering it are one step);
// Retire takes it itself.
class UnitsInFlight {
 public:
  std::unique_lock<std::mutex> Lock() const { return std::unique_lock(mutex_); }
  void Begin(uint64_t start) { starts_.insert(start); }
  // The earliest start still held, or `otherwise` when none is.
  uint64_t Earliest(uint64_t otherwise) const {
    return starts_.empty() ? otherwise : *starts_.begin();
  }
  void Retire(std::span<const uint64_t> starts);

 private:
  mutable std::mutex mutex_;
  std::multiset<uint64_t> starts_;  // guarded by mutex_
};

enum class WordRules { kNone, kHashcat, kKnox };

class WordStream final : public CandidateStream {
 public:
  // `reader` and `rules` must outlive the stream.
  WordStream(WordlistReader& reader, WordRules mode, const RuleChain* rules = nullptr)
      : reader_(reader), mode_(mode), rules_(rules) {}
  std::unique_ptr<CandidateCursor> NewCursor() override;
  double Progress() const override { return reader_.Progress(); }
  // A word index (the --skip to resume with); only when the reader counts words (count_words).
  std::optional<uint64_t> Checkpoint() const override;

 private:
  friend class WordCursor;
  // The reader's next block, registered as in flight (with count_words) under one lock.
  Result<bool> Fetch(std::string& block, std::optional<uint64_t>& start);

  WordlistReader& reader_;
  WordRules mode_;
  const RuleChain* rules_;
  UnitsInFlight in_flight_;
};

class MaskStream final : public CandidateStream {
 public:
  // Candidates [begin, end) of `mask` (which must outlive the stream).
  MaskStream(const Mask& mask, uint64_t begin, uint64_t end)
      : mask_(mask), begin_(begin), end_(end), next_(begin) {}
  std::unique_ptr<CandidateCursor> NewCursor() override;
  double Progress() const override;
  // A candidate index of the mask (divide by its Amplifier() for hashcat's base words).
  std::optional<uint64_t> Checkpoint() const override;

 private:
  friend class MaskCursor;
  static constexpr uint64_t kChunk = 4096;
  // The next chunk [begin, end) of at most kChunk candidates, registered as in flight; false at
  // the end.
  bool Fetch(uint64_t& begin, uint64_t& end);

  const Mask& mask_;
  uint64_t begin_;
  uint64_t end_;
  std::atomic<uint64_t> next_;  // written under in_flight_'s lock; read by Progress without it
  UnitsInFlight in_flight_;
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
