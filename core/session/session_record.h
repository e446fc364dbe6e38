// SessionRecord: the server-side state of one session, as a SessionStore keeps it.
//
// Times are Unix milliseconds from the injected knox::Clock. `absolute_expiry` is the hard end of
// the session (login + absolute timeout); stores never keep a record past it (they clamp every
// TTL to it). `last_seen` is maintained by SessionManager with a bounded granularity
// (ManagerOptions::last_seen_granularity); the idle deadline itself is the store TTL.
//
// ValidateRecord() is the common admission rule of every store, so that all stores accept exactly
// the same records: a non-empty user, absolute_expiry > 0, every string valid UTF-8 (RedisStore
// stores JSON), and an encoded size (sum of all string sizes) of at most kMaxRecordBytes.
// kInvalidArgument / kLimitExceeded otherwise. Pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/base/result.h"

namespace knox::session {

inline constexpr size_t kMaxRecordBytes = size_t{1024} * 1024;

struct SessionRecord {
  std::string user = {};
  std::vector<std::string> roles = {};
  int64_t created_at = 0;       // Unix ms: when the session (not this id) was created at login
  int64_t last_seen = 0;        // Unix ms: last use, within last_seen_granularity
  int64_t absolute_expiry = 0;  // Unix ms: the session never outlives this
  std::map<std::string, std::string> data = {};  // small application data

  friend bool operator==(const SessionRecord&, const SessionRecord&) = default;
};

Result<void> ValidateRecord(const SessionRecord& record);

}  // namespace knox::session
