// Brute-force masks in hashcat's syntax (`-a 3`), as hashcat 6.2.6 reads them: `?l ?u ?d ?h ?H ?s
// ?a ?b` built-in charsets, `??` a literal '?', `?1`..`?4` the custom charsets (`-1`..`-4`), any
// other character a literal position. A charset is the SET of its bytes in byte order, exactly as
// hashcat builds it (`-1 zba?d` is "0123456789abz"; `?a` is every printable byte from ' ' to '~'
// in byte order); a custom charset may use the built-ins and the custom charsets defined before it.
//
// Candidate order: candidate i writes, at each position p, charset[p][digit p of i] where the
// first position varies fastest — the order `hashcat --stdout -a 3 --markov-disable MASK` prints
// whenever its amplifier fits the inner-loop chunk hashcat's autotune picks (at most 1024; larger
// amplifiers come out interleaved, the same candidates per base word range). Hashcat's default
// Markov mode reorders each position's charset by hcstat2 statistics; knox does not
// (docs/crack.md).
//
// hashcat's `-s/-l` and `--keyspace` count "base words", not candidates: hashcat runs the first
// `r` positions (its amplifier: r = 1 for masks under 6 positions, 2 for 6, and 3 or 4 beyond,
// as mp_css_split_cnt decides for kernels that run inside the device — every mode knox prints
// with --hashcat) inside the kernel for each base word. BaseWords() and Amplifier() reproduce that
// split, so `--skip/--limit` cover exactly the candidates hashcat's `-s/-l` cover.
//
// Immutable after Parse; Candidate is const and safe to call from many threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace knox::analysis {

class Mask {
 public:
  // Positions at most (hashcat's own limit on a password's length).
  static constexpr size_t kMaxLength = 256;

  // kInvalidArgument naming the problem (unknown `?X`, a trailing '?', an undefined or empty
  // custom charset, an empty mask, a mask over kMaxLength positions); kLimitExceeded when the
  // keyspace does not fit in 64 bits.
  static Result<Mask> Parse(std::string_view mask,
                            const std::array<std::optional<std::string>, 4>& custom = {});

  size_t length() const { return charsets_.size(); }
  // Candidates in all.
  uint64_t size() const { return size_; }
  // hashcat's base words (`hashcat --keyspace -a 3`) and candidates per base word.
  uint64_t BaseWords() const { return size_ / amplifier_; }
  uint64_t Amplifier() const { return amplifier_; }
  const std::string& Charset(size_t position) const { return charsets_[position]; }

  // Candidate `index` (< size()) into out[0..length()).
  void Candidate(uint64_t index, char* out) const;

 private:
  std::vector<std::string> charsets_;
  uint64_t size_ = 1;
  uint64_t amplifier_ = 1;
};

}  // namespace knox::analysis
