// gorilla/securecookie 1.1.1 as gorilla/sessions 1.2.1's CookieStore uses it (Debian 12's
// golang-github-gorilla-securecookie-dev and golang-github-gorilla-sessions-dev, Go 1.19): the
// pieces of the `gorilla` codec (gorilla.cc) that tests drive directly.
//
// SecureCookie.Encode(name, value): serialize (gob by default, JSONEncoder as an option), with a
// block key AES-CTR encrypt with a random 16-byte IV prepended, base64 (URLEncoding, padded), MAC
// "name|date|value" with HMAC (sha256.New by default) under the hash key, keep "date|value|mac"
// and base64 it again; at most 4096 bytes. Decode reverses it: the length, base64, three parts
// split at the first two '|', the MAC (constant time), the date (strconv.ParseInt) against
// MinAge (0: off; knox does not set it) and MaxAge (86400*30 by default, 0 off), base64, decrypt,
// deserialize. docs/formats.md "gorilla" lists what knox reproduces and where it differs. Pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/crypto/digest.h"

namespace knox::token::gorilla {

inline constexpr int64_t kDefaultMaxAge = int64_t{86400} * 30;
inline constexpr size_t kMaxLength = 4096;  // SecureCookie.maxLength
inline constexpr size_t kIvSize = 16;       // aes.BlockSize

// Encode's steps after serialization, with the IV given (16 bytes; ignored without a block key).
// kInvalidArgument for a block key that is not 16, 24 or 32 bytes, or a result over kMaxLength.
Result<std::string> Encode(std::string_view serialized, std::string_view name, int64_t timestamp,
                           crypto::Digest digest, std::string_view hash_key,
                           std::string_view block_key, std::string_view iv);

// What net/http's Request.Cookie gives a CookieStore for a cookie whose value in the Cookie
// header is `token`: up to the first ';', trailing ASCII spaces trimmed, one pair of surrounding
// double quotes removed; nullopt when a byte is not a cookie-value byte (net/http drops the
// cookie).
std::optional<std::string> CookieValue(std::string_view token);

// strconv.ParseInt(text, 10, 64): an optional sign, decimal digits, within int64.
std::optional<int64_t> ParseGoInt(std::string_view text);

}  // namespace knox::token::gorilla
