#include "core/crypto/pbkdf2_lanes.h"

#include <algorithm>

#include "core/crypto/secret_bytes.h"

namespace knox::crypto {
namespace {

constexpr size_t kBlockBytes = 64;                              // SHA-1 and SHA-256
constexpr size_t kLaneBlockWords = kShaBlockWords * kShaLanes;  // one 16-lane block
constexpr size_t kMaxStateWords = kSha256StateWords;
constexpr uint32_t kIpad = 0x36363636;
constexpr uint32_t kOpad = 0x5c5c5c5c;

// Lane `lane` of a 16-lane block := `bytes` (at most one block) as big-endian words, zero-filled.
void PutLaneBytes(uint32_t* block, size_t lane, std::string_view bytes) {
  uint32_t words[kShaBlockWords] = {};
  for (size_t i = 0; i < bytes.size(); ++i) {
    words[i / 4] |= uint32_t{static_cast<unsigned char>(bytes[i])} << (8 * (3 - i % 4));
  }
  for (size_t w = 0; w < kShaBlockWords; ++w) block[w * kShaLanes + lane] = words[w];
}

// FIPS 180-4 §5.1.1 padding of `tail` hashed after one 64-byte block (the HMAC key block).
std::string PadAfterKeyBlock(std::string_view tail) {
  std::string m(tail);
  const uint64_t bits = (kBlockBytes + tail.size()) * 8;
  m.push_back('\x80');
  while (m.size() % kBlockBytes != kBlockBytes - 8) m.push_back('\0');
  for (int i = 7; i >= 0; --i) m.push_back(static_cast<char>(bits >> (8 * i)));
  return m;
}

void Broadcast(const uint32_t* words, size_t n, uint32_t* soa) {
  for (size_t w = 0; w < n; ++w) std::fill_n(soa + w * kShaLanes, kShaLanes, words[w]);
}

}  // namespace

Result<Pbkdf2Lanes> Pbkdf2Lanes::Create(Digest digest, ShaPath path, std::string_view salt,
                                        unsigned iterations, size_t key_length) {
  if (!ShaPathSupported(path)) {
    return Fail(ErrorCode::kInvalidArgument, "this CPU cannot run the requested SIMD path");
  }
  if (digest != Digest::kSha1 && digest != Digest::kSha256) {
    return Fail(ErrorCode::kInvalidArgument, "pbkdf2 lanes: SHA-1 or SHA-256 only");
  }
  if (iterations == 0 || key_length == 0 || key_length > kMaxKeyBytes) {
    return Fail(ErrorCode::kInvalidArgument,
                "pbkdf2 lanes: iterations and key length (at most 128 bytes) must be positive");
  }
  Pbkdf2Lanes p;
  p.digest_ = digest;
  if (digest == Digest::kSha1) {
    p.compress_ = Sha1Compress16(path);
    p.iv_ = kSha1Iv;
    p.state_words_ = kSha1StateWords;
  } else {
    p.compress_ = Sha256Compress16(path);
    p.iv_ = kSha256Iv;
    p.state_words_ = kSha256StateWords;
  }
  p.iterations_ = iterations;
  p.key_length_ = key_length;
  p.output_blocks_ = (key_length + DigestSize(digest) - 1) / DigestSize(digest);
  p.salt_blocks_ = PadAfterKeyBlock(std::string(salt) + "1234").size() / kBlockBytes;
  p.salt_lane_blocks_.resize(p.output_blocks_ * p.salt_blocks_ * kLaneBlockWords);
  for (uint32_t i = 1; i <= p.output_blocks_; ++i) {
    std::string message(salt);
    for (int shift = 24; shift >= 0; shift -= 8) message.push_back(static_cast<char>(i >> shift));
    const std::string padded = PadAfterKeyBlock(message);
    for (size_t b = 0; b < p.salt_blocks_; ++b) {
      uint32_t* block =
          p.salt_lane_blocks_.data() + ((i - 1) * p.salt_blocks_ + b) * kLaneBlockWords;
      for (size_t l = 0; l < kShaLanes; ++l) {
        PutLaneBytes(block, l, std::string_view(padded).substr(b * kBlockBytes, kBlockBytes));
      }
    }
  }
  return p;
}

void Pbkdf2Lanes::Derive(std::span<const std::string_view> passwords, uint32_t* out) const {
  const size_t sw = state_words_;
  const size_t lane_state = sw * kShaLanes;
  alignas(64) uint32_t block[kLaneBlockWords];
  alignas(64) uint32_t ipad[kMaxStateWords * kShaLanes];
  alignas(64) uint32_t opad[kMaxStateWords * kShaLanes];
  alignas(64) uint32_t inner[kMaxStateWords * kShaLanes];
  alignas(64) uint32_t u[kMaxStateWords * kShaLanes];
  alignas(64) uint32_t t[kMaxStateWords * kShaLanes];

  // The HMAC pads of every lane's password (hashed first when longer than the block).
  for (size_t l = 0; l < kShaLanes; ++l) {
    const std::string_view password = l < passwords.size() ? passwords[l] : std::string_view();
    if (password.size() > kBlockBytes) {
      std::string hashed = Hash(digest_, password);
      PutLaneBytes(block, l, hashed);
      Cleanse(hashed.data(), hashed.size());
    } else {
      PutLaneBytes(block, l, password);
    }
  }
  for (uint32_t& word : block) word ^= kIpad;
  Broadcast(iv_, sw, ipad);
  compress_(ipad, block);
  for (uint32_t& word : block) word ^= kIpad ^ kOpad;
  Broadcast(iv_, sw, opad);
  compress_(opad, block);

  // The message of every later hash is one digest after the key block: words [0, sw) change,
  // the padding bit, zeros and the bit length stay.
  std::fill_n(block, kLaneBlockWords, 0u);
  std::fill_n(block + lane_state, kShaLanes, 0x80000000u);
  std::fill_n(block + 15 * kShaLanes, kShaLanes,
              static_cast<uint32_t>((kBlockBytes + DigestSize(digest_)) * 8));

  const size_t words = key_words();
  size_t written = 0;  // key words already in `out`
  for (size_t i = 0; i < output_blocks_; ++i) {
    // U1 = PRF(password, salt || INT(i + 1)).
    std::copy_n(ipad, lane_state, inner);
    for (size_t b = 0; b < salt_blocks_; ++b) {
      compress_(inner, salt_lane_blocks_.data() + (i * salt_blocks_ + b) * kLaneBlockWords);
    }
    std::copy_n(inner, lane_state, block);
    std::copy_n(opad, lane_state, u);
    compress_(u, block);
    std::copy_n(u, lane_state, t);
    // U_j = PRF(password, U_{j-1}); T ^= U_j.
    for (unsigned j = 1; j < iterations_; ++j) {
      std::copy_n(u, lane_state, block);
      std::copy_n(ipad, lane_state, inner);
      compress_(inner, block);
      std::copy_n(inner, lane_state, block);
      std::copy_n(opad, lane_state, u);
      compress_(u, block);
      for (size_t k = 0; k < lane_state; ++k) t[k] ^= u[k];
    }
    const size_t take = std::min(sw, words - written);
    std::copy_n(t, take * kShaLanes, out + written * kShaLanes);
    written += take;
  }
  // The bytes of the last word past the key length.
  if (const size_t extra = words * 4 - key_length_; extra != 0) {
    const uint32_t keep = ~uint32_t{0} << (8 * extra);
    for (size_t l = 0; l < kShaLanes; ++l) out[(words - 1) * kShaLanes + l] &= keep;
  }
  for (uint32_t* secret : {block, ipad, opad, inner, u, t}) {
    Cleanse(secret, sizeof(uint32_t) * (secret == block ? kLaneBlockWords : lane_state));
  }
}

std::vector<std::string> Pbkdf2Lanes::DeriveBytes(
    std::span<const std::string_view> passwords) const {
  passwords = passwords.first(std::min(passwords.size(), kShaLanes));
  uint32_t out[kMaxKeyWords * kShaLanes];
  Derive(passwords, out);
  std::vector<std::string> keys(passwords.size());
  for (size_t l = 0; l < passwords.size(); ++l) {
    for (size_t w = 0; w < key_words(); ++w) {
      const uint32_t v = out[w * kShaLanes + l];
      for (int shift = 24; shift >= 0; shift -= 8) keys[l].push_back(static_cast<char>(v >> shift));
    }
    keys[l].resize(key_length_);
  }
  Cleanse(out, sizeof(out));
  return keys;
}

}  // namespace knox::crypto
