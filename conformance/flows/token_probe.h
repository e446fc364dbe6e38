// What the session cookie's value is, and the modified values that test whether the server checks
// it (DESIGN §5 "flows": tampering). Pure functions over the value; the flows send the variants.
//
// Classification, from the decoding format's traits (core/token/format_traits.h): claims → kind
// jwt, an encrypted payload → encrypted, the rest → signed; a signed opaque value (express's
// s:<id>.<mac>) also carries an id to sample. A value of a companion-signature format
// (cookie-session) without its NAME.sig cookie is readable base64 JSON with no MAC: it is tested
// as a candidate *unsigned* session. Anything else is treated as an opaque server-side id.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/checks/facts.h"
#include "conformance/flows/browser.h"
#include "core/token/codec.h"

namespace knox::flows {

struct TokenView {
  std::string name;   // the session cookie's name
  std::string value;  // as sent in the Cookie header
  checks::SessionKind kind = checks::SessionKind::kServerId;
  std::optional<std::string> format;    // DESIGN §7 name, when a codec decodes it
  const token::Codec* codec = nullptr;  // that format's codec (its traits), when decoded
  std::optional<token::Decoded> decoded;
  bool unsigned_candidate = false;              // readable JSON without any MAC
  bool signed_value = false;                    // a MAC or an AEAD protects the value
  std::optional<std::string> signature_cookie;  // cookie-session's NAME.sig value
  // The part that should be random (for entropy sampling): the whole server-side id, or the id
  // inside an express-session value; nullopt for client-side sessions.
  std::optional<std::string> random_part;
};

// `cookies` are all cookies the browser sends (to find a NAME.sig companion).
TokenView InspectToken(std::string_view name, std::string_view value, const CookiePairs& cookies);

struct TamperVariant {
  std::string what;     // "mac-bit-flip", "wrong-key-resign", "unsigned", "alg-none", ...
  CookiePairs cookies;  // the full cookie set to send
};

// Modified cookie sets derived from `cookies` (which include the session cookie). Every variant
// differs from the original in a way a verifying server must notice.
std::vector<TamperVariant> TamperVariants(const TokenView& view, const CookiePairs& cookies);

// Top-level keys of a decoded JSON object payload (JWT: the claims), sorted; empty otherwise.
std::vector<std::string> ReadableFields(const TokenView& view);
// The fields among `among` (payload keys) that are sensitive by meaning — identity,
// authorisation, credentials, personal data — judged on whole words of the key and on the value
// (sensitive_fields.h; docs/audit.md "Sensitive fields"); sorted.
std::vector<std::string> SensitiveFields(const TokenView& view,
                                         const std::vector<std::string>& among);

// Changes one character at `index` of `text` to another of the same class (digit, lower, upper,
// other) so that any base64/hex decoding of that position changes.
std::string FlipChar(std::string_view text, size_t index);

}  // namespace knox::flows
