// Text conventions of Node.js cookie handling that express-session and cookie-session inherit.
//
// Node hands header values to JavaScript as latin1 strings (each byte one UTF-16 code unit), and
// crypto.createHmac hashes a string as UTF-8. The `cookie` module percent-decodes a value with
// decodeURIComponent only when it contains '%', and keeps the raw value when that throws; express-
// session's Set-Cookie value is encodeURIComponent of the signed value. These functions reproduce
// those steps on bytes: their outputs are the UTF-8 bytes of the JavaScript string.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace knox::token {

// The UTF-8 bytes of the latin1 string Node makes of a raw header value.
std::string Latin1ToUtf8(std::string_view raw);

// decodeURIComponent over the latin1 string of `raw`; nullopt where JavaScript throws URIError
// (a '%' not followed by two hex digits, or escapes that are not a well-formed UTF-8 sequence).
std::optional<std::string> DecodeUriComponent(std::string_view raw);

// encodeURIComponent of the string whose UTF-8 bytes are `utf8`, appended to `out`; false when
// `utf8` is not well-formed UTF-8 (JavaScript would hold lone surrogates and throw).
bool AppendEncodeUriComponent(std::string_view utf8, std::string& out);

// Node's Buffer.toString("utf8"): each maximal ill-formed subsequence becomes U+FFFD (WHATWG).
std::string NodeUtf8Decode(std::string_view bytes);

// True when `bytes` is well-formed UTF-8 (no surrogates, no overlongs, at most U+10FFFF).
bool IsWellFormedUtf8(std::string_view bytes);

}  // namespace knox::token
