// ManagedSessionScheme: the secure SessionScheme, a thin adapter over core/session's
// SessionManager in either of its modes — "id" (a 256-bit id in a __Host- cookie, state in a
// SessionStore) or "sealed" (a knox-sealed AES-256-GCM cookie, logout by revocation list). Every
// security rule (fresh id on login, idle and absolute timeouts, deletion cookie, fail closed) is
// the manager's; this class only finds the session cookie in the Cookie header and maps types.
//
// Only the first cookie with the manager's name is considered: a browser sends one `__Host-`
// cookie per name, and trying several would let a planted cookie be preferred.
// Errors: those of SessionManager (kUnavailable for an unreachable store or CSPRNG).
// Thread-safety: as SessionManager (every method may run concurrently). The manager is borrowed
// and must outlive the scheme.
#pragma once

#include <optional>
#include <string_view>

#include "core/server/session_scheme.h"
#include "core/session/session_manager.h"

namespace knox::server {

class ManagedSessionScheme final : public SessionScheme {
 public:
  explicit ManagedSessionScheme(const session::SessionManager& manager) : manager_(manager) {}

  std::string_view name() const override;
  Result<std::vector<std::string>> Login(const Principal& who,
                                         std::string_view cookie_header) override;
  Result<std::optional<Resolved>> Resolve(std::string_view cookie_header) override;
  Result<std::vector<std::string>> Logout(std::string_view cookie_header) override;

 private:
  std::optional<std::string_view> SessionCookie(std::string_view cookie_header) const;
  const session::SessionManager& manager_;
};

}  // namespace knox::server
