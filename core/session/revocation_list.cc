#include "core/session/revocation_list.h"

#include <algorithm>

namespace knox::session {

RevocationList::RevocationList(const Clock& clock, size_t max_entries)
    : clock_(clock), max_entries_(max_entries) {}

void RevocationList::PurgeExpiredLocked(int64_t now) {
  std::erase_if(tokens_, [now](const auto& e) { return e.second <= now; });
  std::erase_if(users_, [now](const auto& e) { return e.second.expires_at <= now; });
}

Result<void> RevocationList::MakeRoomLocked(int64_t now) {
  if (tokens_.size() + users_.size() < max_entries_) return {};
  PurgeExpiredLocked(now);
  if (tokens_.size() + users_.size() < max_entries_) return {};
  return Fail(ErrorCode::kLimitExceeded, "revocation list: full");
}

Result<void> RevocationList::Revoke(std::string_view token_id, int64_t expires_at) {
  int64_t now = clock_.NowMillis();
  if (expires_at <= now) return {};
  std::lock_guard lock(mutex_);
  auto it = tokens_.find(std::string(token_id));
  if (it != tokens_.end()) {
    it->second = std::max(it->second, expires_at);
    return {};
  }
  if (auto room = MakeRoomLocked(now); !room) return room;
  tokens_.emplace(std::string(token_id), expires_at);
  return {};
}

Result<void> RevocationList::RevokeUser(std::string_view user, int64_t created_at_or_before,
                                        int64_t expires_at) {
  int64_t now = clock_.NowMillis();
  if (expires_at <= now) return {};
  std::lock_guard lock(mutex_);
  auto it = users_.find(std::string(user));
  if (it != users_.end()) {
    it->second.created_at_or_before =
        std::max(it->second.created_at_or_before, created_at_or_before);
    it->second.expires_at = std::max(it->second.expires_at, expires_at);
    return {};
  }
  if (auto room = MakeRoomLocked(now); !room) return room;
  users_.emplace(std::string(user), UserCutoff{created_at_or_before, expires_at});
  return {};
}

Result<bool> RevocationList::IsRevoked(std::string_view token_id, std::string_view user,
                                       int64_t created_at) const {
  int64_t now = clock_.NowMillis();
  std::lock_guard lock(mutex_);
  auto token = tokens_.find(std::string(token_id));
  if (token != tokens_.end() && token->second > now) return true;
  auto cutoff = users_.find(std::string(user));
  return cutoff != users_.end() && cutoff->second.expires_at > now &&
         created_at <= cutoff->second.created_at_or_before;
}

size_t RevocationList::SizeForTesting() const {
  std::lock_guard lock(mutex_);
  return tokens_.size() + users_.size();
}

}  // namespace knox::session
