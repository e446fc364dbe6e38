#include "core/session/session_key.h"

#include <cstring>

#include "core/base/hex.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/digest.h"

namespace knox::session {

SessionKey SessionKey::ForId(const SessionId& id) {
  static_assert(crypto::DigestSize(crypto::Digest::kSha256) == kSessionKeyBytes);
  SessionKey key;
  crypto::HashTo(crypto::Digest::kSha256, id.text(),
                 reinterpret_cast<unsigned char*>(key.digest_.data()));
  return key;
}

Result<SessionKey> SessionKey::FromDigest(std::string_view digest) {
  if (digest.size() != kSessionKeyBytes) {
    return Fail(ErrorCode::kInvalidArgument, "session key: digest must be 32 bytes");
  }
  SessionKey key;
  std::memcpy(key.digest_.data(), digest.data(), kSessionKeyBytes);
  return key;
}

std::string SessionKey::Hex() const { return HexEncode(digest()); }

bool operator==(const SessionKey& a, const SessionKey& b) {
  return crypto::ConstantTimeEquals(a.digest(), b.digest());
}

size_t SessionKeyHash::operator()(const SessionKey& key) const noexcept {
  size_t h = 0;
  std::memcpy(&h, key.digest().data(), std::min(sizeof h, key.digest().size()));
  return h;
}

}  // namespace knox::session
