#include "core/token/fernet.h"

#include <vector>

#include "core/base/base64.h"
#include "core/crypto/aes.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/hmac.h"
#include "core/crypto/random.h"
#include "core/token/signer_settings.h"

namespace knox::token {
namespace {

constexpr unsigned char kVersion = 0x80;
constexpr size_t kHeaderSize = 1 + 8 + 16;  // version, timestamp, IV
constexpr size_t kMacSize = 32;
constexpr int64_t kMaxClockSkew = 60;

struct FernetKey {
  crypto::HmacKey signing;
  crypto::SecretBytes encryption;
};

uint64_t ReadTimestamp(std::string_view data) {
  uint64_t ts = 0;
  for (size_t i = 1; i < 9; ++i) ts = (ts << 8) | static_cast<unsigned char>(data[i]);
  return ts;
}

// _get_unverified_token_data: decoded bytes that start with 0x80 and hold a timestamp.
Result<std::string> Unwrap(std::string_view token, bool strict, const Limits& limits) {
  if (token.size() > limits.max_token_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "fernet: token longer than the limit");
  }
  for (char c : token) {
    // Python refuses a non-ASCII str before decoding (ValueError escapes Fernet.decrypt).
    if (static_cast<unsigned char>(c) >= 0x80)
      return Fail(ErrorCode::kMalformed, "fernet: non-ASCII");
  }
  auto data = strict ? Base64DecodeStrict(token, Base64Alphabet::kUrl, Base64Padding::kPadded)
                     : Base64DecodePython(token, /*url_safe=*/true);
  if (!data) return Fail(ErrorCode::kMalformed, "fernet: invalid base64");
  if (data->empty() || static_cast<unsigned char>((*data)[0]) != kVersion || data->size() < 9) {
    return Fail(ErrorCode::kMalformed, "fernet: not a version 0x80 token");
  }
  return data;
}

class FernetSigner final : public Signer {
 public:
  FernetSigner(std::vector<FernetKey> keys, const Options& o)
      : keys_(std::move(keys)), settings_(o) {}

  Result<Signed> Sign(std::string_view value) const override {
    if (value.size() > settings_.limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "fernet: value longer than the limit");
    }
    const int64_t ts = settings_.IssueTime();
    if (ts < 0) return Fail(ErrorCode::kInvalidArgument, "fernet: negative timestamp");
    auto iv = crypto::RandomBytes(16);
    if (!iv) return std::unexpected(iv.error());
    const FernetKey& key = keys_.back();
    auto token = Encrypt(key, value, static_cast<uint64_t>(ts), *iv);
    if (!token) return std::unexpected(token.error());
    return Signed{.token = std::move(*token), .signature = {}};
  }

  Result<Verified> Verify(std::string_view token, std::string_view /*signature*/) const override {
    auto data = Unwrap(token, settings_.strict, settings_.limits);
    if (!data) return std::unexpected(data.error());
    const uint64_t ts = ReadTimestamp(*data);
    if (settings_.max_age) {
      // `timestamp + ttl < now` and `now + 60 < timestamp` on Python's unbounded integers: a
      // timestamp past INT64_MAX (or a sum that overflows) is never old and always in the future.
      const int64_t now = settings_.clock->NowSeconds();
      const bool big = ts > static_cast<uint64_t>(INT64_MAX);
      int64_t deadline = 0;
      if (!big &&
          !__builtin_add_overflow(static_cast<int64_t>(ts), *settings_.max_age, &deadline) &&
          deadline < now) {
        return Fail(ErrorCode::kExpired, "fernet: token older than the ttl");
      }
      if (big || now + kMaxClockSkew < static_cast<int64_t>(ts)) {
        return Fail(ErrorCode::kExpired, "fernet: token from the future");
      }
    }
    const std::string_view bytes = *data;
    const size_t mac_at = bytes.size() >= kMacSize ? bytes.size() - kMacSize : 0;
    for (size_t i = 0; i < keys_.size(); ++i) {
      unsigned char mac[kMacSize];
      keys_[i].signing.Sign(bytes.substr(0, mac_at), mac);
      if (!crypto::ConstantTimeEquals(
              std::string_view(reinterpret_cast<const char*>(mac), kMacSize),
              bytes.substr(mac_at))) {
        continue;
      }
      if (mac_at < kHeaderSize) return Fail(ErrorCode::kMalformed, "fernet: truncated token");
      auto plain = crypto::AesCbcDecrypt(keys_[i].encryption.reveal(), bytes.substr(9, 16),
                                         bytes.substr(kHeaderSize, mac_at - kHeaderSize));
      if (!plain) return Fail(ErrorCode::kMalformed, "fernet: bad ciphertext or padding");
      Verified v;
      v.value = std::move(*plain);
      if (ts <= static_cast<uint64_t>(INT64_MAX)) v.timestamp = static_cast<int64_t>(ts);
      v.key_index = i;
      return v;
    }
    return Fail(ErrorCode::kBadSignature, "fernet: HMAC does not match any key");
  }

  static Result<std::string> Encrypt(const FernetKey& key, std::string_view plaintext, uint64_t ts,
                                     std::string_view iv) {
    if (iv.size() != 16) return Fail(ErrorCode::kInvalidArgument, "fernet: IV must be 16 bytes");
    auto ciphertext = crypto::AesCbcEncrypt(key.encryption.reveal(), iv, plaintext);
    if (!ciphertext) return std::unexpected(ciphertext.error());
    std::string raw;
    raw.reserve(kHeaderSize + ciphertext->size() + kMacSize);
    raw.push_back(static_cast<char>(kVersion));
    for (int shift = 56; shift >= 0; shift -= 8) raw.push_back(static_cast<char>(ts >> shift));
    raw.append(iv);
    raw.append(*ciphertext);
    unsigned char mac[kMacSize];
    key.signing.Sign(raw, mac);
    raw.append(reinterpret_cast<const char*>(mac), kMacSize);
    return Base64Encode(raw, Base64Alphabet::kUrl, Base64Padding::kPadded);
  }

 private:
  std::vector<FernetKey> keys_;
  SignerSettings settings_;
};

FernetKey MakeKey(std::string_view key32) {
  return FernetKey{crypto::HmacKey(crypto::Digest::kSha256, key32.substr(0, 16)),
                   crypto::SecretBytes(key32.substr(16))};
}

constexpr FormatTraits kFernetTraits{
    .name = "fernet",
    .summary = "Fernet (cryptography): AES-128-CBC + HMAC-SHA256, key = base64url of 32 bytes",
    .defaults = "the key is the base64url text of 32 random bytes; --max-age is Fernet's ttl",
    .options = {Opt::kTimestamp, Opt::kMaxAge, Opt::kStrict},
    .key = KeyKind::kRandomKey,
    .payload = PayloadKind::kEncrypted,
    .issue_time = IssueTime::kEnvelope,
};

class FernetCodecImpl final : public Codec {
 public:
  const FormatTraits& traits() const override { return kFernetTraits; }
  std::string KeyFromRandomBytes(std::string_view bytes32) const override {
    return Base64Encode(bytes32, Base64Alphabet::kUrl, Base64Padding::kPadded);
  }

  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    if (options.secrets.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "fernet: at least one key is required");
    }
    if (options.digest && *options.digest != crypto::Digest::kSha256) {
      return Fail(ErrorCode::kInvalidArgument, "fernet: the MAC is HMAC-SHA256");
    }
    if (options.max_age_seconds && *options.max_age_seconds < 0) {
      return Fail(ErrorCode::kInvalidArgument, "fernet: negative ttl");
    }
    std::vector<FernetKey> keys;
    for (const auto& s : options.secrets) {
      auto raw = FernetKeyBytes(s.reveal());
      if (!raw) return std::unexpected(raw.error());
      keys.push_back(MakeKey(*raw));
      crypto::Cleanse(raw->data(), raw->size());
    }
    return std::make_unique<FernetSigner>(std::move(keys), options);
  }

  // Decoding without a key claims only what Fernet.encrypt writes: canonical padded base64url and
  // whole AES blocks. Python's lenient decoding (non-alphabet bytes discarded) stays for Verify;
  // here it made a Rails cookie whose first byte happened to be 0x80 pass for Fernet (found by
  // fuzz/rails_fuzzer).
  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    auto data = Unwrap(token, /*strict=*/true, limits);
    if (!data) return std::unexpected(data.error());
    if (data->size() < kHeaderSize + kMacSize + 16 ||
        (data->size() - kHeaderSize - kMacSize) % 16 != 0) {
      return Fail(ErrorCode::kMalformed, "fernet: not whole AES blocks");
    }
    const uint64_t ts = ReadTimestamp(*data);
    Decoded d;
    d.format = "fernet";
    d.payload = data->substr(kHeaderSize, data->size() - kHeaderSize - kMacSize);
    d.encrypted = true;
    if (ts <= static_cast<uint64_t>(INT64_MAX)) d.timestamp = static_cast<int64_t>(ts);
    d.signature = Base64Encode(data->substr(data->size() - kMacSize), Base64Alphabet::kUrl,
                               Base64Padding::kPadded);
    d.notes = "AES-128-CBC ciphertext; HMAC-SHA256";
    return d;
  }
};

}  // namespace

Result<std::string> FernetKeyBytes(std::string_view key_text) {
  auto raw = Base64DecodePython(key_text, /*url_safe=*/true);
  if (!raw || raw->size() != 32) {
    return Fail(ErrorCode::kInvalidArgument,
                "fernet: key must be 32 url-safe base64-encoded bytes");
  }
  return raw;
}

Result<std::string> FernetEncrypt(std::string_view key32, std::string_view plaintext,
                                  uint64_t timestamp, std::string_view iv) {
  if (key32.size() != 32) return Fail(ErrorCode::kInvalidArgument, "fernet: key must be 32 bytes");
  return FernetSigner::Encrypt(MakeKey(key32), plaintext, timestamp, iv);
}

const Codec& FernetCodec() {
  static const FernetCodecImpl codec;
  return codec;
}

}  // namespace knox::token
