// The signing engine of itsdangerous 2.1 (Signer and TimestampSigner), shared by every format built
// on it: itsdangerous-*, flask, starlette.
//
// Wire layout: VALUE SEP SIG, and VALUE SEP TS SEP SIG for the timestamped signer, where SIG is the
// unpadded URL-safe base64 of HMAC(derived key, everything before the last SEP) and TS the unpadded
// URL-safe base64 of the big-endian issue time with leading zero bytes stripped.
//
// Verification follows the library step by step (signer.py, timed.py), including which exception it
// raises, mapped as: BadSignature / BadTimeSignature -> kBadSignature, SignatureExpired ->
// kExpired, errors that are not itsdangerous exceptions (a timestamp beyond datetime's year 9999)
// -> kMalformed. Leniencies (docs/formats.md): SIG and TS go through itsdangerous's base64_decode,
// which pads, skips characters outside the alphabet and ignores trailing bits; `strict` demands the
// canonical encoding.
//
// Construction derives one HMAC key per secret (precomputed pads); Sign and Unsign do no key work.
// Immutable after construction; safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/crypto/hmac.h"
#include "core/token/codec.h"
#include "core/token/mac_plan.h"

namespace knox::token {

// The library's defaults, overridden by whatever Options sets.
struct ItsDefaults {
  std::string_view salt = "itsdangerous.Signer";
  std::string_view separator = ".";
  crypto::Digest digest = crypto::Digest::kSha1;
  KeyDerivation key_derivation = KeyDerivation::kDjangoConcat;
};

// itsdangerous's Signer.derive_key.
std::string DeriveItsdangerousKey(KeyDerivation kd, crypto::Digest digest, std::string_view salt,
                                  std::string_view secret);

struct Unsigned {
  std::string_view value;            // a view into the token
  std::optional<int64_t> timestamp;  // timestamped signer only (nullopt above INT64_MAX)
  size_t key_index = 0;
};

class ItsSignerCore {
 public:
  // kInvalidArgument for no secrets or a separator itsdangerous refuses (empty, or a substring of
  // its base64 alphabet "A-Za-z0-9-_=").
  static Result<ItsSignerCore> Create(const Options& options, const ItsDefaults& defaults);

  std::string_view separator() const { return sep_; }

  // out += value SEP SIG (Signer.sign).
  void AppendSigned(std::string_view value, std::string& out) const;
  // Signs out[start..] in place: out += SEP SIG.
  void SignInPlace(std::string& out, size_t start) const;
  // out += value SEP TS SEP SIG (TimestampSigner.sign). kInvalidArgument for a negative time.
  Result<void> AppendTimestampSigned(std::string_view value, int64_t timestamp,
                                     std::string& out) const;
  // Timestamp-signs out[start..] in place: out += SEP TS SEP SIG.
  Result<void> TimestampSignInPlace(std::string& out, size_t start, int64_t timestamp) const;

  // Signer.unsign.
  Result<Unsigned> Unsign(std::string_view token, bool strict) const;
  // TimestampSigner.unsign(token, max_age, return_timestamp). `return_timestamp` matters only
  // because the library converts the time to a datetime then, which fails past year 9999.
  Result<Unsigned> UnsignTimestamped(std::string_view token, std::optional<int64_t> max_age,
                                     int64_t now, bool return_timestamp, bool strict) const;

 private:
  ItsSignerCore(std::string sep, std::vector<crypto::HmacKey> keys)
      : sep_(std::move(sep)), keys_(std::move(keys)) {}
  // Index into keys_ of the newest key that verifies, as Signer.verify_signature tries them.
  std::optional<size_t> VerifySignature(std::string_view value, std::string_view sig,
                                        bool strict) const;

  std::string sep_;
  std::vector<crypto::HmacKey> keys_;  // one per Options::secrets entry, same order
};

// The crack plan of every itsdangerous-based format (Codec::PlanMac): the key derivation and
// separator of `defaults` overridden by `options`, exactly as ItsSignerCore::Create reads them.
std::optional<MacPlan> PlanItsdangerousMac(const ItsDefaults& defaults, const Options& options,
                                           std::string_view token);

// Options every itsdangerous-based format gives a meaning to (salt, digest, key derivation,
// separator, strict); the timestamped ones add --timestamp and --max-age.
inline constexpr OptionSet kItsOptions = {Opt::kSalt, Opt::kDigest, Opt::kKeyDerivation,
                                          Opt::kSeparator, Opt::kStrict};
inline constexpr OptionSet kItsTimedOptions = {Opt::kSalt,      Opt::kDigest, Opt::kKeyDerivation,
                                               Opt::kSeparator, Opt::kStrict, Opt::kTimestamp,
                                               Opt::kMaxAge};

// Timestamp bytes as itsdangerous writes them (int_to_bytes), base64url-encoded without padding.
void AppendItsTimestamp(int64_t timestamp, std::string& out);

}  // namespace knox::token
