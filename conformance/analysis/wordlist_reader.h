// Wordlists for the weak-secret search, read in large blocks that many workers share without a
// lock per line: NextBlock hands each caller a block of whole lines (about 1 MiB, split after its
// last newline) under a short lock, and the caller splits it into words itself (ForEachWord).
//
// Inputs, in order: files, every regular file of a directory (sorted by name, not recursive), and
// "-" for standard input. Every input is read through zlib's gz reader, so gzip data (a `.gz`
// list, or a gzipped stdin) is inflated transparently and anything else is read as is.
//
// Lines are split at '\n'; a '\r' before it is dropped; the last line needs no newline. As in
// hashcat, a blank line is a word (the empty candidate), and a line longer than `max_line` is
// not: it is skipped and counted (skipped_lines), also when it never ends (a binary file, an
// endless line), in bounded memory. `skip`/`limit` select words [skip, skip + limit) of the whole
// sequence, like hashcat's -s/-l on a wordlist.
//
// Thread-safe: NextBlock, Progress and the counters may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace knox::analysis {

// Blocks per worker below which a wordlist's blocks are made smaller (WordlistOptions::workers).
inline constexpr uint64_t kBlocksPerWorker = 16;

struct WordlistOptions {
  size_t max_line = 256;  // hashcat's longest word (longer lines are not words there either)
  uint64_t skip = 0;
  std::optional<uint64_t> limit;
  size_t block_bytes = size_t{1} << 20;  // at least 2 * max_line
  // Threads that will share the blocks: files smaller than workers * kBlocksPerWorker blocks are
  // read in smaller blocks (at least 2 * max_line + 2 bytes), so that every worker gets some.
  unsigned workers = 1;
  // Count the words of every block handed out, so that NextBlock can say where each block starts
  // in the word sequence (restore points, --restore). Costs one more pass over each block.
  bool count_words = false;
};

// Calls fn(word) for every word of `block` (whole lines, as NextBlock returns them) and returns
// the number of lines over `max_line` it skipped.
template <class F>
uint64_t ForEachWord(std::string_view block, size_t max_line, F&& fn);

class WordlistReader {
 public:
  // The paths expanded into inputs (directories into their regular files). kInvalidArgument
  // naming the path when one cannot be opened (missing, unreadable, a directory entry that cannot
  // be read) or a directory holds no regular file.
  static Result<std::unique_ptr<WordlistReader>> Open(std::span<const std::string> paths,
                                                      const WordlistOptions& options);
  ~WordlistReader();
  WordlistReader(const WordlistReader&) = delete;
  WordlistReader& operator=(const WordlistReader&) = delete;

  // The next block of whole lines into `block` (its storage is reused); false at the end.
  // kUnavailable when an input cannot be read, kMalformed for corrupt gzip data, a gzip file cut
  // short included (naming the file).
  // With count_words, `first_word` (when given) receives the index of the block's first word in
  // the whole word sequence (the skipped words included: the --skip that starts at this block).
  Result<bool> NextBlock(std::string& block, uint64_t* first_word = nullptr);

  // With count_words: the index of the first word no block has been handed out for yet.
  uint64_t next_word() const;

  // Fraction of the input bytes consumed (compressed bytes for gzip); negative for stdin.
  double Progress() const;
  // Lines skipped as over-long so far (by the reader and through CountSkipped).
  uint64_t skipped_lines() const { return skipped_.load(std::memory_order_relaxed); }
  void CountSkipped(uint64_t n) { skipped_.fetch_add(n, std::memory_order_relaxed); }
  size_t max_line() const { return options_.max_line; }
  bool counts_words() const { return options_.count_words; }
  // The inputs, in reading order.
  const std::vector<std::string>& inputs() const { return inputs_; }

 private:
  struct Input;
  WordlistReader() = default;
  Result<bool> OpenNext();
  // Applies skip/limit to a block; false when nothing of it remains.
  bool Select(std::string& block);
  // Select, then (with count_words) the block's first word index and the words it holds.
  bool Hand(std::string& block, uint64_t* first_word);

  WordlistOptions options_;
  std::vector<std::string> inputs_;
  uint64_t total_bytes_ = 0;  // 0: unknown (stdin)
  mutable std::mutex mutex_;
  std::unique_ptr<Input> current_;
  size_t next_input_ = 0;
  std::string carry_;        // the unfinished line after the last block
  bool discarding_ = false;  // inside an over-long line: drop bytes up to its newline
  bool done_ = false;
  uint64_t skip_left_ = 0;
  std::optional<uint64_t> limit_left_;
  uint64_t next_word_ = 0;                   // count_words: skip + the words handed out so far
  std::atomic<uint64_t> finished_bytes_{0};  // bytes of inputs already closed
  std::atomic<uint64_t> current_bytes_{0};   // bytes of the current input consumed
  std::atomic<uint64_t> skipped_{0};
};

template <class F>
uint64_t ForEachWord(std::string_view block, size_t max_line, F&& fn) {
  uint64_t skipped = 0;
  const char* p = block.data();
  const char* end = p + block.size();
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    const char* line_end = nl ? static_cast<const char*>(nl) : end;
    size_t n = static_cast<size_t>(line_end - p);
    if (n > 0 && p[n - 1] == '\r') --n;
    if (n > max_line) {
      ++skipped;
    } else {
      fn(std::string_view(p, n));
    }
    p = line_end + 1;
  }
  return skipped;
}

}  // namespace knox::analysis
