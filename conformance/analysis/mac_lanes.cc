#include "conformance/analysis/mac_lanes.h"

#include <algorithm>
#include <cstring>

#include "core/crypto/digest.h"
#include "core/crypto/hmac.h"

namespace knox::analysis {
namespace {

using crypto::kShaBlockWords;
using crypto::kShaLanes;
constexpr size_t kBlockBytes = 64;
constexpr size_t kLaneBlock = kShaBlockWords * kShaLanes;
constexpr uint32_t kIpad = 0x36363636;
constexpr uint32_t kOpad = 0x5c5c5c5c;

const uint32_t* Iv(crypto::Digest d) {
  return d == crypto::Digest::kSha1 ? crypto::kSha1Iv : crypto::kSha256Iv;
}

void Broadcast(const uint32_t* words, size_t n, uint32_t* soa) {
  for (size_t w = 0; w < n; ++w) std::fill_n(soa + w * kShaLanes, kShaLanes, words[w]);
}

// Lane `lane` of a block := `bytes` (at most 64) as big-endian words, zero-filled.
void PutLaneBytes(uint32_t* block, size_t lane, std::string_view bytes) {
  uint32_t words[kShaBlockWords] = {};
  for (size_t i = 0; i < bytes.size(); ++i) {
    words[i / 4] |= uint32_t{static_cast<unsigned char>(bytes[i])} << (24 - 8 * (i % 4));
  }
  for (size_t w = 0; w < kShaBlockWords; ++w) block[w * kShaLanes + lane] = words[w];
}

// FIPS 180-4 §5.1.1 padding of `tail` when `prior` bytes were hashed before it.
std::string PadTail(std::string_view tail, uint64_t prior) {
  std::string m(tail);
  const uint64_t bits = (prior + tail.size()) * 8;
  m.push_back('\x80');
  while (m.size() % kBlockBytes != 56) m.push_back('\0');
  for (int i = 7; i >= 0; --i) m.push_back(static_cast<char>(bits >> (8 * i)));
  return m;
}

// The padded `tail` as lane blocks, every lane holding the same words.
std::vector<uint32_t> BroadcastBlocks(std::string_view tail, uint64_t prior) {
  const std::string padded = PadTail(tail, prior);
  std::vector<uint32_t> blocks(padded.size() / kBlockBytes * kLaneBlock);
  for (size_t b = 0; b * kBlockBytes < padded.size(); ++b) {
    for (size_t l = 0; l < kShaLanes; ++l) {
      PutLaneBytes(blocks.data() + b * kLaneBlock, l,
                   std::string_view(padded).substr(b * kBlockBytes, kBlockBytes));
    }
  }
  return blocks;
}

}  // namespace

Result<MacLaneMatcher> MacLaneMatcher::Create(const MacPlan& plan, crypto::ShaPath path) {
  if (!crypto::ShaPathSupported(path)) {
    return Fail(ErrorCode::kInvalidArgument, "this CPU cannot run the requested SIMD path");
  }
  const bool sha1 = plan.digest == crypto::Digest::kSha1;
  if ((!sha1 && plan.digest != crypto::Digest::kSha256) ||
      plan.mac.size() != crypto::DigestSize(plan.digest)) {
    return Fail(ErrorCode::kInvalidArgument, "fast MAC plans are HMAC-SHA1 or HMAC-SHA256");
  }
  MacLaneMatcher m;
  m.plan_ = plan;
  m.path_ = path;
  m.compress_ = sha1 ? crypto::Sha1Compress16(path) : crypto::Sha256Compress16(path);
  m.state_words_ = sha1 ? crypto::kSha1StateWords : crypto::kSha256StateWords;
  m.message_blocks_ = BroadcastBlocks(plan.message, kBlockBytes);
  if (plan.key_rule == KeyRule::kHmacSalt) m.salt_blocks_ = BroadcastBlocks(plan.salt, kBlockBytes);
  if (plan.key_rule == KeyRule::kHashConcat) {
    m.prefix_state_.resize(m.state_words_ * kShaLanes);
    Broadcast(Iv(plan.digest), m.state_words_, m.prefix_state_.data());
    std::vector<uint32_t> block(kLaneBlock);
    std::string_view prefix = plan.salt;
    while (prefix.size() >= kBlockBytes) {
      for (size_t l = 0; l < kShaLanes; ++l) PutLaneBytes(block.data(), l, prefix.substr(0, 64));
      m.compress_(m.prefix_state_.data(), block.data());
      prefix.remove_prefix(kBlockBytes);
      m.prefix_hashed_bytes_ += kBlockBytes;
    }
    m.prefix_tail_ = std::string(prefix);
  }
  const auto* mac = reinterpret_cast<const unsigned char*>(plan.mac.data());
  m.first_word_ = uint32_t{mac[0]} << 24 | uint32_t{mac[1]} << 16 | uint32_t{mac[2]} << 8 | mac[3];
  return m;
}

void MacLaneMatcher::LoadRawKeys(std::span<const std::string_view> candidates,
                                 uint32_t* key) const {
  for (size_t l = 0; l < kShaLanes; ++l) {
    std::string_view secret = l < candidates.size() ? candidates[l] : std::string_view();
    if (secret.size() > kBlockBytes) {
      PutLaneBytes(key, l, crypto::Hash(plan_.digest, secret));  // RFC 2104: hash long keys
    } else {
      PutLaneBytes(key, l, secret);
    }
  }
}

// H(prefix + secret): lanes of one or two blocks go through the kernel together (a one-block lane
// keeps its state from after the first block); longer inputs are hashed per lane.
void MacLaneMatcher::DeriveConcatKeys(std::span<const std::string_view> candidates,
                                      uint32_t* key) const {
  alignas(64) uint32_t first[kLaneBlock] = {};
  alignas(64) uint32_t second[kLaneBlock] = {};
  alignas(64) uint32_t state[crypto::kSha256StateWords * kShaLanes];
  std::memcpy(state, prefix_state_.data(), prefix_state_.size() * sizeof(uint32_t));
  uint32_t two_blocks = 0, long_input = 0;
  char buf[2 * kBlockBytes];
  for (size_t l = 0; l < kShaLanes; ++l) {
    std::string_view secret = l < candidates.size() ? candidates[l] : std::string_view();
    const size_t n = prefix_tail_.size() + secret.size();
    if (n + 9 > sizeof(buf)) {
      long_input |= 1u << l;
      continue;
    }
    const size_t blocks = n + 9 > kBlockBytes ? 2 : 1;
    std::memset(buf, 0, sizeof(buf));
    std::memcpy(buf, prefix_tail_.data(), prefix_tail_.size());
    if (!secret.empty()) std::memcpy(buf + prefix_tail_.size(), secret.data(), secret.size());
    buf[n] = '\x80';
    const uint64_t bits = (prefix_hashed_bytes_ + n) * 8;
    for (size_t i = 0; i < 8; ++i) {
      buf[blocks * kBlockBytes - 1 - i] = static_cast<char>(bits >> (8 * i));
    }
    PutLaneBytes(first, l, std::string_view(buf, kBlockBytes));
    if (blocks == 2) {
      PutLaneBytes(second, l, std::string_view(buf + kBlockBytes, kBlockBytes));
      two_blocks |= 1u << l;
    }
  }
  std::fill_n(key, kLaneBlock, 0u);
  compress_(state, first);
  auto take = [&](uint32_t lanes) {
    for (size_t w = 0; w < state_words_; ++w) {
      for (size_t l = 0; l < kShaLanes; ++l) {
        if (lanes & (1u << l)) key[w * kShaLanes + l] = state[w * kShaLanes + l];
      }
    }
  };
  take(~two_blocks & ~long_input);
  if (two_blocks != 0) {
    compress_(state, second);
    take(two_blocks);
  }
  for (size_t l = 0; l < kShaLanes; ++l) {
    if ((long_input & (1u << l)) == 0) continue;
    std::string input = plan_.salt;
    input.append(candidates[l]);
    PutLaneBytes(key, l, crypto::Hash(plan_.digest, input));
  }
}

void MacLaneMatcher::Hmac(const uint32_t* key, const std::vector<uint32_t>& message,
                          uint32_t* out) const {
  alignas(64) uint32_t block[kLaneBlock];
  alignas(64) uint32_t inner[crypto::kSha256StateWords * kShaLanes];
  const uint32_t* iv = Iv(plan_.digest);
  Broadcast(iv, state_words_, inner);
  for (size_t i = 0; i < kLaneBlock; ++i) block[i] = key[i] ^ kIpad;
  compress_(inner, block);
  for (size_t b = 0; b < message.size(); b += kLaneBlock) compress_(inner, message.data() + b);

  Broadcast(iv, state_words_, out);
  for (size_t i = 0; i < kLaneBlock; ++i) block[i] = key[i] ^ kOpad;
  compress_(out, block);
  // The outer message is the inner digest, padded: one block for SHA-1 and SHA-256.
  std::fill_n(block, kLaneBlock, 0u);
  std::memcpy(block, inner, state_words_ * kShaLanes * sizeof(uint32_t));
  std::fill_n(block + state_words_ * kShaLanes, kShaLanes, 0x80000000u);
  std::fill_n(block + 15 * kShaLanes, kShaLanes,
              static_cast<uint32_t>((kBlockBytes + state_words_ * 4) * 8));
  compress_(out, block);
}

void MacLaneMatcher::Compute(std::span<const std::string_view> candidates, uint32_t* out) const {
  alignas(64) uint32_t key[kLaneBlock];
  switch (plan_.key_rule) {
    case KeyRule::kRaw:
      LoadRawKeys(candidates, key);
      break;
    case KeyRule::kHmacSalt: {
      alignas(64) uint32_t raw[kLaneBlock];
      LoadRawKeys(candidates, raw);
      std::fill_n(key, kLaneBlock, 0u);
      Hmac(raw, salt_blocks_, key);  // the derived key's words land in words 0..state_words_-1
      break;
    }
    case KeyRule::kHashConcat:
      DeriveConcatKeys(candidates, key);
      break;
  }
  Hmac(key, message_blocks_, out);
}

uint32_t MacLaneMatcher::Match(std::span<const std::string_view> candidates) const {
  alignas(64) uint32_t out[crypto::kSha256StateWords * kShaLanes];
  Compute(candidates.first(std::min(candidates.size(), kShaLanes)), out);
  uint32_t hits = 0;
  for (size_t l = 0; l < candidates.size() && l < kShaLanes; ++l) {
    if (out[l] == first_word_) hits |= 1u << l;
  }
  return hits;
}

std::vector<std::string> MacLaneMatcher::Macs(std::span<const std::string_view> candidates) const {
  alignas(64) uint32_t out[crypto::kSha256StateWords * kShaLanes];
  candidates = candidates.first(std::min(candidates.size(), kShaLanes));
  Compute(candidates, out);
  std::vector<std::string> macs(candidates.size());
  for (size_t l = 0; l < candidates.size(); ++l) {
    for (size_t w = 0; w < state_words_; ++w) {
      const uint32_t v = out[w * kShaLanes + l];
      for (int i = 3; i >= 0; --i) macs[l].push_back(static_cast<char>(v >> (8 * i)));
    }
  }
  return macs;
}

}  // namespace knox::analysis
