// AES-CBC with PKCS#7 padding (Fernet uses AES-128-CBC, @hapi/iron AES-256-CBC) and AES-CTR
// (gorilla/securecookie: Go's cipher.NewCTR, the whole 16-byte IV a big-endian counter, as
// OpenSSL's EVP_aes_*_ctr). Authenticity is the caller's job: every format here verifies an HMAC
// before decrypting. Key length selects AES-128/192/256 (CBC: 128/256).
#pragma once

#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox::crypto {

// kInvalidArgument for a key that is not 16 or 32 bytes or an IV that is not 16 bytes.
Result<std::string> AesCbcEncrypt(std::string_view key, std::string_view iv,
                                  std::string_view plaintext);
// kMalformed for a ciphertext that is not whole blocks or whose padding is wrong.
Result<std::string> AesCbcDecrypt(std::string_view key, std::string_view iv,
                                  std::string_view ciphertext);

// AES-CTR encryption and decryption (the same operation) of `data` under `key` (16, 24 or 32
// bytes) from counter block `iv` (16 bytes); kInvalidArgument otherwise.
Result<std::string> AesCtr(std::string_view key, std::string_view iv, std::string_view data);

}  // namespace knox::crypto
