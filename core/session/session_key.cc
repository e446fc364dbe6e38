#include "core/session/session_key.h"

#include <cstring>

#include "core/base/hex.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/digest.h"

namespace knox::session {

SessionKey SessionKey::ForId(const SessionId& id) {
  return SessionKey(crypto::Hash(crypto::Digest::kSha256, id.text()));
}

Result<SessionKey> SessionKey::FromDigest(std::string_view digest) {
  if (digest.size() != kSessionKeyBytes) {
    return Fail(ErrorCode::kInvalidArgument, "session key: digest must be 32 bytes");
  }
  return SessionKey(std::string(digest));
}

std::string SessionKey::Hex() const { return HexEncode(digest_); }

bool operator==(const SessionKey& a, const SessionKey& b) {
  return crypto::ConstantTimeEquals(a.digest_, b.digest_);
}

size_t SessionKeyHash::operator()(const SessionKey& key) const noexcept {
  size_t h = 0;
  std::memcpy(&h, key.digest().data(), std::min(sizeof h, key.digest().size()));
  return h;
}

}  // namespace knox::session
