// cookie-session 2.1 (with `cookies` 0.9 and keygrip 1.1) signed session cookies, DESIGN §7
// `cookie-session`.
//
// The session cookie NAME holds base64 (standard alphabet, padded) of JSON.stringify(session); a
// companion cookie NAME.sig holds keygrip's signature of the text "NAME=VALUE": HMAC-SHA1 in base64
// with '/' -> '_', '+' -> '-' and '=' removed. keygrip tries every key (index()). TOKEN is the
// session cookie's value and Verify's `signature` the .sig cookie's value, both as they appear in
// the Cookie header (`cookies` takes the text up to ';' and drops the first and last character when
// the first is a double quote). Options::cookie_name is NAME (default "session"). Verified::value
// is JSON.stringify of the parsed session (is_json). Leniencies: docs/formats.md "cookie-session".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/token/codec.h"

namespace knox::token {

const Codec& CookieSessionCodec();

}  // namespace knox::token
