// ByteCursor: a non-owning reader over untrusted bytes. Every read either succeeds and advances, or
// fails and leaves the cursor where it was, so parsers never see a half-consumed field. The viewed
// bytes must outlive the cursor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace knox {

class ByteCursor {
 public:
  explicit ByteCursor(std::string_view data) : data_(data) {}

  bool empty() const { return data_.empty(); }
  size_t size() const { return data_.size(); }
  std::string_view rest() const { return data_; }

  // Next byte without consuming it.
  std::optional<unsigned char> Peek() const {
    if (data_.empty()) return std::nullopt;
    return static_cast<unsigned char>(data_.front());
  }

  // Consumes exactly n bytes.
  std::optional<std::string_view> Take(size_t n) {
    if (n > data_.size()) return std::nullopt;
    std::string_view out = data_.substr(0, n);
    data_.remove_prefix(n);
    return out;
  }

  // Consumes a big-endian unsigned integer of n <= 8 bytes.
  std::optional<uint64_t> TakeBigEndian(size_t n) {
    if (n > 8 || n > data_.size()) return std::nullopt;
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(data_[i]);
    data_.remove_prefix(n);
    return v;
  }

  // Consumes bytes up to (not including) the first `delim`, and the delimiter itself.
  std::optional<std::string_view> TakeUntil(char delim) {
    size_t pos = data_.find(delim);
    if (pos == std::string_view::npos) return std::nullopt;
    std::string_view out = data_.substr(0, pos);
    data_.remove_prefix(pos + 1);
    return out;
  }

  // Consumes the literal prefix if present.
  bool Skip(std::string_view literal) {
    if (!data_.starts_with(literal)) return false;
    data_.remove_prefix(literal.size());
    return true;
  }

  // Consumes everything left.
  std::string_view TakeRest() {
    std::string_view out = data_;
    data_ = {};
    return out;
  }

 private:
  std::string_view data_;
};

}  // namespace knox
