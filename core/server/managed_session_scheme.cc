#include "core/server/managed_session_scheme.h"

#include "core/cookie/cookie_header.h"

namespace knox::server {

std::string_view ManagedSessionScheme::name() const {
  return manager_.mode() == session::Mode::kId ? "id" : "sealed";
}

std::optional<std::string_view> ManagedSessionScheme::SessionCookie(
    std::string_view cookie_header) const {
  return cookie::FindCookie(cookie_header, manager_.cookie_name());
}

Result<std::vector<std::string>> ManagedSessionScheme::Login(const Principal& who,
                                                             std::string_view cookie_header) {
  auto issued = manager_.Login(who.user, who.roles, SessionCookie(cookie_header));
  if (!issued) return std::unexpected(issued.error());
  return std::vector<std::string>{std::move(issued->set_cookie)};
}

Result<std::optional<Resolved>> ManagedSessionScheme::Resolve(std::string_view cookie_header) {
  auto value = SessionCookie(cookie_header);
  if (!value) return std::optional<Resolved>();
  auto session = manager_.Resolve(*value);
  if (!session) return std::unexpected(session.error());
  if (!*session) return std::optional<Resolved>();
  Resolved out{Principal{std::move((*session)->user), std::move((*session)->roles)}};
  if ((*session)->set_cookie) out.set_cookies.push_back(std::move(*(*session)->set_cookie));
  return std::optional<Resolved>(std::move(out));
}

Result<std::vector<std::string>> ManagedSessionScheme::Logout(std::string_view cookie_header) {
  auto value = SessionCookie(cookie_header);
  if (!value) return std::vector<std::string>{manager_.DeletionSetCookie()};
  auto deletion = manager_.Logout(*value);
  if (!deletion) return std::unexpected(deletion.error());
  return std::vector<std::string>{std::move(*deletion)};
}

}  // namespace knox::server
