#include "core/session/session_id.h"

#include <algorithm>

#include "core/base/base64.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/random.h"

namespace knox::session {

Result<SessionId> SessionId::Generate() {
  auto bytes = crypto::RandomBytes(kSessionIdBytes);
  if (!bytes) return std::unexpected(bytes.error());
  return SessionId(Base64Encode(*bytes, Base64Alphabet::kUrl, Base64Padding::kUnpadded));
}

Result<SessionId> SessionId::Parse(std::string_view text) {
  if (text.size() != kSessionIdLength) {
    return Fail(ErrorCode::kMalformed, "session id: wrong length");
  }
  // The strict decoder rejects any character outside [A-Za-z0-9_-], padding and non-zero
  // trailing bits, so exactly one text maps to each id.
  std::array<unsigned char, kSessionIdBytes> bytes;
  auto size = Base64DecodeStrictTo(text, Base64Alphabet::kUrl, Base64Padding::kUnpadded, bytes);
  if (!size || *size != kSessionIdBytes) {
    return Fail(ErrorCode::kMalformed, "session id: not canonical base64url");
  }
  return SessionId(text);
}

SessionId::SessionId(std::string_view text) {
  std::copy_n(text.data(), kSessionIdLength, text_.data());
}

bool operator==(const SessionId& a, const SessionId& b) {
  return crypto::ConstantTimeEquals(a.text(), b.text());
}

}  // namespace knox::session
