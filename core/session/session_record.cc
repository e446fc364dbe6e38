#include "core/session/session_record.h"

#include <string_view>

namespace knox::session {
namespace {

// Length of the UTF-8 sequence starting with lead byte `c`, or 0 if `c` cannot start one.
size_t SequenceLength(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return 2;
  if (c >= 0xE0 && c <= 0xEF) return 3;
  if (c >= 0xF0 && c <= 0xF4) return 4;
  return 0;
}

// Well-formed UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF.
bool IsUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = SequenceLength(c);
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    if (n >= 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      if (c == 0xE0 && c1 < 0xA0) return false;  // overlong
      if (c == 0xED && c1 > 0x9F) return false;  // surrogate
      if (c == 0xF0 && c1 < 0x90) return false;  // overlong
      if (c == 0xF4 && c1 > 0x8F) return false;  // above U+10FFFF
    }
    i += n;
  }
  return true;
}

}  // namespace

Result<void> ValidateRecord(const SessionRecord& record) {
  if (record.user.empty()) return Fail(ErrorCode::kInvalidArgument, "session record: empty user");
  if (record.absolute_expiry <= 0) {
    return Fail(ErrorCode::kInvalidArgument, "session record: no absolute expiry");
  }
  size_t total = record.user.size();
  bool utf8 = IsUtf8(record.user);
  for (const auto& role : record.roles) {
    total += role.size();
    utf8 = utf8 && IsUtf8(role);
  }
  for (const auto& [k, v] : record.data) {
    total += k.size() + v.size();
    utf8 = utf8 && IsUtf8(k) && IsUtf8(v);
  }
  if (!utf8) return Fail(ErrorCode::kInvalidArgument, "session record: a string is not UTF-8");
  if (total > kMaxRecordBytes) {
    return Fail(ErrorCode::kLimitExceeded, "session record: larger than 1 MiB");
  }
  return {};
}

}  // namespace knox::session
