#include "conformance/analysis/candidate_stream.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>
#include <vector>

namespace knox::analysis {

void UnitsInFlight::Retire(std::span<const uint64_t> starts) {
  if (starts.empty()) return;
  auto lock = Lock();
  for (uint64_t start : starts) {
    auto it = starts_.find(start);
    if (it != starts_.end()) starts_.erase(it);
  }
}

// Splits its own wordlist block into words and expands each by the rules, without a lock.
class WordCursor final : public CandidateCursor {
 public:
  explicit WordCursor(WordStream& stream)
      : stream_(stream), reader_(stream.reader_), mode_(stream.mode_), rules_(stream.rules_) {}

  Result<size_t> Next(std::span<std::string_view> out) override {
    // The batch handed out last time has been tried: the blocks it finished are done.
    RetireFinished();
    slot_ = 0;
    if (mode_ == WordRules::kHashcat && arena_.size() < out.size() * kRuleBufferSize) {
      arena_.resize(out.size() * kRuleBufferSize);
    }
    if (mode_ == WordRules::kKnox && pool_.size() < out.size()) pool_.resize(out.size());
    size_t n = 0;
    while (n < out.size()) {
      if (!Expanding()) {
        // Plain words are views into the block: a new block would overwrite those handed out.
        if (mode_ == WordRules::kNone && n > 0 && pos_ >= block_.size()) break;
        if (!NextWord()) {
          if (!error_.empty()) return Fail(error_code_, error_);
          break;
        }
      }
      n += Expand(out.subspan(n));
    }
    if (n == 0) RetireFinished();  // nothing handed out in this call is left untried
    return n;
  }

  void RetireFinished() {
    stream_.in_flight_.Retire(finished_);
    finished_.clear();
  }

 private:
  bool Expanding() const {
    switch (mode_) {
      case WordRules::kNone:
        return false;
      case WordRules::kHashcat:
        return has_word_ && rule_ < rules_->size();
      case WordRules::kKnox:
        return variant_ < variants_.size();
    }
    return false;
  }

  // Candidates of the current word into `out` (at least one slot free); each takes its own slot
  // of this call's storage.
  size_t Expand(std::span<std::string_view> out) {
    size_t n = 0;
    switch (mode_) {
      case WordRules::kNone:
        out[n++] = word_;
        break;
      case WordRules::kHashcat:
        while (n < out.size() && rule_ < rules_->size()) {
          char* slot = arena_.data() + slot_ * kRuleBufferSize;
          size_t len = 0;
          if (rules_->Apply(rule_++, word_, slot, len)) {
            out[n++] = std::string_view(slot, len);
            ++slot_;
          }
        }
        break;
      case WordRules::kKnox:
        while (n < out.size() && variant_ < variants_.size()) {
          pool_[slot_] = std::move(variants_[variant_++]);
          out[n++] = pool_[slot_++];
        }
        break;
    }
    return n;
  }

  // Takes the next word, reading a new block when this one is used up. False at the end or on
  // an error (error_ set).
  bool NextWord() {
    const size_t max_line = reader_.max_line();
    for (;;) {
      if (pos_ < block_.size()) {
        const char* p = block_.data() + pos_;
        const void* nl = std::memchr(p, '\n', block_.size() - pos_);
        const size_t end =
            nl ? static_cast<size_t>(static_cast<const char*>(nl) - block_.data()) : block_.size();
        size_t len = end - pos_;
        if (len > 0 && block_[end - 1] == '\r') --len;
        pos_ = end + 1;
        // Over-long lines are not words; with hashcat rules neither is a word hashcat would not
        // mangle (over 256 bytes).
        if (len > max_line || (mode_ == WordRules::kHashcat && len > kRuleBufferSize)) {
          reader_.CountSkipped(1);
          continue;
        }
        word_ = std::string_view(p, len);
        if (mode_ == WordRules::kHashcat) {
          rule_ = 0;
          has_word_ = true;
        } else if (mode_ == WordRules::kKnox) {
          variants_ = ExpandRules(word_);
          variant_ = 0;
        }
        return true;
      }
      has_word_ = false;
      if (start_) finished_.push_back(*start_);
      start_.reset();
      auto more = stream_.Fetch(block_, start_);
      pos_ = 0;
      if (!more || !*more) {
        if (!more) {
          error_code_ = more.error().code;
          error_ = more.error().message;
        }
        block_.clear();
        return false;
      }
    }
  }

  WordStream& stream_;
  WordlistReader& reader_;
  WordRules mode_;
  const RuleChain* rules_;
  std::optional<uint64_t> start_;   // the current block's first word (count_words)
  std::vector<uint64_t> finished_;  // blocks used up in this call, retired at the next
  std::string block_;
  size_t pos_ = 0;
  std::string_view word_;
  bool has_word_ = false;
  uint64_t rule_ = 0;
  std::vector<char> arena_;        // kHashcat: kRuleBufferSize bytes per slot
  std::vector<std::string> pool_;  // kKnox: one string per slot
  size_t slot_ = 0;                // slots used in this call
  std::vector<std::string> variants_;
  size_t variant_ = 0;
  ErrorCode error_code_ = ErrorCode::kUnavailable;
  std::string error_;
};

std::unique_ptr<CandidateCursor> WordStream::NewCursor() {
  return std::make_unique<WordCursor>(*this);
}

Result<bool> WordStream::Fetch(std::string& block, std::optional<uint64_t>& start) {
  if (!reader_.counts_words()) return reader_.NextBlock(block);
  auto lock = in_flight_.Lock();
  uint64_t first = 0;
  auto more = reader_.NextBlock(block, &first);
  if (more && *more) {
    in_flight_.Begin(first);
    start = first;
  }
  return more;
}

std::optional<uint64_t> WordStream::Checkpoint() const {
  if (!reader_.counts_words()) return std::nullopt;
  auto lock = in_flight_.Lock();
  return in_flight_.Earliest(reader_.next_word());
}

// Takes chunks of the mask's index range from the shared counter and generates them.
class MaskCursor final : public CandidateCursor {
 public:
  explicit MaskCursor(MaskStream& stream) : stream_(stream), current_(kPacked, '\0') {}

  Result<size_t> Next(std::span<std::string_view> out) override {
    // The batch handed out last time has been tried: the chunks it finished are done.
    RetireFinished();
    const Mask& mask = stream_.mask_;
    const size_t len = mask.length();
    // kPacked spare bytes past the last slot: a short candidate is stored as one 16-byte move.
    if (buffer_.size() < out.size() * len + kPacked) buffer_.resize(out.size() * len + kPacked);
    if constexpr (std::endian::native == std::endian::little) {
      if (len <= kPacked) return NextPacked(out, len);
    }
    size_t n = 0;
    while (n < out.size()) {
      if (at_ == end_) {
        if (!NextChunk()) break;
      } else {
        Step();
      }
      char* slot = buffer_.data() + n * len;
      std::memcpy(slot, current_.data(), len);
      out[n++] = std::string_view(slot, len);
      ++at_;
    }
    if (n == 0) RetireFinished();  // nothing handed out in this call is left untried
    return n;
  }

  void RetireFinished() {
    stream_.in_flight_.Retire(finished_);
    finished_.clear();
  }

 private:
  // Next for candidates of at most kPacked bytes on a little-endian host: the candidate lives in
  // two 64-bit locals, a step changes one byte of them, and each candidate is stored whole into
  // its slot (the bytes past its length are overwritten by the next). Storing a byte into
  // current_ and then copying current_ made every candidate wait for a failed store-to-load
  // forward: a fifth of a fast mask search's time (perf, cookie-session).
  Result<size_t> NextPacked(std::span<std::string_view> out, size_t len) {
    const Mask& mask = stream_.mask_;
    // Two named words, not an array: a runtime index would put them in memory (and the 8-byte
    // store then 16-byte load would stall the same way).
    uint64_t lo = 0;
    uint64_t hi = 0;
    auto load = [&] {
      std::memcpy(&lo, current_.data(), 8);
      std::memcpy(&hi, current_.data() + 8, 8);
    };
    load();
    size_t n = 0;
    while (n < out.size()) {
      if (at_ == end_) {
        if (!NextChunk()) break;
        load();
      } else {
        for (size_t p = 0; p < len; ++p) {
          const std::string& cs = mask.Charset(p);
          const bool carry = ++digits_[p] == cs.size();
          if (carry) digits_[p] = 0;
          const unsigned shift = 8 * (p % 8);
          const uint64_t keep = ~(uint64_t{0xff} << shift);
          const uint64_t byte = uint64_t{static_cast<unsigned char>(cs[digits_[p]])} << shift;
          if (p < 8) {
            lo = (lo & keep) | byte;
          } else {
            hi = (hi & keep) | byte;
          }
          if (!carry) break;
        }
      }
      char* slot = buffer_.data() + n * len;
      std::memcpy(slot, &lo, 8);
      std::memcpy(slot + 8, &hi, 8);
      out[n++] = std::string_view(slot, len);
      ++at_;
    }
    std::memcpy(current_.data(), &lo, 8);
    std::memcpy(current_.data() + 8, &hi, 8);
    if (n == 0) RetireFinished();  // nothing handed out in this call is left untried
    return n;
  }

  // The chunk in hand is used up: it is finished, and the next one (if any) starts.
  bool NextChunk() {
    if (chunk_) finished_.push_back(*chunk_);
    chunk_.reset();
    uint64_t begin = 0;
    uint64_t end = 0;
    if (!stream_.Fetch(begin, end)) return false;
    chunk_ = begin;
    at_ = begin;
    end_ = end;
    Start(at_);
    return true;
  }

  void Start(uint64_t index) {
    const Mask& mask = stream_.mask_;
    digits_.assign(mask.length(), 0);
    current_.assign(std::max(mask.length(), kPacked), '\0');
    for (size_t p = 0; p < mask.length(); ++p) {
      const std::string& cs = mask.Charset(p);
      digits_[p] = static_cast<uint32_t>(index % cs.size());
      index /= cs.size();
      current_[p] = cs[digits_[p]];
    }
  }

  // The odometer's next value, the first position fastest.
  void Step() {
    const Mask& mask = stream_.mask_;
    for (size_t p = 0; p < digits_.size(); ++p) {
      const std::string& cs = mask.Charset(p);
      if (++digits_[p] < cs.size()) {
        current_[p] = cs[digits_[p]];
        return;
      }
      digits_[p] = 0;
      current_[p] = cs[0];
    }
  }

  static constexpr size_t kPacked = 16;

  MaskStream& stream_;
  std::optional<uint64_t> chunk_;   // the current chunk's first index
  std::vector<uint64_t> finished_;  // chunks used up in this call, retired at the next
  uint64_t at_ = 0;
  uint64_t end_ = 0;
  std::vector<uint32_t> digits_;
  std::string current_;
  std::vector<char> buffer_;
};

std::unique_ptr<CandidateCursor> MaskStream::NewCursor() {
  return std::make_unique<MaskCursor>(*this);
}

bool MaskStream::Fetch(uint64_t& begin, uint64_t& end) {
  auto lock = in_flight_.Lock();
  const uint64_t next = next_.load(std::memory_order_relaxed);
  if (next >= end_) return false;
  begin = next;
  end = std::min<uint64_t>(next + kChunk, end_);
  next_.store(end, std::memory_order_relaxed);
  in_flight_.Begin(begin);
  return true;
}

std::optional<uint64_t> MaskStream::Checkpoint() const {
  auto lock = in_flight_.Lock();
  return in_flight_.Earliest(std::min(next_.load(std::memory_order_relaxed), end_));
}

double MaskStream::Progress() const {
  if (end_ <= begin_) return 1;
  const uint64_t done = std::min(next_.load(), end_) - begin_;
  return static_cast<double>(done) / static_cast<double>(end_ - begin_);
}

class LockedCursor final : public CandidateCursor {
 public:
  explicit LockedCursor(LockedStream& stream) : stream_(stream) {}

  Result<size_t> Next(std::span<std::string_view> out) override {
    if (words_.size() < out.size()) words_.resize(out.size());
    std::lock_guard lock(stream_.mutex_);
    if (stream_.failed_) return 0;
    size_t n = 0;
    while (n < out.size()) {
      auto more = stream_.source_.Next(words_[n]);
      if (!more) {
        stream_.failed_ = true;
        return std::unexpected(more.error());
      }
      if (!*more) break;
      out[n] = words_[n];
      ++n;
    }
    return n;
  }

 private:
  LockedStream& stream_;
  std::vector<std::string> words_;
};

std::unique_ptr<CandidateCursor> LockedStream::NewCursor() {
  return std::make_unique<LockedCursor>(*this);
}

double LockedStream::Progress() const {
  std::lock_guard lock(mutex_);
  return source_.Progress();
}

Result<uint64_t> ForEachCandidate(CandidateStream& stream,
                                  const std::function<void(std::string_view)>& fn) {
  auto cursor = stream.NewCursor();
  std::string_view batch[256];
  uint64_t count = 0;
  for (;;) {
    auto n = cursor->Next(batch);
    if (!n) return std::unexpected(n.error());
    if (*n == 0) return count;
    for (size_t i = 0; i < *n; ++i) fn(batch[i]);
    count += *n;
  }
}

}  // namespace knox::analysis
