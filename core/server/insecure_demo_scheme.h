// InsecureDemoScheme: `knox serve --insecure-demo`, the seed app's session handling with its
// classic mistakes reproduced ON PURPOSE, so that `knox audit` and `knox demo` have a realistic
// bad target (docs/serve.md lists each mistake and the check that finds it). Never use it to
// protect anything. The mistakes, each deliberate:
//   1. The session is a client-side Starlette SessionMiddleware token (`core/token` format
//      `starlette`) signed with the KNOWN secret "changeme" (in knox's bundled list,
//      conformance/analysis/known_secrets.cc): anyone can forge a session, e.g. role "admin".
//   2. The payload {"user":..,"roles":[..]} is only base64, readable by anyone holding the cookie.
//   3. The cookie is named "session": no __Host- prefix, so a sibling subdomain can plant one.
//   4. No Secure attribute: the browser also sends it over plain HTTP.
//   5. No HttpOnly attribute: any script on the page (an XSS) can read it.
//   6. No server-side expiry: the signature's timestamp is never checked, so a token stays valid
//      forever.
//   7. Logout only sends a deletion cookie; nothing is revoked, so a copy of the token replayed
//      after logout is still accepted.
// Errors: Login fails with kInternal only if signing fails. Thread-safe (the signer is immutable).
#pragma once

#include <memory>

#include "core/server/session_scheme.h"
#include "core/token/codec.h"

namespace knox::server {

inline constexpr std::string_view kInsecureDemoCookie = "session";
inline constexpr std::string_view kInsecureDemoSecret = "changeme";
inline constexpr std::string_view kInsecureDemoFormat = "starlette";

class InsecureDemoScheme final : public SessionScheme {
 public:
  static Result<std::unique_ptr<InsecureDemoScheme>> Create();

  std::string_view name() const override { return "insecure-demo"; }
  Result<std::vector<std::string>> Login(const Principal& who,
                                         std::string_view cookie_header) override;
  Result<std::optional<Resolved>> Resolve(std::string_view cookie_header) override;
  Result<std::vector<std::string>> Logout(std::string_view cookie_header) override;

 private:
  explicit InsecureDemoScheme(std::unique_ptr<token::Signer> signer) : signer_(std::move(signer)) {}
  std::unique_ptr<token::Signer> signer_;
};

}  // namespace knox::server
