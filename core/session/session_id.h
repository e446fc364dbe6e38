// SessionId: the secret a server-side session cookie carries (DESIGN §4 "session"; OWASP Session
// Management Cheat Sheet "Session ID Entropy").
//
// An id is 256 bits from the operating system's CSPRNG (core/crypto/random.h), written as unpadded
// base64url: exactly kSessionIdLength (43) characters of [A-Za-z0-9_-], the last of which carries
// only 2 data bits and so is one of "AEIMQUYcgkosw048" (canonical encoding). Parse() accepts
// exactly that form and nothing else: no padding, no whitespace, no other alphabet, no
// non-canonical trailing bits, so one session has exactly one cookie value.
//
// The id is a bearer credential: it is never logged, never put in an error message and never
// stored. Stores are keyed by SessionKey (core/session/session_key.h), the SHA-256 of the id.
//
// Failure: Generate() is kUnavailable when the CSPRNG fails (callers fail closed); Parse() is
// kMalformed on any deviation (the message names the rule, never the value). A SessionId is an
// immutable value, safe to share between threads.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox::session {

inline constexpr size_t kSessionIdBytes = 32;   // 256 bits of CSPRNG output
inline constexpr size_t kSessionIdLength = 43;  // unpadded base64url of 32 bytes

class SessionId {
 public:
  // A fresh id from the CSPRNG.
  static Result<SessionId> Generate();
  // Strictly parses a cookie value (see above).
  static Result<SessionId> Parse(std::string_view text);

  // The cookie value. It is a secret: callers decide where it may go (only into Set-Cookie).
  std::string_view text() const { return {text_.data(), text_.size()}; }

  // Constant-time comparison (the values are secrets).
  friend bool operator==(const SessionId& a, const SessionId& b);

 private:
  explicit SessionId(std::string_view text);
  std::array<char, kSessionIdLength> text_{};  // a value: parsing a cookie allocates nothing
};

}  // namespace knox::session
