// Clock: the one place knox reads the time, so that every expiry rule can be tested with a frozen
// clock. Implementations are thread-safe for concurrent Now() calls.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace knox {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t NowMillis() const = 0;
  // Whole seconds since the Unix epoch (rounded down, as Python's int(time.time())).
  int64_t NowSeconds() const {
    int64_t ms = NowMillis();
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  }
};

class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  // A process-wide instance.
  static const SystemClock& Instance() {
    static const SystemClock clock;
    return clock;
  }
};

// A clock that only moves when told to; for tests and for `--now`.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t now_millis = 0) : now_millis_(now_millis) {}
  static FakeClock AtSeconds(int64_t seconds) { return FakeClock(seconds * 1000); }
  int64_t NowMillis() const override { return now_millis_.load(); }
  void SetMillis(int64_t now_millis) { now_millis_.store(now_millis); }
  void AdvanceMillis(int64_t delta) { now_millis_.fetch_add(delta); }

 private:
  std::atomic<int64_t> now_millis_;
};

}  // namespace knox
