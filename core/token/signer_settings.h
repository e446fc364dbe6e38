// The per-call settings a Signer takes from Options (everything but the keys): issue-time
// override, age limit, clock, strictness and limits. One struct so that every format's signer
// copies them the same way.
#pragma once

#include <cstdint>
#include <optional>

#include "core/base/clock.h"
#include "core/token/codec.h"

namespace knox::token {

struct SignerSettings {
  explicit SignerSettings(const Options& o)
      : timestamp(o.timestamp),
        max_age(o.max_age_seconds),
        clock(o.clock),
        strict(o.strict),
        limits(o.limits) {}

  // The issue time to sign with: the override, else now.
  int64_t IssueTime() const { return timestamp.value_or(clock->NowSeconds()); }

  std::optional<int64_t> timestamp;
  std::optional<int64_t> max_age;  // max_age_seconds; the ttl for formats that seal one
  const Clock* clock;
  bool strict;
  Limits limits;
};

}  // namespace knox::token
