// Result and Error: how every knox layer reports failure (DESIGN §3).
// No exception crosses a layer boundary; callers get a Result<T> that holds either a value or an
// Error with a closed ErrorCode and a one-line message. Messages never contain secrets or whole
// cookie values.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace knox {

// Closed set of failure kinds. Append only: their names (ErrorCodeName) appear in JSON output.
enum class ErrorCode {
  kInvalidArgument,
  kMalformed,
  kBadSignature,
  kExpired,
  kLimitExceeded,
  kNotFound,
  kUnavailable,
  kTimeout,
  kInternal,
};

// Stable lower-case name of a code ("bad-signature"), used in JSON output and messages.
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  friend bool operator==(const Error&, const Error&) = default;
};

// A value or an Error. [[nodiscard]]: dropping a Result drops an error unseen, so the compiler
// rejects it (warnings are errors); a caller that truly does not care writes `(void)`.
// A thin subclass of std::expected (an alias cannot carry the attribute): every constructor,
// assignment and member of std::expected works unchanged, and the monadic operations' results
// (std::expected) convert back implicitly.
template <class T>
class [[nodiscard]] Result : public std::expected<T, Error> {
 public:
  using Base = std::expected<T, Error>;
  using Base::Base;
  using Base::operator=;
  constexpr Result(const Base& b) : Base(b) {}        // NOLINT(google-explicit-constructor)
  constexpr Result(Base&& b) : Base(std::move(b)) {}  // NOLINT(google-explicit-constructor)
};

// Shorthand for `return Fail(ErrorCode::kMalformed, "why");` inside a function returning Result.
inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

}  // namespace knox
