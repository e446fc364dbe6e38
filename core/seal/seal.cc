#include "core/seal/seal.h"

#include <climits>

#include "core/base/base64.h"
#include "core/base/byte_cursor.h"
#include "core/crypto/aes_gcm.h"
#include "core/crypto/random.h"

namespace knox::seal {
namespace {

constexpr std::string_view kLabel = "knox-sealed/v1";

void AppendBigEndian(std::string& out, uint64_t v, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

// Raw (decoded) size of a token carrying `payload_size` bytes, and its base64url length.
size_t TokenTextSize(size_t payload_size) {
  return Base64EncodedSize(kMinRawSize + payload_size, Base64Padding::kUnpadded);
}

// Base64url text -> raw bytes with the size and version checked.
Result<std::string> Unwrap(std::string_view token, const Limits& limits) {
  if (token.size() > limits.max_token_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "knox-sealed: token longer than the limit");
  }
  if (token.size() < TokenTextSize(0)) return Fail(ErrorCode::kMalformed, "knox-sealed: too short");
  auto raw = Base64DecodeStrict(token, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  if (!raw) return Fail(ErrorCode::kMalformed, "knox-sealed: not unpadded base64url");
  if (raw->size() < kMinRawSize) return Fail(ErrorCode::kMalformed, "knox-sealed: too short");
  if (static_cast<unsigned char>((*raw)[0]) != kVersion) {
    return Fail(ErrorCode::kMalformed, "knox-sealed: unknown version");
  }
  return raw;
}

}  // namespace

std::string AssociatedData(std::string_view cookie_name, std::string_view purpose) {
  std::string aad;
  aad.reserve(12 + kLabel.size() + cookie_name.size() + purpose.size());
  for (std::string_view part : {kLabel, cookie_name, purpose}) {
    AppendBigEndian(aad, part.size(), 4);
    aad.append(part);
  }
  return aad;
}

namespace internal {

Result<std::string> SealWithNonce(const Keyset& keyset, std::string_view cookie_name,
                                  std::string_view purpose, std::string_view payload, int64_t now,
                                  int64_t ttl_seconds, std::string_view nonce,
                                  const Limits& limits) {
  if (nonce.size() != kNonceSize) {
    return Fail(ErrorCode::kInvalidArgument, "knox-sealed: nonce must be 12 bytes");
  }
  if (now < 0 || ttl_seconds < 0) {
    return Fail(ErrorCode::kInvalidArgument, "knox-sealed: negative time or ttl");
  }
  int64_t expires_at = 0;
  if (ttl_seconds > 0 && __builtin_add_overflow(now, ttl_seconds, &expires_at)) {
    return Fail(ErrorCode::kInvalidArgument, "knox-sealed: expiry out of range");
  }
  if (cookie_name.size() > UINT32_MAX || purpose.size() > UINT32_MAX ||
      payload.size() > limits.max_token_bytes ||
      TokenTextSize(payload.size()) > limits.max_token_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "knox-sealed: sealed value would exceed the limit");
  }
  const Key& key = keyset.primary();
  std::string plain;
  plain.reserve(kTimesSize + payload.size());
  AppendBigEndian(plain, static_cast<uint64_t>(now), 8);
  AppendBigEndian(plain, static_cast<uint64_t>(expires_at), 8);
  plain.append(payload);

  std::string raw;
  raw.reserve(kMinRawSize + payload.size());
  raw.push_back(static_cast<char>(kVersion));
  AppendBigEndian(raw, key.id, 4);
  raw.append(nonce);
  auto sealed = crypto::AesGcmEncryptAppend(key.bytes.reveal(), nonce,
                                            AssociatedData(cookie_name, purpose), plain, raw);
  crypto::Cleanse(plain.data(), plain.size());
  if (!sealed) return std::unexpected(sealed.error());
  return Base64Encode(raw, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
}

}  // namespace internal

Result<std::string> Seal(const Keyset& keyset, std::string_view cookie_name,
                         std::string_view purpose, std::string_view payload, int64_t now,
                         int64_t ttl_seconds, const Limits& limits) {
  auto nonce = crypto::RandomBytes(kNonceSize);
  if (!nonce) return std::unexpected(nonce.error());
  return internal::SealWithNonce(keyset, cookie_name, purpose, payload, now, ttl_seconds, *nonce,
                                 limits);
}

Result<Header> ReadHeader(std::string_view token, const Limits& limits) {
  auto raw = Unwrap(token, limits);
  if (!raw) return std::unexpected(raw.error());
  ByteCursor in(*raw);
  in.Take(1);
  Header h;
  h.key_id = static_cast<uint32_t>(*in.TakeBigEndian(4));
  h.ciphertext_size = raw->size() - kHeaderSize - kTagSize;
  h.tag = std::string(raw->substr(raw->size() - kTagSize));
  return h;
}

Result<Opened> Open(const Keyset& keyset, std::string_view cookie_name, std::string_view purpose,
                    std::string_view token, int64_t now, const Limits& limits) {
  auto raw = Unwrap(token, limits);
  if (!raw) return std::unexpected(raw.error());
  ByteCursor in(*raw);
  in.Take(1);
  const auto key_id = static_cast<uint32_t>(*in.TakeBigEndian(4));
  const std::string_view nonce = *in.Take(kNonceSize);
  const std::string_view rest = in.TakeRest();
  const std::string_view ciphertext = rest.substr(0, rest.size() - kTagSize);
  const std::string_view tag = rest.substr(rest.size() - kTagSize);

  const Key* key = keyset.Find(key_id);
  if (key == nullptr) return Fail(ErrorCode::kBadSignature, "knox-sealed: unknown key id");
  auto plain = crypto::AesGcmDecrypt(key->bytes.reveal(), nonce,
                                     AssociatedData(cookie_name, purpose), ciphertext, tag);
  if (!plain) {
    if (plain.error().code == ErrorCode::kBadSignature) {
      return Fail(ErrorCode::kBadSignature, "knox-sealed: authentication failed");
    }
    return std::unexpected(plain.error());
  }

  ByteCursor body(*plain);
  const uint64_t issued_at = *body.TakeBigEndian(8);
  const uint64_t expires_at = *body.TakeBigEndian(8);
  // Only a key holder can produce these values; knox never seals times past INT64_MAX.
  if (issued_at > static_cast<uint64_t>(INT64_MAX) ||
      expires_at > static_cast<uint64_t>(INT64_MAX)) {
    crypto::Cleanse(plain->data(), plain->size());
    return Fail(ErrorCode::kMalformed, "knox-sealed: time out of range");
  }
  Opened out;
  out.issued_at = static_cast<int64_t>(issued_at);
  if (expires_at != 0) out.expires_at = static_cast<int64_t>(expires_at);
  out.key_id = key_id;
  Error late{ErrorCode::kExpired, ""};
  if (out.expires_at && now >= *out.expires_at) {
    late.message = "knox-sealed: expired";
  } else if (int64_t earliest = 0;
             __builtin_sub_overflow(out.issued_at, limits.max_future_skew_seconds, &earliest) ||
             now < earliest) {
    late.message = "knox-sealed: issued in the future";
  }
  if (!late.message.empty()) {
    crypto::Cleanse(plain->data(), plain->size());
    return std::unexpected(std::move(late));
  }
  out.payload = std::string(body.TakeRest());
  crypto::Cleanse(plain->data(), plain->size());
  return out;
}

}  // namespace knox::seal
