#include "core/server/insecure_demo_scheme.h"

#include "core/cookie/cookie_header.h"
#include "core/cookie/set_cookie.h"
#include "core/token/registry.h"

namespace knox::server {
namespace {

// Mistakes 3-5: plain name, no Secure, no HttpOnly (and no Max-Age: a browser-session cookie).
Result<std::string> DemoCookie(std::string value, std::optional<int64_t> max_age) {
  cookie::SetCookie c{.name = std::string(kInsecureDemoCookie), .value = std::move(value)};
  c.max_age = max_age;
  c.path = "/";
  c.same_site = cookie::SameSite::kLax;
  return cookie::SerializeSetCookie(c);
}

}  // namespace

Result<std::unique_ptr<InsecureDemoScheme>> InsecureDemoScheme::Create() {
  auto codec = token::FindCodec(kInsecureDemoFormat);
  if (!codec) return std::unexpected(codec.error());
  token::Options options;
  options.secrets.emplace_back(kInsecureDemoSecret);  // mistake 1: a published default secret
  // Mistake 6: no max_age_seconds, so Verify never looks at the token's age.
  auto signer = (*codec)->NewSigner(options);
  if (!signer) return std::unexpected(signer.error());
  return std::unique_ptr<InsecureDemoScheme>(new InsecureDemoScheme(std::move(*signer)));
}

Result<std::vector<std::string>> InsecureDemoScheme::Login(const Principal& who, std::string_view) {
  // Mistake 2: the principal is signed, not encrypted.
  auto token = signer_->Sign(PrincipalToJson(who));
  if (!token) return Fail(ErrorCode::kInternal, "demo token: " + token.error().message);
  auto header = DemoCookie(std::move(token->token), std::nullopt);
  if (!header) return Fail(ErrorCode::kInternal, "demo cookie: " + header.error().message);
  return std::vector<std::string>{std::move(*header)};
}

Result<std::optional<Resolved>> InsecureDemoScheme::Resolve(std::string_view cookie_header) {
  for (const auto& pair : cookie::ParseCookieHeader(cookie_header)) {
    if (pair.name != kInsecureDemoCookie) continue;
    auto verified = signer_->Verify(pair.value);
    if (!verified) return std::optional<Resolved>();
    auto principal = PrincipalFromJson(verified->value);
    if (!principal) return std::optional<Resolved>();
    return std::optional<Resolved>(Resolved{std::move(*principal)});
  }
  return std::optional<Resolved>();
}

Result<std::vector<std::string>> InsecureDemoScheme::Logout(std::string_view) {
  // Mistake 7: only the browser's copy is deleted; the token itself stays valid.
  auto header = DemoCookie("", 0);
  if (!header) return Fail(ErrorCode::kInternal, "demo cookie: " + header.error().message);
  return std::vector<std::string>{std::move(*header)};
}

}  // namespace knox::server
