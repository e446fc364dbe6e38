// SessionStore: where server-side session state lives (DESIGN §4 "session").
//
// Contract shared by every implementation and checked by session_store_contract.h:
//  - Keys are SessionKeys (SHA-256 of the id); a store never sees a raw session id.
//  - Save(key, record, ttl) stores or replaces the record; it expires at
//    min(now + ttl, record.absolute_expiry). ttl must be > 0 (kInvalidArgument), the record must
//    pass ValidateRecord(). Load never returns a record after that instant, whether or not the
//    store has physically removed it yet.
//  - Replace(key, record, ttl) is Save, but only when a live record exists under `key`; it returns
//    whether it replaced one. SessionManager uses it to rewrite a session, so that a request in
//    flight can never resurrect a session that a concurrent logout destroyed.
//  - Touch(key, ttl) moves the expiry of an existing, unexpired record to
//    min(now + ttl, absolute_expiry) (it may shorten it) and returns true; false if there is no
//    such record. It does not modify the record. Callers must not use it to extend a record beyond
//    its absolute_expiry; MemoryStore clamps, RedisStore relies on the caller (SessionManager
//    clamps).
//  - LoadAndTouch(key, ttl) = Load, then Touch when found, possibly in one round trip (RedisStore
//    uses GETEX). The returned record is the one before the touch.
//  - Destroy(key) removes the record (no error when absent). DestroyAllForUser(user) removes every
//    record whose user equals `user` and returns how many live records it removed (RedisStore
//    returns the number of keys it deleted; both are for information only).
//  - A backend that cannot be reached or does not answer within its timeout is kUnavailable.
//    Callers fail closed: an error is neither "no session" nor "logged in" (the server answers
//    503). Other errors: kInvalidArgument (bad arguments), kLimitExceeded (full store whose policy
//    is to refuse), kInternal (the backend answered something unexpected, e.g. a corrupt value).
//
// Thread-safety: every method of every implementation may be called concurrently from any number
// of threads on one shared object.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

#include "core/base/result.h"
#include "core/session/session_key.h"
#include "core/session/session_record.h"

namespace knox::session {

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  virtual Result<std::optional<SessionRecord>> Load(const SessionKey& key) = 0;
  virtual Result<void> Save(const SessionKey& key, const SessionRecord& record,
                            std::chrono::milliseconds ttl) = 0;
  virtual Result<bool> Replace(const SessionKey& key, const SessionRecord& record,
                               std::chrono::milliseconds ttl) = 0;
  virtual Result<bool> Touch(const SessionKey& key, std::chrono::milliseconds ttl) = 0;
  virtual Result<void> Destroy(const SessionKey& key) = 0;
  virtual Result<size_t> DestroyAllForUser(std::string_view user) = 0;

  // Default: Load, then Touch if found. Implementations override it to save a round trip.
  virtual Result<std::optional<SessionRecord>> LoadAndTouch(const SessionKey& key,
                                                            std::chrono::milliseconds ttl);
};

}  // namespace knox::session
