#include "core/token/itsdangerous_signer_core.h"

#include <algorithm>
#include <limits>
#include <span>

#include "core/base/base64.h"
#include "core/crypto/secret_bytes.h"

namespace knox::token {
namespace {

constexpr std::string_view kItsAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=";
// datetime.fromtimestamp(ts, timezone.utc) raises past 9999-12-31T23:59:59Z.
constexpr uint64_t kMaxDatetimeSeconds = 253402300799;

// Canonical unpadded base64url into `out` (no allocation); nullopt when `text` is not canonical
// or does not fit. The hot path of verification: tokens knox or the library made take it.
std::optional<std::string_view> DecodeCanonicalUrl(std::string_view text,
                                                   std::span<unsigned char> out) {
  auto n = Base64DecodeStrictTo(text, Base64Alphabet::kUrl, Base64Padding::kUnpadded, out);
  if (!n) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(out.data()), *n);
}

// itsdangerous's base64_decode of a bytes value (no ASCII filtering: the value is already bytes
// once Signer.unsign has run want_bytes on the whole token).
Result<std::string> ItsBase64Decode(std::string_view text, bool strict) {
  if (strict) return Base64DecodeStrict(text, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  return Base64DecodeUrlPadFixed(text, /*drop_non_ascii=*/false);
}

// bytes_to_int(base64_decode(ts)); nullopt where the library's conversion raises.
std::optional<uint64_t> DecodeTimestamp(std::string_view text, bool strict) {
  unsigned char buf[16];
  std::string slow;
  std::string_view bytes;
  if (auto fast = DecodeCanonicalUrl(text, buf)) {
    bytes = *fast;
  } else {
    if (strict) return std::nullopt;
    auto decoded = ItsBase64Decode(text, false);
    if (!decoded) return std::nullopt;
    slow = std::move(*decoded);
    bytes = slow;
  }
  if (bytes.size() > 8) return std::nullopt;  // struct.unpack(">Q") of more than 8 bytes
  if (strict && !bytes.empty() && bytes.front() == '\0') return std::nullopt;  // not int_to_bytes
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

std::optional<int64_t> AsInt64(uint64_t v) {
  if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return static_cast<int64_t>(v);
}

}  // namespace

std::string DeriveItsdangerousKey(KeyDerivation kd, crypto::Digest digest, std::string_view salt,
                                  std::string_view secret) {
  switch (kd) {
    case KeyDerivation::kConcat: {
      crypto::SecretBytes input(std::string(salt) + std::string(secret));
      return crypto::Hash(digest, input.reveal());
    }
    case KeyDerivation::kDjangoConcat: {
      crypto::SecretBytes input(std::string(salt) + "signer" + std::string(secret));
      return crypto::Hash(digest, input.reveal());
    }
    case KeyDerivation::kHmac:
      return crypto::Hmac(digest, secret, salt);
    case KeyDerivation::kNone:
      return std::string(secret);
  }
  return std::string(secret);
}

void AppendItsTimestamp(int64_t timestamp, std::string& out) {
  unsigned char be[8];
  auto v = static_cast<uint64_t>(timestamp);
  for (int i = 7; i >= 0; --i) {
    be[i] = static_cast<unsigned char>(v & 0xff);
    v >>= 8;
  }
  size_t skip = 0;
  while (skip < 8 && be[skip] == 0) ++skip;
  Base64EncodeAppend(std::string_view(reinterpret_cast<const char*>(be) + skip, 8 - skip),
                     Base64Alphabet::kUrl, Base64Padding::kUnpadded, out);
}

Result<ItsSignerCore> ItsSignerCore::Create(const Options& options, const ItsDefaults& defaults) {
  if (options.secrets.empty()) return Fail(ErrorCode::kInvalidArgument, "no secret given");
  std::string sep(options.separator.value_or(std::string(defaults.separator)));
  if (kItsAlphabet.find(sep) != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument,
                "separator must not be empty or occur in the base64 alphabet A-Za-z0-9-_=");
  }
  std::string_view salt = options.salt ? std::string_view(*options.salt) : defaults.salt;
  crypto::Digest digest = options.digest.value_or(defaults.digest);
  KeyDerivation kd = options.key_derivation.value_or(defaults.key_derivation);
  std::vector<crypto::HmacKey> keys;
  keys.reserve(options.secrets.size());
  for (const crypto::SecretBytes& secret : options.secrets) {
    crypto::SecretBytes derived(DeriveItsdangerousKey(kd, digest, salt, secret.reveal()));
    keys.emplace_back(digest, derived.reveal());
  }
  return ItsSignerCore(std::move(sep), std::move(keys));
}

void ItsSignerCore::AppendSigned(std::string_view value, std::string& out) const {
  const size_t start = out.size();
  out.append(value);
  SignInPlace(out, start);
}

void ItsSignerCore::SignInPlace(std::string& out, size_t start) const {
  const crypto::HmacKey& key = keys_.back();
  unsigned char mac[crypto::kMaxDigestSize];
  key.Sign(std::string_view(out).substr(start), mac);
  out.append(sep_);
  Base64EncodeAppend(std::string_view(reinterpret_cast<const char*>(mac), key.size()),
                     Base64Alphabet::kUrl, Base64Padding::kUnpadded, out);
}

Result<void> ItsSignerCore::AppendTimestampSigned(std::string_view value, int64_t timestamp,
                                                  std::string& out) const {
  const size_t start = out.size();
  out.append(value);
  return TimestampSignInPlace(out, start, timestamp);
}

Result<void> ItsSignerCore::TimestampSignInPlace(std::string& out, size_t start,
                                                 int64_t timestamp) const {
  if (timestamp < 0) {
    return Fail(ErrorCode::kInvalidArgument, "itsdangerous cannot encode a negative timestamp");
  }
  out.append(sep_);
  AppendItsTimestamp(timestamp, out);
  SignInPlace(out, start);
  return {};
}

std::optional<size_t> ItsSignerCore::VerifySignature(std::string_view value, std::string_view sig,
                                                     bool strict) const {
  unsigned char buf[crypto::kMaxDigestSize + 8];
  std::string slow;
  std::string_view mac;
  if (auto fast = DecodeCanonicalUrl(sig, buf)) {
    mac = *fast;
  } else {
    if (strict) return std::nullopt;
    auto decoded = ItsBase64Decode(sig, false);
    if (!decoded) return std::nullopt;  // verify_signature: any decoding error is "no match"
    slow = std::move(*decoded);
    mac = slow;
  }
  for (size_t i = keys_.size(); i-- > 0;) {  // reversed(secret_keys): newest first
    if (keys_[i].Verify(value, mac)) return i;
  }
  return std::nullopt;
}

Result<Unsigned> ItsSignerCore::Unsign(std::string_view token, bool strict) const {
  size_t pos = token.rfind(sep_);
  if (pos == std::string_view::npos) return Fail(ErrorCode::kBadSignature, "no separator found");
  std::string_view value = token.substr(0, pos);
  auto index = VerifySignature(value, token.substr(pos + sep_.size()), strict);
  if (!index) return Fail(ErrorCode::kBadSignature, "signature does not match");
  return Unsigned{value, std::nullopt, *index};
}

Result<Unsigned> ItsSignerCore::UnsignTimestamped(std::string_view token,
                                                  std::optional<int64_t> max_age, int64_t now,
                                                  bool return_timestamp, bool strict) const {
  // Signature first: on a mismatch the library only re-raises (as BadTimeSignature).
  auto outer = Unsign(token, strict);
  if (!outer) return outer;
  size_t pos = outer->value.rfind(sep_);
  if (pos == std::string_view::npos) return Fail(ErrorCode::kBadSignature, "timestamp missing");
  std::string_view value = outer->value.substr(0, pos);
  auto ts = DecodeTimestamp(outer->value.substr(pos + sep_.size()), strict);
  if (!ts) return Fail(ErrorCode::kBadSignature, "malformed timestamp");
  if (max_age) {
    // age = now - ts with Python integers: a timestamp above `now` is a negative age.
    bool future = *ts > static_cast<uint64_t>(std::max<int64_t>(now, 0)) || now < 0;
    bool too_old = !future && now - static_cast<int64_t>(*ts) > *max_age;
    if (future || too_old) {
      // The library builds the datetime for the exception before raising it.
      if (*ts > kMaxDatetimeSeconds) {
        return Fail(ErrorCode::kMalformed, "timestamp beyond the year 9999");
      }
      return Fail(ErrorCode::kExpired, future ? "signature timestamp is in the future"
                                              : "signature age exceeds max_age");
    }
  }
  if (return_timestamp && *ts > kMaxDatetimeSeconds) {
    return Fail(ErrorCode::kMalformed, "timestamp beyond the year 9999");
  }
  return Unsigned{value, AsInt64(*ts), outer->key_index};
}

std::optional<MacPlan> PlanItsdangerousMac(const ItsDefaults& defaults, const Options& options,
                                           std::string_view token) {
  const crypto::Digest digest = options.digest.value_or(defaults.digest);
  if (!FastDigest(digest)) return std::nullopt;
  std::string salt(options.salt ? std::string_view(*options.salt) : defaults.salt);
  KeyRule rule = KeyRule::kHashConcat;
  switch (options.key_derivation.value_or(defaults.key_derivation)) {
    case KeyDerivation::kDjangoConcat:
      salt += "signer";
      break;
    case KeyDerivation::kConcat:
      break;
    case KeyDerivation::kHmac:
      rule = KeyRule::kHmacSalt;
      break;
    case KeyDerivation::kNone:
      rule = KeyRule::kRaw;
      salt.clear();
      break;
  }
  const std::string sep = options.separator.value_or(std::string(defaults.separator));
  return PlanSplitAtLast(token, sep, digest, rule, std::move(salt));
}

}  // namespace knox::token
