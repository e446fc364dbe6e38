// The signing engine of Django 3.2's django.core.signing (Signer, TimestampSigner), shared by the
// `django` and `django-signer` formats.
//
// Wire: VALUE SEP SIG, and VALUE SEP TS SEP SIG with TS the base62 (0-9A-Za-z, '-' for negative)
// Unix time. SIG = unpadded base64url of HMAC-H(H(salt + "signer" + secret), everything before the
// last SEP), H = the algorithm (sha256 by default in 3.2).
// Verification compares the SIG *text* in constant time with the expected text for the algorithm
// and then for the legacy SHA-1 (Signer.legacy_algorithm, always tried in 3.2): so Django is
// strict about SIG's encoding. `strict` additionally refuses the SHA-1 fallback when the algorithm
// is not SHA-1. Errors: BadSignature -> kBadSignature, SignatureExpired -> kExpired, the
// ValueError/IndexError Django raises on a bad TS -> kMalformed.
// Django 3.2 has one SECRET_KEY; knox tries every Options secret (newest first), like 4.1's
// SECRET_KEY_FALLBACKS. Immutable after construction; safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/crypto/hmac.h"
#include "core/token/codec.h"

namespace knox::token {

struct DjangoUnsigned {
  std::string_view value;
  std::optional<int64_t> timestamp;  // nullopt when outside int64
  size_t key_index = 0;
};

class DjangoSignerCore {
 public:
  // kInvalidArgument: no secret, an empty secret (Django would fall back to settings), a key
  // derivation other than django-concat, or a separator Django refuses (^[A-z0-9-_=]*$).
  static Result<DjangoSignerCore> Create(const Options& options, std::string_view default_salt);

  std::string_view separator() const { return sep_; }
  void SignInPlace(std::string& out, size_t start) const;
  void TimestampSignInPlace(std::string& out, size_t start, int64_t timestamp) const;

  Result<DjangoUnsigned> Unsign(std::string_view token) const;
  // TimestampSigner.unsign: age = time.time() - ts > max_age is expired (no check for the future).
  Result<DjangoUnsigned> UnsignTimestamped(std::string_view token, std::optional<int64_t> max_age,
                                           int64_t now_millis) const;

 private:
  struct KeyPair {
    crypto::HmacKey primary;
    crypto::HmacKey legacy;  // SHA-1
  };
  DjangoSignerCore(std::string sep, std::vector<KeyPair> keys, bool use_legacy)
      : sep_(std::move(sep)), keys_(std::move(keys)), use_legacy_(use_legacy) {}
  static bool Matches(const crypto::HmacKey& key, std::string_view value, std::string_view sig);

  std::string sep_;
  std::vector<KeyPair> keys_;
  bool use_legacy_;
};

// baseconv.base62.encode / decode.
void AppendBase62(int64_t value, std::string& out);

}  // namespace knox::token
