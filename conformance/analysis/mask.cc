#include "conformance/analysis/mask.h"

#include <bitset>

namespace knox::analysis {
namespace {

using Set = std::bitset<256>;

Set Range(int first, int last) {
  Set s;
  for (int c = first; c <= last; ++c) s.set(static_cast<size_t>(c));
  return s;
}

// The built-in charset of `?c`; nullopt when c names none.
std::optional<Set> BuiltIn(char c) {
  switch (c) {
    case 'l':
      return Range('a', 'z');
    case 'u':
      return Range('A', 'Z');
    case 'd':
      return Range('0', '9');
    case 'h':
      return Range('0', '9') | Range('a', 'f');
    case 'H':
      return Range('0', '9') | Range('A', 'F');
    case 's':
      return Range(' ', '/') | Range(':', '@') | Range('[', '`') | Range('{', '~');
    case 'a':
      return Range(' ', '~');
    case 'b':
      return Range(0, 255);
    default:
      return std::nullopt;
  }
}

std::string ToString(const Set& s) {
  std::string out;
  for (size_t c = 0; c < 256; ++c) {
    if (s.test(c)) out.push_back(static_cast<char>(c));
  }
  return out;
}

// The positions of `text` (a mask, or with `one_set` a charset definition whose positions all
// merge into one set). `custom` holds the charsets defined so far.
Result<std::vector<Set>> Positions(std::string_view text,
                                   const std::array<std::optional<Set>, 4>& custom,
                                   std::string_view what) {
  std::vector<Set> out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '?') {
      Set s;
      s.set(static_cast<unsigned char>(c));
      out.push_back(s);
      continue;
    }
    if (++i == text.size()) {
      return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": '?' at the end");
    }
    const char n = text[i];
    if (n == '?') {
      Set s;
      s.set('?');
      out.push_back(s);
    } else if (auto b = BuiltIn(n)) {
      out.push_back(*b);
    } else if (n >= '1' && n <= '4') {
      const auto& def = custom[static_cast<size_t>(n - '1')];
      if (!def) {
        return Fail(ErrorCode::kInvalidArgument,
                    std::string(what) + ": custom charset " + n + " is not defined (-" + n + ")");
      }
      out.push_back(*def);
    } else {
      return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": unknown charset ?" +
                                                   std::string(1, n) +
                                                   " (?l ?u ?d ?h ?H ?s ?a ?b ?1-?4 ?\?)");
    }
  }
  return out;
}

// hashcat 6.2.6 mp_css_split_cnt for kernels that run inside the device: how many leading
// positions form the amplifier.
size_t SplitCount(const std::vector<std::string>& cs) {
  const size_t n = cs.size();
  if (n < 6) return 1;
  if (n == 6) return 2;
  return cs[0].size() * cs[1].size() * cs[2].size() > 256 ? 3 : 4;
}

}  // namespace

Result<Mask> Mask::Parse(std::string_view mask,
                         const std::array<std::optional<std::string>, 4>& custom) {
  std::array<std::optional<Set>, 4> sets;
  for (size_t k = 0; k < custom.size(); ++k) {
    if (!custom[k]) continue;
    const std::string what = "custom charset " + std::to_string(k + 1);
    auto parts = Positions(*custom[k], sets, what);
    if (!parts) return std::unexpected(parts.error());
    Set merged;
    for (const Set& s : *parts) merged |= s;
    if (merged.none()) return Fail(ErrorCode::kInvalidArgument, what + ": empty");
    sets[k] = merged;
  }
  auto positions = Positions(mask, sets, "mask");
  if (!positions) return std::unexpected(positions.error());
  if (positions->empty()) return Fail(ErrorCode::kInvalidArgument, "mask: empty");
  if (positions->size() > kMaxLength) {
    return Fail(ErrorCode::kInvalidArgument,
                "mask: longer than " + std::to_string(kMaxLength) + " positions");
  }
  Mask m;
  for (const Set& s : *positions) {
    m.charsets_.push_back(ToString(s));
    const uint64_t n = m.charsets_.back().size();
    if (m.size_ > UINT64_MAX / n) {
      return Fail(ErrorCode::kLimitExceeded, "mask: keyspace larger than 2^64");
    }
    m.size_ *= n;
  }
  const size_t split = SplitCount(m.charsets_);
  for (size_t p = 0; p < split && p < m.charsets_.size(); ++p)
    m.amplifier_ *= m.charsets_[p].size();
  return m;
}

void Mask::Candidate(uint64_t index, char* out) const {
  for (size_t p = 0; p < charsets_.size(); ++p) {
    const std::string& cs = charsets_[p];
    out[p] = cs[index % cs.size()];
    index /= cs.size();
  }
}

}  // namespace knox::analysis
