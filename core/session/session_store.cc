#include "core/session/session_store.h"

namespace knox::session {

Result<std::optional<SessionRecord>> SessionStore::LoadAndTouch(const SessionKey& key,
                                                                std::chrono::milliseconds ttl) {
  auto record = Load(key);
  if (!record || !record->has_value()) return record;
  auto touched = Touch(key, ttl);
  if (!touched) return std::unexpected(touched.error());
  if (!*touched) return std::optional<SessionRecord>();  // expired or destroyed in between
  return record;
}

}  // namespace knox::session
