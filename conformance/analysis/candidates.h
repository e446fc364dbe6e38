// Candidate secrets for the weak-secret search: a stream of words (a wordlist file, standard input
// or the bundled list), optionally expanded by mangling rules. Streams hold at most one line in
// memory, so multi-gigabyte wordlists run in bounded memory. Not thread-safe: the search pulls
// batches under its own lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace knox::analysis {

class CandidateSource {
 public:
  virtual ~CandidateSource() = default;
  // Next candidate into `out`; false at the end. kLimitExceeded for a line over the limit.
  virtual Result<bool> Next(std::string& out) = 0;
  // Fraction of the input consumed so far, in [0, 1]; negative when the size is unknown (stdin).
  virtual double Progress() const { return -1; }
};

// One candidate per line; CR before LF is stripped; empty lines are skipped.
class WordlistSource final : public CandidateSource {
 public:
  // `total_bytes` (e.g. the file's size) enables Progress(); 0 means unknown.
  explicit WordlistSource(std::istream& in, size_t max_line = 4096, uint64_t total_bytes = 0)
      : in_(in), max_line_(max_line), total_bytes_(total_bytes) {}
  Result<bool> Next(std::string& out) override;
  double Progress() const override;

 private:
  Result<bool> NextLine(std::string& out);

  std::istream& in_;
  size_t max_line_;
  uint64_t total_bytes_;
  uint64_t consumed_bytes_ = 0;
};

class ListSource final : public CandidateSource {
 public:
  explicit ListSource(std::span<const std::string_view> words) : words_(words) {}
  Result<bool> Next(std::string& out) override;
  double Progress() const override;

 private:
  std::span<const std::string_view> words_;
  size_t next_ = 0;
};

// The variants the rules make of one word, the word itself first: case (lower, upper,
// capitalised), common suffixes (0-9, 123, 1234, !, years 2015-2026) and leetspeak
// (a->4 e->3 i->1 o->0 s->5). Duplicates are removed.
std::vector<std::string> ExpandRules(std::string_view word);

// Number of variants ExpandRules makes at most per word (for progress totals).
size_t MaxRuleVariants();

// Wraps a source and yields ExpandRules of each of its words.
class RuleSource final : public CandidateSource {
 public:
  explicit RuleSource(std::unique_ptr<CandidateSource> inner) : inner_(std::move(inner)) {}
  Result<bool> Next(std::string& out) override;
  double Progress() const override { return inner_->Progress(); }

 private:
  std::unique_ptr<CandidateSource> inner_;
  std::vector<std::string> pending_;
  size_t next_ = 0;
};

}  // namespace knox::analysis
