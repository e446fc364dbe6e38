// AES-GCM (NIST SP 800-38D) with a 16-byte tag: knox-sealed (AES-256, 12-byte nonce, associated
// data) and Rails's authenticated encrypted cookies (AES-256-GCM, 12-byte IV, empty AAD). The key
// length selects AES-128/192/256.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox::crypto {

inline constexpr size_t kGcmTagSize = 16;

// Appends ciphertext || tag to `out`. kInvalidArgument for a key that is not 16, 24 or 32 bytes or
// an empty IV; kLimitExceeded past OpenSSL's int lengths.
Result<void> AesGcmEncryptAppend(std::string_view key, std::string_view iv, std::string_view aad,
                                 std::string_view plaintext, std::string& out);

// The plaintext of `ciphertext` under `tag`; kBadSignature when the tag does not verify (OpenSSL
// compares it in constant time), with the partial plaintext wiped.
Result<std::string> AesGcmDecrypt(std::string_view key, std::string_view iv, std::string_view aad,
                                  std::string_view ciphertext, std::string_view tag);

}  // namespace knox::crypto
