// SealedClaims: what a knox-sealed session cookie carries inside its AES-GCM envelope, and its
// compact JSON form: {"u":user,"r":[roles],"c":created_at,"a":absolute_expiry,"t":token_id,
// "d":{data}} with times in Unix ms and the token id as unpadded base64url.
//
// The JSON is only ever parsed after the GCM tag verified, but DecodeClaims still checks every
// field's type and returns nullopt on anything unexpected (never throws). EncodeClaims expects
// UTF-8 strings (SessionManager checks with ValidateRecord first); invalid sequences would be
// replaced, not thrown. Pure and thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace knox::session {

inline constexpr size_t kTokenIdBytes = 16;

struct SealedClaims {
  std::string user = {};
  std::vector<std::string> roles = {};
  int64_t created_at = 0;
  int64_t absolute_expiry = 0;
  std::string token_id = {};  // raw kTokenIdBytes bytes
  std::map<std::string, std::string> data = {};

  friend bool operator==(const SealedClaims&, const SealedClaims&) = default;
};

std::string EncodeClaims(const SealedClaims& claims);
std::optional<SealedClaims> DecodeClaims(std::string_view json);

}  // namespace knox::session
