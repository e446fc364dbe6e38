// express-session signed session-id cookies (cookie-signature "s:" values), DESIGN §7 `express`.
//
// express-session 1.19 sets `NAME=encodeURIComponent("s:" + id + "." + sig)` where sig is the
// standard-alphabet base64 of HMAC-SHA256(secret, id) with the '=' padding stripped. It reads the
// Cookie header with the `cookie` module (whitespace trimmed, one pair of surrounding quotes
// removed, decodeURIComponent when the value holds a '%', the raw value kept when that throws) and
// unsigns with each secret in turn. A TOKEN here is the value as it appears in the Cookie header.
//
// Key order: express-session signs with secrets[0]; knox signs with Options::secrets.back(), so the
// CLI passes the signing secret last. Verification tries every secret. Leniencies and what strict
// mode rejects: docs/formats.md "express".
#pragma once

#include <string>
#include <string_view>

#include "core/token/codec.h"

namespace knox::token {

const Codec& ExpressCodec();

// The id signed by `token` and the signature text, before any key is involved: the steps of the
// `cookie` module and express-session's "s:" check. kMalformed when express-session would treat
// the cookie as unsigned or absent; with `strict`, also when `token` is not exactly the encoding
// express-session itself writes.
struct ExpressParts {
  std::string value;      // the session id (UTF-8)
  std::string signature;  // the text after the last '.' (empty when there is none)
  bool has_dot = false;
};
Result<ExpressParts> ParseExpressToken(std::string_view token, bool strict, const Limits& limits);

}  // namespace knox::token
