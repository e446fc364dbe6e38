// PBKDF2 (RFC 8018 §5.2) with an HMAC digest; used by @hapi/iron (1 iteration, SHA-1) and for
// password hashing in the reference server.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/crypto/digest.h"

namespace knox::crypto {

Result<std::string> Pbkdf2(Digest digest, std::string_view password, std::string_view salt,
                           unsigned iterations, size_t key_length);

}  // namespace knox::crypto
