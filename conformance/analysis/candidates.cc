#include "conformance/analysis/candidates.h"

#include <algorithm>
#include <exception>
#include <iterator>
#include <string>

#include "core/base/ascii.h"

namespace knox::analysis {

Result<bool> WordlistSource::Next(std::string& out) {
  // libstdc++'s filebuf throws on a read error (EISDIR, EIO) even with the stream's exception mask
  // clear: it becomes an error here, never an abort.
  try {
    return NextLine(out);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kUnavailable, std::string("cannot read the wordlist: ") + e.what());
  }
}

Result<bool> WordlistSource::NextLine(std::string& out) {
  for (;;) {
    out.clear();
    std::streambuf* buf = in_.rdbuf();
    bool any = false;
    for (int c = buf->sbumpc(); c != std::char_traits<char>::eof(); c = buf->sbumpc()) {
      any = true;
      ++consumed_bytes_;
      if (c == '\n') break;
      if (out.size() >= max_line_) {
        return Fail(ErrorCode::kLimitExceeded,
                    "wordlist line longer than " + std::to_string(max_line_) + " bytes");
      }
      out.push_back(static_cast<char>(c));
    }
    if (!any) return false;
    if (!out.empty() && out.back() == '\r') out.pop_back();
    if (!out.empty()) return true;
  }
}

double WordlistSource::Progress() const {
  if (total_bytes_ == 0) return -1;
  return std::min(1.0, static_cast<double>(consumed_bytes_) / static_cast<double>(total_bytes_));
}

double ListSource::Progress() const {
  return words_.empty() ? 1.0 : static_cast<double>(next_) / static_cast<double>(words_.size());
}

Result<bool> ListSource::Next(std::string& out) {
  if (next_ >= words_.size()) return false;
  out.assign(words_[next_++]);
  return true;
}

namespace {

std::string Leet(std::string_view word) {
  std::string out(word);
  for (auto& c : out) {
    switch (AsciiToLower(c)) {
      case 'a':
        c = '4';
        break;
      case 'e':
        c = '3';
        break;
      case 'i':
        c = '1';
        break;
      case 'o':
        c = '0';
        break;
      case 's':
        c = '5';
        break;
      default:
        break;
    }
  }
  return out;
}

constexpr std::string_view kSuffixes[] = {"0",    "1",    "2",    "3",    "4",    "5",    "6",
                                          "7",    "8",    "9",    "123",  "1234", "!",    "2015",
                                          "2016", "2017", "2018", "2019", "2020", "2021", "2022",
                                          "2023", "2024", "2025", "2026"};

}  // namespace

std::vector<std::string> ExpandRules(std::string_view word) {
  std::vector<std::string> bases = {std::string(word), AsciiStrToLower(word), AsciiStrToUpper(word),
                                    Leet(word)};
  std::string capital = AsciiStrToLower(word);
  if (!capital.empty()) capital[0] = AsciiToUpper(capital[0]);
  bases.push_back(capital);
  std::vector<std::string> out;
  auto add = [&](std::string s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  };
  for (const auto& b : bases) add(b);
  for (const auto& b : bases) {
    for (std::string_view suffix : kSuffixes) add(b + std::string(suffix));
  }
  return out;
}

size_t MaxRuleVariants() { return 5 * (1 + std::size(kSuffixes)); }

Result<bool> RuleSource::Next(std::string& out) {
  while (next_ >= pending_.size()) {
    std::string word;
    auto more = inner_->Next(word);
    if (!more) return more;
    if (!*more) return false;
    pending_ = ExpandRules(word);
    next_ = 0;
  }
  out = std::move(pending_[next_++]);
  return true;
}

}  // namespace knox::analysis
