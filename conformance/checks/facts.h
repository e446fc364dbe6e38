// SessionFacts: what an audit of one site determined about its session handling, the only input
// of the checks (DESIGN §5). Every fact is optional: nullopt means the audit could not decide it
// (the flow failed, the format is unknown, the probe was not run), and no check ever fires on an
// undecided fact. `undecided` says why, where the audit knows. Facts hold the session cookie's
// parsed attributes (including its value, for the flows); findings built from them never echo a
// value or a secret, only names and lengths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/cookie/set_cookie.h"

namespace knox::checks {

// How the session state travels, decided from the cookie's content (docs/audit.md "Kind"):
// an opaque random id, bare or inside a signature (express-session's s:<id>.<mac>), is a server
// id; structured data is a payload, signed or not; ciphertext is an encrypted payload.
// A session carried in a request header instead of a cookie is a bearer token: a JWT, or anything
// else (an opaque id, another signed format).
// JSON names: server-id|signed-payload|encrypted-payload|unsigned-payload|jwt|bearer-jwt|
// bearer-opaque.
enum class SessionKind {
  kServerId,
  kSignedPayload,
  kEncryptedPayload,
  kUnsignedPayload,
  kJwt,
  kBearerJwt,
  kBearerOpaque
};
std::string_view SessionKindName(SessionKind kind);
// kJwt or kBearerJwt.
bool IsJwtKind(SessionKind kind);

// One cookie a response set.
struct ObservedCookie {
  std::string name;
  size_t value_length = 0;
  std::string set_from_url;  // the URL whose response carried the Set-Cookie header
  // The attributes as a browser reads them; nullopt when a browser ignores the whole line (e.g.
  // name + value over 4096 bytes, RFC 6265bis-22 §5.6).
  std::optional<cookie::SetCookie> attributes = {};
};

// A search for the session token's signing secret (wordlist + rules). The secret itself is never
// part of the facts.
struct WeakSecret {
  bool found = false;
  std::optional<size_t> length = {};  // of the secret found
  uint64_t candidates = 0;            // candidates tried (up to the hit)
};

// The session token the login answered in its body and the client sends in a request header
// (docs/audit.md "Bearer tokens"). Never its value.
struct BearerToken {
  std::string header = "Authorization";  // the request header that carries it
  std::string scheme = "Bearer";         // the word before the token ("" = the bare token)
  std::string source;                    // where the login answer held it: a JSON pointer
  size_t length = 0;
};

// What a JWT session (cookie or bearer) lets an attacker do (docs/audit.md "JWT probes"); each
// decided from modified tokens the server was sent, or from the token's claims.
struct JwtFacts {
  std::optional<bool> alg_none_accepted = {};            // header alg "none", no signature
  std::optional<bool> signature_stripped_accepted = {};  // the signature emptied, alg kept
  // HS256 signed with the server's published public key (RS/PS/ES/EdDSA tokens only).
  std::optional<bool> key_confusion_accepted = {};
  std::optional<bool> exp_missing = {};       // the claims carry no "exp"
  std::optional<bool> expired_accepted = {};  // a token past its "exp" was let in
};

struct SessionFacts {
  std::optional<bool> https = {};  // the target was served over https
  std::optional<ObservedCookie> session_cookie = {};
  // Set instead of session_cookie when the session travels in a header (kind bearer-*).
  std::optional<BearerToken> bearer = {};
  std::optional<JwtFacts> jwt = {};  // for kind jwt and bearer-jwt
  std::optional<std::vector<ObservedCookie>> other_cookies = {};
  std::optional<SessionKind> kind = {};
  std::optional<std::string> format = {};  // a DESIGN §7 format name, e.g. "flask"
  // A MAC or an AEAD protects the value (JSON "signed"): true for express-session's signed ids and
  // every signed/encrypted payload, false for a bare id or an unsigned payload.
  std::optional<bool> signed_value = {};
  // A browser refuses to store (or to send back) the session cookie the server set, and the rule
  // it applies (e.g. "__Secure- prefix without Secure"); the audit still tests the server with
  // the value as sent (docs/audit.md "Two views").
  std::optional<bool> browser_refuses_session_cookie = {};
  std::optional<std::string> browser_refusal = {};

  std::optional<bool> login_rotates_id = {};      // the id changed at login
  std::optional<bool> fixation = {};              // a planted pre-login id stayed valid after login
  std::optional<bool> logout_clears_cookie = {};  // the logout response expired the cookie
  std::optional<bool> logout_invalidates = {};    // replaying the old cookie after logout fails
  std::optional<bool> expiry_enforced = {};       // a cookie past its lifetime is refused
  std::optional<bool> tamper_rejected = {};       // every modified value was refused
  // The modified values answered with a 5xx error (e.g. "mac-bit-flip"), when tampering ran.
  std::optional<std::vector<std::string>> tamper_server_errors = {};

  // Payload field names the login put into the session cookie (keys that the anonymous session
  // already held are in carried_over_fields instead).
  std::optional<std::vector<std::string>> readable_fields = {};
  std::optional<std::vector<std::string>> carried_over_fields = {};
  std::optional<std::vector<std::string>> sensitive_fields = {};  // those that look sensitive
  std::optional<WeakSecret> weak_secret = {};

  std::optional<double> entropy_bits = {};  // effective entropy estimate of the session id
  std::optional<bool> low_entropy = {};     // below 64 bits or failed the randomness tests
  std::optional<bool> session_id_in_url = {};
  // How long a browser keeps the session cookie, in seconds; 0 for a browser-session cookie (no
  // Max-Age or Expires).
  std::optional<int64_t> lifetime_s = {};

  // fact name -> why the audit could not decide it, for the report.
  std::vector<std::pair<std::string, std::string>> undecided = {};
};

}  // namespace knox::checks
