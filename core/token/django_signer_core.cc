#include "core/token/django_signer_core.h"

#include <cmath>
#include <limits>

#include "core/base/base64.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/secret_bytes.h"
#include "core/token/itsdangerous_signer_core.h"

namespace knox::token {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// _SEP_UNSAFE = ^[A-z0-9-_=]*$ ("A-z" also spans [\]^_`).
bool UnsafeSeparator(std::string_view sep) {
  for (char c : sep) {
    bool unsafe =
        (c >= 'A' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '=';
    if (!unsafe) return false;
  }
  return true;
}

struct Base62Value {
  std::optional<int64_t> exact;  // when it fits
  long double approx = 0;        // Python int converted to float (for the age arithmetic)
};

// baseconv.base62.decode; nullopt where Django raises (empty text, a digit outside the alphabet).
std::optional<Base62Value> DecodeBase62(std::string_view text) {
  if (text.empty()) return std::nullopt;  // str(number)[0]: IndexError
  bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  Base62Value v;
  uint64_t exact = 0;
  bool fits = true;
  for (char c : text) {
    size_t d = kBase62.find(c);
    if (d == std::string_view::npos) return std::nullopt;  // ValueError
    v.approx = v.approx * 62 + static_cast<long double>(d);
    constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    if (fits && exact > (kMax - d) / 62) fits = false;
    if (fits) exact = exact * 62 + d;
  }
  if (negative) v.approx = -v.approx;
  if (fits) v.exact = negative ? -static_cast<int64_t>(exact) : static_cast<int64_t>(exact);
  return v;
}

}  // namespace

void AppendBase62(int64_t value, std::string& out) {
  char buf[16];
  size_t n = 0;
  bool negative = value < 0;
  uint64_t x = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  do {
    buf[n++] = kBase62[x % 62];
    x /= 62;
  } while (x > 0);
  if (negative) out.push_back('-');
  while (n > 0) out.push_back(buf[--n]);
}

Result<DjangoSignerCore> DjangoSignerCore::Create(const Options& options,
                                                  std::string_view default_salt) {
  if (options.secrets.empty()) return Fail(ErrorCode::kInvalidArgument, "no secret given");
  if (options.key_derivation && *options.key_derivation != KeyDerivation::kDjangoConcat) {
    return Fail(ErrorCode::kInvalidArgument, "Django always derives keys as django-concat");
  }
  std::string sep = options.separator.value_or(":");
  if (UnsafeSeparator(sep)) {
    return Fail(ErrorCode::kInvalidArgument,
                "separator must not be empty or consist only of A-z0-9-_=");
  }
  // Signer: self.salt = salt or default — an empty salt means the default.
  std::string_view salt =
      options.salt && !options.salt->empty() ? std::string_view(*options.salt) : default_salt;
  crypto::Digest digest = options.digest.value_or(crypto::Digest::kSha256);
  std::vector<KeyPair> keys;
  keys.reserve(options.secrets.size());
  for (const crypto::SecretBytes& secret : options.secrets) {
    if (secret.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "Django ignores an empty key (uses SECRET_KEY)");
    }
    crypto::SecretBytes primary(
        DeriveItsdangerousKey(KeyDerivation::kDjangoConcat, digest, salt, secret.reveal()));
    crypto::SecretBytes legacy(DeriveItsdangerousKey(KeyDerivation::kDjangoConcat,
                                                     crypto::Digest::kSha1, salt, secret.reveal()));
    keys.push_back(KeyPair{crypto::HmacKey(digest, primary.reveal()),
                           crypto::HmacKey(crypto::Digest::kSha1, legacy.reveal())});
  }
  bool use_legacy = digest != crypto::Digest::kSha1 && !options.strict;
  return DjangoSignerCore(std::move(sep), std::move(keys), use_legacy);
}

void DjangoSignerCore::SignInPlace(std::string& out, size_t start) const {
  const crypto::HmacKey& key = keys_.back().primary;
  unsigned char mac[crypto::kMaxDigestSize];
  key.Sign(std::string_view(out).substr(start), mac);
  out.append(sep_);
  Base64EncodeAppend(std::string_view(reinterpret_cast<const char*>(mac), key.size()),
                     Base64Alphabet::kUrl, Base64Padding::kUnpadded, out);
}

void DjangoSignerCore::TimestampSignInPlace(std::string& out, size_t start,
                                            int64_t timestamp) const {
  out.append(sep_);
  AppendBase62(timestamp, out);
  SignInPlace(out, start);
}

bool DjangoSignerCore::Matches(const crypto::HmacKey& key, std::string_view value,
                               std::string_view sig) {
  unsigned char mac[crypto::kMaxDigestSize];
  key.Sign(value, mac);
  std::string text;
  text.reserve(Base64EncodedSize(crypto::kMaxDigestSize, Base64Padding::kUnpadded));
  Base64EncodeAppend(std::string_view(reinterpret_cast<const char*>(mac), key.size()),
                     Base64Alphabet::kUrl, Base64Padding::kUnpadded, text);
  return crypto::ConstantTimeEquals(sig, text);
}

Result<DjangoUnsigned> DjangoSignerCore::Unsign(std::string_view token) const {
  size_t pos = token.rfind(sep_);
  if (pos == std::string_view::npos) return Fail(ErrorCode::kBadSignature, "no separator found");
  std::string_view value = token.substr(0, pos);
  std::string_view sig = token.substr(pos + sep_.size());
  for (size_t i = keys_.size(); i-- > 0;) {
    if (Matches(keys_[i].primary, value, sig) ||
        (use_legacy_ && Matches(keys_[i].legacy, value, sig))) {
      return DjangoUnsigned{value, std::nullopt, i};
    }
  }
  return Fail(ErrorCode::kBadSignature, "signature does not match");
}

Result<DjangoUnsigned> DjangoSignerCore::UnsignTimestamped(std::string_view token,
                                                           std::optional<int64_t> max_age,
                                                           int64_t now_millis) const {
  auto outer = Unsign(token);
  if (!outer) return outer;
  size_t pos = outer->value.rfind(sep_);
  if (pos == std::string_view::npos) {
    return Fail(ErrorCode::kMalformed, "no timestamp (Django raises ValueError)");
  }
  auto ts = DecodeBase62(outer->value.substr(pos + sep_.size()));
  if (!ts) return Fail(ErrorCode::kMalformed, "timestamp is not base62");
  if (max_age) {
    bool expired;
    if (ts->exact && *ts->exact > -(int64_t{1} << 52) && *ts->exact < (int64_t{1} << 52)) {
      // Exact in long double's 64-bit mantissa for these magnitudes.
      expired = static_cast<long double>(now_millis) - static_cast<long double>(*ts->exact) * 1000 >
                static_cast<long double>(*max_age) * 1000;
    } else {
      // time.time() - int: the int becomes a float (OverflowError past DBL_MAX).
      if (std::fabs(ts->approx) > static_cast<long double>(std::numeric_limits<double>::max())) {
        return Fail(ErrorCode::kMalformed, "timestamp too large for a float");
      }
      expired = static_cast<long double>(now_millis) / 1000 - ts->approx >
                static_cast<long double>(*max_age);
    }
    if (expired) return Fail(ErrorCode::kExpired, "signature age exceeds max_age");
  }
  return DjangoUnsigned{outer->value.substr(0, pos), ts->exact, outer->key_index};
}

}  // namespace knox::token
