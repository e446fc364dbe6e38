// Reads the credentials of POST /login from the request body. Two encodings are accepted:
// application/x-www-form-urlencoded (WHATWG URL §5.1: '&'-separated, '+' is a space, %XX escapes)
// and application/json (an object with string members "username" and "password"). Media types
// compare case-insensitively and parameters such as charset are ignored (RFC 9110 §8.3.1).
//
// Errors: kInvalidArgument when the Content-Type is missing or another type (the route answers
// 415); kMalformed when the body cannot be read, a field is missing, repeated or not a string, or
// JSON nests deeper than kMaxJsonDepth (400). Never echoes the body. Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/crypto/secret_bytes.h"

namespace knox::server {

struct Credentials {
  std::string username;
  crypto::SecretBytes password;
};

inline constexpr int kMaxJsonDepth = 8;

Result<Credentials> ParseLoginBody(std::optional<std::string_view> content_type,
                                   std::string_view body);

// The media type of a Content-Type value, without parameters and surrounding whitespace.
std::string_view MediaType(std::string_view content_type);

// Decodes one application/x-www-form-urlencoded name or value; kMalformed on a bad %XX escape.
Result<std::string> FormDecode(std::string_view in);

}  // namespace knox::server
