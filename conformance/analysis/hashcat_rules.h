// Word-mangling rules in hashcat's rule syntax (`-r FILE`), applied as hashcat 6.2.6 applies them
// to a rule file (its device engine, rp_kernel_on_cpu.c, which `--stdout` also uses): a word longer
// than 256 bytes is never mangled (hashcat drops it from the list); a function whose position lies
// outside the word, or whose result would reach 256 bytes, leaves the word unchanged; nothing is
// rejected. Positions are 0-9 then A-Z (10-35); spaces between functions are ignored.
//
// Functions: : l u c C t TN r d pN f { } [ ] DN xNM ONM iNX oNX 'N sXY @X zN ZN q $X ^X k K *NM
// LN RN +N -N .N ,N yN YN E eX — every one hashcat's rule files accept — and the memory
// functions M 4 6 XNMI, which hashcat accepts only with -j/-k (its rule files refuse them on an
// OpenCL device); knox applies them as hashcat's host engine describes them (memory starts empty).
// Not supported (an error naming the function): the rejection functions < > ! / ( ) = % Q _N, and
// 3NX.
//
// Several files combine like hashcat's `-r a -r b`: every pair, the FIRST file's rule varying
// fastest, a's function applied before b's. RuleChain holds the files and indexes the product
// without building it. Immutable after construction; Apply is const and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace knox::analysis {

struct RuleOp {
  char name = ':';
  uint8_t p0 = 0;
  uint8_t p1 = 0;
  uint8_t p2 = 0;  // X only
};
using Rule = std::vector<RuleOp>;

// hashcat's password buffer: results never reach this size, longer words are not mangled.
constexpr size_t kRuleBufferSize = 256;

// One rule line. kInvalidArgument "function 'Q' is not supported" / "function '$' needs ..."
// (the message names the function and never the whole line).
Result<Rule> ParseRule(std::string_view line);

// A rule file's text: one rule per line, '#' comments and blank lines skipped, CRLF accepted.
// The error names `name`, the 1-based line and the function: "best64.rule:7: function ...".
Result<std::vector<Rule>> ParseRuleFile(std::string_view text, std::string_view name);

// Applies `rule` to buf[0..len) (capacity kRuleBufferSize, len < kRuleBufferSize) in place and
// returns the new length. `memory` is the M register (cleared by the caller per word).
size_t ApplyRule(const Rule& rule, char* buf, size_t len, std::string& memory);

class RuleChain {
 public:
  RuleChain() = default;
  explicit RuleChain(std::vector<std::vector<Rule>> files);

  bool empty() const { return files_.empty(); }
  // Rules in the product (1 when empty: the word itself).
  uint64_t size() const { return size_; }
  // The `index`-th rule of the product applied to `word` into `out` (capacity kRuleBufferSize).
  // False when `word` is too long to mangle (over 255 bytes with rules, as hashcat skips it).
  bool Apply(uint64_t index, std::string_view word, char* out, size_t& out_len) const;

 private:
  std::vector<std::vector<Rule>> files_;
  uint64_t size_ = 1;
};

}  // namespace knox::analysis
