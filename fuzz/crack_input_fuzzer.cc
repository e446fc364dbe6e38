// Properties of knox crack's input parsers on any bytes: hashcat masks with custom charsets
// (conformance/analysis/mask.h), hashcat rule lines and files (hashcat_rules.h), and the word
// splitting of wordlist blocks (wordlist_reader.h). Input layout: the first byte picks the parser,
// the rest is split at NUL bytes into a mask and up to four charsets, or a rule file and a word.
//   masks:  Parse is total; an accepted mask has 1..256 positions whose charsets are non-empty,
//           strictly increasing byte sets; size() is their product and BaseWords() * Amplifier()
//           == size(); candidates 0, 1 and size()-1 take each position's byte from its charset,
//           and the first and last candidate are the first and last bytes of every charset.
//   rules:  ParseRuleFile is total; applying every accepted rule to the word (at most 256 bytes)
//           never grows a word past 255 bytes (a 256-byte word never grows) and never reads or
//           writes outside hashcat's 256-byte buffer (ASan in the fuzz build).
//   words:  ForEachWord yields words of at most max_line bytes without '\n', and the words plus
//           the skipped lines account for every line.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/analysis/hashcat_rules.h"
#include "conformance/analysis/mask.h"
#include "conformance/analysis/wordlist_reader.h"

namespace {

using knox::analysis::Mask;

std::vector<std::string_view> SplitAtNul(std::string_view in, size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const size_t nul = in.find('\0');
    if (nul == std::string_view::npos) break;
    parts.push_back(in.substr(0, nul));
    in.remove_prefix(nul + 1);
  }
  parts.push_back(in);
  return parts;
}

void CheckMask(std::string_view in) {
  auto parts = SplitAtNul(in, 5);
  std::array<std::optional<std::string>, 4> custom;
  for (size_t i = 1; i < parts.size(); ++i) custom[i - 1] = std::string(parts[i]);
  auto mask = Mask::Parse(parts[0], custom);
  if (!mask) return;
  if (mask->length() == 0 || mask->length() > Mask::kMaxLength) std::abort();
  uint64_t product = 1;
  for (size_t p = 0; p < mask->length(); ++p) {
    const std::string& cs = mask->Charset(p);
    if (cs.empty()) std::abort();
    for (size_t i = 1; i < cs.size(); ++i) {
      if (static_cast<unsigned char>(cs[i - 1]) >= static_cast<unsigned char>(cs[i])) std::abort();
    }
    product *= cs.size();
  }
  if (product != mask->size() || mask->BaseWords() * mask->Amplifier() != mask->size())
    std::abort();
  std::string out(mask->length(), '\0');
  for (uint64_t index : {uint64_t{0}, uint64_t{1} % mask->size(), mask->size() - 1}) {
    mask->Candidate(index, out.data());
    for (size_t p = 0; p < mask->length(); ++p) {
      if (mask->Charset(p).find(out[p]) == std::string::npos) std::abort();
      if (index == 0 && out[p] != mask->Charset(p).front()) std::abort();
      if (index == mask->size() - 1 && out[p] != mask->Charset(p).back()) std::abort();
    }
  }
}

void CheckRules(std::string_view in) {
  auto parts = SplitAtNul(in, 2);
  auto rules = knox::analysis::ParseRuleFile(parts[0], "fuzz.rule");
  if (!rules) return;
  const std::string_view word =
      parts.size() > 1 ? parts[1].substr(0, knox::analysis::kRuleBufferSize) : "Password1";
  for (const auto& rule : *rules) {
    char buf[knox::analysis::kRuleBufferSize];
    std::copy(word.begin(), word.end(), buf);
    std::string memory;
    const size_t len = knox::analysis::ApplyRule(rule, buf, word.size(), memory);
    if (len > knox::analysis::kRuleBufferSize) std::abort();
    if (len > word.size() && len >= knox::analysis::kRuleBufferSize) std::abort();
  }
}

void CheckWords(std::string_view in) {
  const size_t max_line = 1 + (in.empty() ? 0 : static_cast<unsigned char>(in[0]) % 64);
  if (!in.empty()) in.remove_prefix(1);
  uint64_t words = 0;
  const uint64_t skipped = knox::analysis::ForEachWord(in, max_line, [&](std::string_view w) {
    if (w.size() > max_line || w.find('\n') != std::string_view::npos) std::abort();
    ++words;
  });
  const uint64_t lines = static_cast<uint64_t>(std::count(in.begin(), in.end(), '\n')) +
                         (!in.empty() && in.back() != '\n' ? 1 : 0);
  if (words + skipped != lines) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      CheckMask(in);
      break;
    case 1:
      CheckRules(in);
      break;
    default:
      CheckWords(in);
      break;
  }
  return 0;
}
