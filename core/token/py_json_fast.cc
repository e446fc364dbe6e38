#include "core/token/py_json_fast.h"

#include <array>

namespace knox::token {
namespace {

constexpr size_t kMaxKeysChecked = 16;  // duplicate-key check is quadratic; more keys -> slow path

class FastWriter {
 public:
  FastWriter(std::string_view text, const PyJsonStyle& style, int max_depth, std::string& out)
      : text_(text), style_(style), max_depth_(max_depth), out_(out) {}

  bool Run() {
    if (!Value(0)) return false;
    SkipSpace();
    return pos_ == text_.size();
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  bool Value(int depth) {
    SkipSpace();
    if (pos_ >= text_.size()) return false;
    char c = text_[pos_];
    if (c == '{') return Object(depth + 1);
    if (c == '[') return Array(depth + 1);
    if (c == '"') {
      std::string_view s;
      return String(s);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return Integer();
    return Literal("true") || Literal("false") || Literal("null");
  }

  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    out_.append(word);
    pos_ += word.size();
    return true;
  }

  // Plain printable ASCII without escapes: identical under every ensure_ascii setting.
  bool String(std::string_view& content) {
    size_t start = ++pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '"') {
        content = text_.substr(start, pos_ - start);
        out_.push_back('"');
        out_.append(content);
        out_.push_back('"');
        ++pos_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c > 0x7e) return false;
      ++pos_;
    }
    return false;
  }

  // -?(0|[1-9][0-9]*) of at most 18 digits (fits int64; Python prints it unchanged), not "-0".
  bool Integer() {
    size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    size_t digits_start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    size_t digits = pos_ - digits_start;
    if (digits == 0 || digits > 18) return false;
    if (digits > 1 && text_[digits_start] == '0') return false;
    if (text_[start] == '-' && digits == 1 && text_[digits_start] == '0') return false;
    if (pos_ < text_.size() && (text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E')) {
      return false;  // floats take the full path (repr rules)
    }
    out_.append(text_.substr(start, pos_ - start));
    return true;
  }

  bool Object(int depth) {
    if (depth > max_depth_) return false;
    ++pos_;
    out_.push_back('{');
    std::array<std::string_view, kMaxKeysChecked> keys;
    size_t count = 0;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      out_.push_back('}');
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '"') return false;
      if (count > 0) out_.append(style_.compact ? "," : ", ");
      std::string_view key;
      if (!String(key)) return false;
      if (count == kMaxKeysChecked) return false;
      for (size_t i = 0; i < count; ++i) {
        if (keys[i] == key) return false;  // duplicate: Python keeps the last value, first place
      }
      keys[count++] = key;
      if (style_.sort_keys && count > 1) return false;
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ':') return false;
      ++pos_;
      out_.append(style_.compact ? ":" : ": ");
      if (!Value(depth)) return false;
      SkipSpace();
      if (pos_ >= text_.size()) return false;
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] != '}') return false;
      ++pos_;
      out_.push_back('}');
      return true;
    }
  }

  bool Array(int depth) {
    if (depth > max_depth_) return false;
    ++pos_;
    out_.push_back('[');
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      out_.push_back(']');
      return true;
    }
    for (bool first = true;; first = false) {
      if (!first) out_.append(style_.compact ? "," : ", ");
      if (!Value(depth)) return false;
      SkipSpace();
      if (pos_ >= text_.size()) return false;
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] != ']') return false;
      ++pos_;
      out_.push_back(']');
      return true;
    }
  }

  std::string_view text_;
  const PyJsonStyle& style_;
  int max_depth_;
  std::string& out_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<std::string> FastPyJsonDumps(std::string_view text, const PyJsonStyle& style,
                                           const Limits& limits) {
  if (text.size() > limits.max_decompressed_bytes) return std::nullopt;
  std::string out;
  out.reserve(text.size() + 16);
  if (!FastWriter(text, style, limits.max_json_depth, out).Run()) return std::nullopt;
  return out;
}

}  // namespace knox::token
