#include "conformance/analysis/mac_lanes.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "core/crypto/aes_gcm.h"
#include "core/crypto/digest.h"
#include "core/crypto/hmac.h"
#include "core/crypto/pbkdf2_lanes.h"
#include "core/crypto/secret_bytes.h"

namespace knox::analysis {

// What Match and Macs need from an engine of either word size.
class MacLaneMatcher::Engine {
 public:
  virtual ~Engine() = default;
  virtual uint32_t Match(std::span<const std::string_view> candidates) const = 0;
  virtual std::vector<std::string> Macs(std::span<const std::string_view> candidates) const = 0;
};

namespace {

using crypto::kShaBlockWords;
using crypto::kShaLanes;
constexpr size_t kMaxStateWords = 8;

// The hash family of one word size: SHA-1/SHA-256 (32-bit words, 64-byte blocks, an 8-byte length
// field) or SHA-384/512 (64-bit words, 128-byte blocks, a 16-byte length field), FIPS 180-4
// §5.1.1-§5.1.2.
template <typename Word>
struct Family {
  static constexpr size_t kWordBytes = sizeof(Word);
  static constexpr size_t kBlockBytes = kShaBlockWords * kWordBytes;
  static constexpr size_t kLengthBytes = 2 * kWordBytes;
  static constexpr size_t kLaneBlock = kShaBlockWords * kShaLanes;  // words of a 16-lane block
  static constexpr Word kIpad = static_cast<Word>(0x3636363636363636ULL);
  static constexpr Word kOpad = static_cast<Word>(0x5c5c5c5c5c5c5c5cULL);
  static constexpr Word kPadBit = Word{0x80} << (8 * kWordBytes - 8);
  using Compress = void (*)(Word* state, const Word* block);
};

// One digest's compression function (on the path asked for), IV, state and digest sizes in words.
template <typename Word>
struct Kernel {
  typename Family<Word>::Compress compress;
  const Word* iv;
  size_t state_words;
  size_t digest_words;
  void (*load)(std::span<const std::string_view> bytes, Word* block) = nullptr;  // short keys
  crypto::ShaPairCompressFn pair = nullptr;  // 32-bit words only: two groups' blocks at once
  // 32-bit words only, where the path has one: blocks shared by every lane from their round inputs.
  crypto::ShaFixedPairCompressFn compress_fixed = nullptr;
  void (*round_inputs)(const uint32_t* block, uint32_t* inputs) = nullptr;
  size_t rounds = 0;
};

Kernel<uint32_t> NarrowKernel(crypto::Digest d, crypto::ShaPath path) {
  const bool sha1 = d == crypto::Digest::kSha1;
  Kernel<uint32_t> k{};
  k.compress = sha1 ? crypto::Sha1Compress16(path) : crypto::Sha256Compress16(path);
  k.iv = sha1 ? crypto::kSha1Iv : crypto::kSha256Iv;
  k.state_words = k.digest_words = sha1 ? crypto::kSha1StateWords : crypto::kSha256StateWords;
  k.load = crypto::LoadLanes16(path);
  k.pair = sha1 ? crypto::Sha1CompressPair16(path) : crypto::Sha256CompressPair16(path);
  k.compress_fixed =
      sha1 ? crypto::Sha1CompressFixedPair16(path) : crypto::Sha256CompressFixedPair16(path);
  k.round_inputs = sha1 ? &crypto::Sha1RoundInputs : &crypto::Sha256RoundInputs;
  k.rounds = sha1 ? crypto::kSha1Rounds : crypto::kSha256Rounds;
  return k;
}

Kernel<uint64_t> WideKernel(crypto::Digest d, crypto::ShaPath path) {
  Kernel<uint64_t> k{};
  k.compress = crypto::Sha512Compress16(path);
  k.load = crypto::LoadWideLanes16(path);
  k.iv = d == crypto::Digest::kSha384 ? crypto::kSha384Iv : crypto::kSha512Iv;
  k.state_words = crypto::kSha512StateWords;
  k.digest_words =
      d == crypto::Digest::kSha384 ? crypto::kSha384DigestWords : crypto::kSha512StateWords;
  return k;
}

template <typename Word>
void Broadcast(const Word* words, size_t n, Word* soa) {
  for (size_t w = 0; w < n; ++w) std::fill_n(soa + w * kShaLanes, kShaLanes, words[w]);
}

// Lane `lane` of a block := `bytes` (at most one block) as big-endian words, zero-filled.
template <typename Word>
void PutLaneBytes(Word* block, size_t lane, std::string_view bytes) {
  constexpr size_t kWordBytes = sizeof(Word);
  Word words[kShaBlockWords] = {};
  for (size_t i = 0; i < bytes.size(); ++i) {
    words[i / kWordBytes] |= Word{static_cast<unsigned char>(bytes[i])}
                             << (8 * (kWordBytes - 1 - i % kWordBytes));
  }
  for (size_t w = 0; w < kShaBlockWords; ++w) block[w * kShaLanes + lane] = words[w];
}

// The big-endian bytes of `n` words of lane `lane`.
template <typename Word>
std::string LaneBytes(const Word* soa, size_t lane, size_t n) {
  std::string out;
  for (size_t w = 0; w < n; ++w) {
    const Word v = soa[w * kShaLanes + lane];
    for (size_t i = sizeof(Word); i-- > 0;) out.push_back(static_cast<char>(v >> (8 * i)));
  }
  return out;
}

// FIPS 180-4 padding of `tail` when `prior` bytes were hashed before it.
template <typename Word>
std::string PadTail(std::string_view tail, uint64_t prior) {
  using F = Family<Word>;
  std::string m(tail);
  const uint64_t bits = (prior + tail.size()) * 8;
  m.push_back('\x80');
  while (m.size() % F::kBlockBytes != F::kBlockBytes - F::kLengthBytes) m.push_back('\0');
  m.append(F::kLengthBytes - 8, '\0');
  for (int i = 7; i >= 0; --i) m.push_back(static_cast<char>(bits >> (8 * i)));
  return m;
}

// The padded `tail` as lane blocks, every lane holding the same words.
template <typename Word>
std::vector<Word> BroadcastBlocks(std::string_view tail, uint64_t prior) {
  using F = Family<Word>;
  const std::string padded = PadTail<Word>(tail, prior);
  std::vector<Word> blocks(padded.size() / F::kBlockBytes * F::kLaneBlock);
  for (size_t b = 0; b * F::kBlockBytes < padded.size(); ++b) {
    for (size_t l = 0; l < kShaLanes; ++l) {
      PutLaneBytes(blocks.data() + b * F::kLaneBlock, l,
                   std::string_view(padded).substr(b * F::kBlockBytes, F::kBlockBytes));
    }
  }
  return blocks;
}

// Padded message blocks that every lane shares, as lane blocks (the block broadcast) and, where
// the path has fixed kernels, as each block's round inputs.
template <typename Word>
struct SharedBlocks {
  std::vector<Word> lanes;             // count * kLaneBlock words
  std::vector<uint32_t> round_inputs;  // count * rounds words (32-bit words, fixed kernels only)
  size_t count = 0;
};

template <typename Word>
SharedBlocks<Word> MakeSharedBlocks(std::string_view tail, uint64_t prior, const Kernel<Word>& k) {
  using F = Family<Word>;
  SharedBlocks<Word> shared;
  shared.lanes = BroadcastBlocks<Word>(tail, prior);
  shared.count = shared.lanes.size() / F::kLaneBlock;
  if constexpr (sizeof(Word) == sizeof(uint32_t)) {
    if (k.compress_fixed != nullptr) {
      shared.round_inputs.resize(shared.count * k.rounds);
      for (size_t b = 0; b < shared.count; ++b) {
        uint32_t words[kShaBlockWords];
        for (size_t w = 0; w < kShaBlockWords; ++w) {
          words[w] = shared.lanes[b * F::kLaneBlock + w * kShaLanes];
        }
        k.round_inputs(words, shared.round_inputs.data() + b * k.rounds);
      }
    }
  }
  return shared;
}

// The matcher of one word size.
template <typename Word>
class WordEngine final : public MacLaneMatcher::Engine {
  using F = Family<Word>;

 public:
  WordEngine(const MacPlan& plan, const Kernel<Word>& kernel,
             std::optional<crypto::Pbkdf2Lanes> pbkdf2)
      : plan_(plan), kernel_(kernel), pbkdf2_(std::move(pbkdf2)) {
    message_blocks_ = MakeSharedBlocks<Word>(plan.message, F::kBlockBytes, kernel_);
    if (plan.key_rule == KeyRule::kHmacSalt) {
      salt_blocks_ = MakeSharedBlocks<Word>(plan.salt, F::kBlockBytes, kernel_);
    }
    if (plan.key_rule == KeyRule::kHashConcat) HashPrefix();
    const auto* mac = reinterpret_cast<const unsigned char*>(plan.mac.data());
    for (size_t i = 0; i < sizeof(Word); ++i) first_word_ = first_word_ << 8 | mac[i];
  }

  uint32_t Match(std::span<const std::string_view> candidates) const override {
    alignas(64) Word out[kGroups][kMaxStateWords * kShaLanes];
    candidates = candidates.first(std::min(candidates.size(), MacLaneMatcher::kWidth));
    Compute(candidates, out);
    uint32_t hits = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (out[i / kShaLanes][i % kShaLanes] == first_word_) hits |= 1u << i;
    }
    return hits;
  }

  std::vector<std::string> Macs(std::span<const std::string_view> candidates) const override {
    alignas(64) Word out[kGroups][kMaxStateWords * kShaLanes];
    candidates = candidates.first(std::min(candidates.size(), MacLaneMatcher::kWidth));
    Compute(candidates, out);
    std::vector<std::string> macs(candidates.size());
    for (size_t i = 0; i < candidates.size(); ++i) {
      macs[i] = LaneBytes(out[i / kShaLanes], i % kShaLanes, kernel_.digest_words);
    }
    return macs;
  }

 private:
  // kHashConcat: the state after the prefix's whole blocks, shared by every candidate.
  void HashPrefix() {
    prefix_state_.resize(kernel_.state_words * kShaLanes);
    Broadcast(kernel_.iv, kernel_.state_words, prefix_state_.data());
    std::vector<Word> block(F::kLaneBlock);
    std::string_view prefix = plan_.salt;
    while (prefix.size() >= F::kBlockBytes) {
      for (size_t l = 0; l < kShaLanes; ++l) {
        PutLaneBytes(block.data(), l, prefix.substr(0, F::kBlockBytes));
      }
      kernel_.compress(prefix_state_.data(), block.data());
      prefix.remove_prefix(F::kBlockBytes);
      prefix_hashed_bytes_ += F::kBlockBytes;
    }
    prefix_tail_ = std::string(prefix);
  }

  // Two groups of 16 lanes (candidates 0..15 and 16..31) go through the kernels side by side.
  static constexpr size_t kGroups = MacLaneMatcher::kWidth / kShaLanes;
  using LaneBlocks = Word[kGroups][F::kLaneBlock];
  using LaneStates = Word[kGroups][kMaxStateWords * kShaLanes];

  // The plan's MAC state words of every lane: out[group][w * kShaLanes + lane].
  void Compute(std::span<const std::string_view> candidates, LaneStates& out) const {
    const size_t first = std::min(candidates.size(), kShaLanes);
    const std::span<const std::string_view> group[kGroups] = {candidates.first(first),
                                                              candidates.subspan(first)};
    alignas(64) LaneBlocks key = {};  // every rule writes all of it; g++ cannot see that
    switch (plan_.key_rule) {
      case KeyRule::kRaw:
        for (size_t g = 0; g < kGroups; ++g) LoadRawKeys(group[g], key[g]);
        break;
      case KeyRule::kHmacSalt: {
        alignas(64) LaneBlocks raw;
        for (size_t g = 0; g < kGroups; ++g) LoadRawKeys(group[g], raw[g]);
        alignas(64) LaneStates derived;
        Hmac(raw, salt_blocks_, derived);
        // The derived key is the digest: the state words past it (SHA-384's last two) are not key.
        for (size_t g = 0; g < kGroups; ++g) {
          std::copy_n(derived[g], kernel_.digest_words * kShaLanes, key[g]);
          std::fill(key[g] + kernel_.digest_words * kShaLanes, key[g] + F::kLaneBlock, Word{0});
        }
        break;
      }
      case KeyRule::kHashConcat:
        for (size_t g = 0; g < kGroups; ++g) DeriveConcatKeys(group[g], key[g]);
        break;
      case KeyRule::kPbkdf2:
        // At most one block of key (Create): HMAC takes it as it is, zero-filled.
        for (size_t g = 0; g < kGroups; ++g) {
          std::fill_n(key[g], F::kLaneBlock, Word{0});
          if constexpr (sizeof(Word) == sizeof(uint32_t)) {
            if (!group[g].empty()) pbkdf2_->Derive(group[g], key[g]);
          }
        }
        break;
    }
    Hmac(key, message_blocks_, out);
  }

  void LoadRawKeys(std::span<const std::string_view> candidates, Word* key) const {
    const bool all_fit = std::all_of(candidates.begin(), candidates.end(),
                                     [](std::string_view c) { return c.size() <= F::kBlockBytes; });
    if (all_fit) {
      kernel_.load(candidates, key);
      return;
    }
    for (size_t l = 0; l < kShaLanes; ++l) {
      std::string_view secret = l < candidates.size() ? candidates[l] : std::string_view();
      if (secret.size() > F::kBlockBytes) {
        PutLaneBytes(key, l, crypto::Hash(plan_.digest, secret));  // RFC 2104: hash long keys
      } else {
        PutLaneBytes(key, l, secret);
      }
    }
  }

  // H(prefix + secret): lanes of one or two blocks go through the kernel together (a one-block
  // lane keeps its state from after the first block); longer inputs are hashed per lane.
  void DeriveConcatKeys(std::span<const std::string_view> candidates, Word* key) const {
    alignas(64) Word first[F::kLaneBlock] = {};
    alignas(64) Word second[F::kLaneBlock] = {};
    alignas(64) Word state[kMaxStateWords * kShaLanes];
    std::copy(prefix_state_.begin(), prefix_state_.end(), state);
    uint32_t two_blocks = 0, long_input = 0;
    char buf[2 * F::kBlockBytes];
    for (size_t l = 0; l < kShaLanes; ++l) {
      std::string_view secret = l < candidates.size() ? candidates[l] : std::string_view();
      const size_t n = prefix_tail_.size() + secret.size();
      if (n + 1 + F::kLengthBytes > sizeof(buf)) {
        long_input |= 1u << l;
        continue;
      }
      const size_t blocks = n + 1 + F::kLengthBytes > F::kBlockBytes ? 2 : 1;
      std::memset(buf, 0, sizeof(buf));
      std::memcpy(buf, prefix_tail_.data(), prefix_tail_.size());
      if (!secret.empty()) std::memcpy(buf + prefix_tail_.size(), secret.data(), secret.size());
      buf[n] = '\x80';
      const uint64_t bits = (prefix_hashed_bytes_ + n) * 8;
      for (size_t i = 0; i < 8; ++i) {
        buf[blocks * F::kBlockBytes - 1 - i] = static_cast<char>(bits >> (8 * i));
      }
      PutLaneBytes(first, l, std::string_view(buf, F::kBlockBytes));
      if (blocks == 2) {
        PutLaneBytes(second, l, std::string_view(buf + F::kBlockBytes, F::kBlockBytes));
        two_blocks |= 1u << l;
      }
    }
    std::fill_n(key, F::kLaneBlock, Word{0});
    kernel_.compress(state, first);
    auto take = [&](uint32_t lanes) {
      for (size_t w = 0; w < kernel_.digest_words; ++w) {
        for (size_t l = 0; l < kShaLanes; ++l) {
          if (lanes & (1u << l)) key[w * kShaLanes + l] = state[w * kShaLanes + l];
        }
      }
    };
    take(~two_blocks & ~long_input);
    if (two_blocks != 0) {
      kernel_.compress(state, second);
      take(two_blocks);
    }
    for (size_t l = 0; l < kShaLanes; ++l) {
      if ((long_input & (1u << l)) == 0) continue;
      std::string input = plan_.salt;
      input.append(candidates[l]);
      PutLaneBytes(key, l, crypto::Hash(plan_.digest, input));
    }
  }

  // Two groups' blocks through the kernel at once (the pair kernel for 32-bit words).
  void Pair(Word* state_a, const Word* block_a, Word* state_b, const Word* block_b) const {
    if constexpr (sizeof(Word) == sizeof(uint32_t)) {
      kernel_.pair(state_a, block_a, state_b, block_b);
    } else {
      kernel_.compress(state_a, block_a);
      kernel_.compress(state_b, block_b);
    }
  }

  // Both groups' states through one block every lane shares.
  void Shared(LaneStates& state, const SharedBlocks<Word>& blocks, size_t b) const {
    if constexpr (sizeof(Word) == sizeof(uint32_t)) {
      if (!blocks.round_inputs.empty()) {
        kernel_.compress_fixed(state[0], state[1], blocks.round_inputs.data() + b * kernel_.rounds);
        return;
      }
    }
    const Word* block = blocks.lanes.data() + b * F::kLaneBlock;
    Pair(state[0], block, state[1], block);
  }

  // HMAC of a fixed padded message (blocks every lane shares) under per-lane key blocks, for both
  // groups; `out` receives the outer hash's state words. The inner and outer key blocks of a group
  // are independent, so they share one pair compression; so do the two groups' message blocks
  // and their final blocks.
  void Hmac(const LaneBlocks& key, const SharedBlocks<Word>& message, LaneStates& out) const {
    alignas(64) LaneBlocks inner_block, outer_block;
    alignas(64) LaneStates inner;
    for (size_t g = 0; g < kGroups; ++g) {
      Broadcast(kernel_.iv, kernel_.state_words, inner[g]);
      Broadcast(kernel_.iv, kernel_.state_words, out[g]);
      for (size_t i = 0; i < F::kLaneBlock; ++i) {
        inner_block[g][i] = key[g][i] ^ F::kIpad;
        outer_block[g][i] = key[g][i] ^ F::kOpad;
      }
      Pair(inner[g], inner_block[g], out[g], outer_block[g]);
    }
    for (size_t b = 0; b < message.count; ++b) Shared(inner, message, b);
    // The outer message is the inner digest, padded: one block for every digest here.
    const size_t digest_words = kernel_.digest_words;
    const Word length_bits = static_cast<Word>((F::kBlockBytes + digest_words * sizeof(Word)) * 8);
    for (size_t g = 0; g < kGroups; ++g) {
      // Row by row (a fixed-size copy or fill each, inlined): one library call per block cost
      // more than the rows themselves.
      for (size_t w = 0; w < kShaBlockWords; ++w) {
        Word* row = outer_block[g] + w * kShaLanes;
        if (w < digest_words) {
          std::memcpy(row, inner[g] + w * kShaLanes, kShaLanes * sizeof(Word));
        } else {
          const Word value = w == digest_words ? F::kPadBit : w == 15 ? length_bits : Word{0};
          for (size_t l = 0; l < kShaLanes; ++l) row[l] = value;
        }
      }
    }
    Pair(out[0], outer_block[0], out[1], outer_block[1]);
  }

  MacPlan plan_;
  Kernel<Word> kernel_;
  std::optional<crypto::Pbkdf2Lanes> pbkdf2_;  // kPbkdf2 (SHA-1/SHA-256 MACs only)
  SharedBlocks<Word> message_blocks_;          // the message after a key block, padded
  SharedBlocks<Word> salt_blocks_;             // kHmacSalt: the salt after a key block, padded
  std::vector<Word> prefix_state_;             // kHashConcat: state after the prefix's whole blocks
  std::string prefix_tail_;                    // kHashConcat: the prefix bytes after those blocks
  uint64_t prefix_hashed_bytes_ = 0;
  Word first_word_ = 0;
};

// kAesGcm: the PBKDF2 keys in lanes, then each lane's tag checked through core/crypto (OpenSSL).
// Exact, so every lane it flags holds a key that opens the ciphertext; the check costs about as
// much as a few compressions, against the derivation's thousands.
class GcmEngine final : public MacLaneMatcher::Engine {
 public:
  GcmEngine(const MacPlan& plan, crypto::Pbkdf2Lanes pbkdf2)
      : plan_(plan), pbkdf2_(std::move(pbkdf2)) {}

  uint32_t Match(std::span<const std::string_view> candidates) const override {
    auto keys = Macs(candidates);
    uint32_t hits = 0;
    for (size_t l = 0; l < keys.size(); ++l) {
      if (crypto::AesGcmDecrypt(keys[l], plan_.iv, "", plan_.message, plan_.mac)) hits |= 1u << l;
      crypto::Cleanse(keys[l].data(), keys[l].size());
    }
    return hits;
  }

  // The derived AES keys: without the plaintext there is no tag to compute.
  std::vector<std::string> Macs(std::span<const std::string_view> candidates) const override {
    candidates = candidates.first(std::min(candidates.size(), MacLaneMatcher::kWidth));
    std::vector<std::string> keys;
    for (size_t at = 0; at < candidates.size(); at += kShaLanes) {
      auto group =
          pbkdf2_.DeriveBytes(candidates.subspan(at, std::min(kShaLanes, candidates.size() - at)));
      for (auto& key : group) keys.push_back(std::move(key));
    }
    return keys;
  }

 private:
  MacPlan plan_;
  crypto::Pbkdf2Lanes pbkdf2_;
};

bool NarrowDigest(crypto::Digest d) {
  return d == crypto::Digest::kSha1 || d == crypto::Digest::kSha256;
}

// The plan's shape, before any lane is set up.
Result<void> CheckPlan(const MacPlan& plan) {
  if (plan.check == MacCheck::kAesGcm) {
    const bool aes_key = plan.key_length == 16 || plan.key_length == 24 || plan.key_length == 32;
    if (plan.key_rule != KeyRule::kPbkdf2 || !aes_key || plan.mac.size() != crypto::kGcmTagSize ||
        plan.iv.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "fast AES-GCM plans take a PBKDF2 AES key, a nonce and a 16-byte tag");
    }
    return {};
  }
  if (!token::FastDigest(plan.digest) || plan.mac.size() != crypto::DigestSize(plan.digest)) {
    return Fail(ErrorCode::kInvalidArgument,
                "fast MAC plans are HMAC-SHA1, -SHA256, -SHA384 or -SHA512 with a whole MAC");
  }
  if (plan.key_rule == KeyRule::kPbkdf2 && (!NarrowDigest(plan.digest) || plan.key_length > 64)) {
    return Fail(ErrorCode::kInvalidArgument,
                "fast PBKDF2 plans take HMAC-SHA1 or -SHA256 with a key of at most 64 bytes");
  }
  return {};
}

}  // namespace

MacLaneMatcher::MacLaneMatcher(std::unique_ptr<const Engine> engine, crypto::ShaPath path)
    : engine_(std::move(engine)), path_(path) {}
MacLaneMatcher::MacLaneMatcher(MacLaneMatcher&&) noexcept = default;
MacLaneMatcher& MacLaneMatcher::operator=(MacLaneMatcher&&) noexcept = default;
MacLaneMatcher::~MacLaneMatcher() = default;

Result<MacLaneMatcher> MacLaneMatcher::Create(const MacPlan& plan, crypto::ShaPath path) {
  if (!crypto::ShaPathSupported(path)) {
    return Fail(ErrorCode::kInvalidArgument, "this CPU cannot run the requested SIMD path");
  }
  if (auto ok = CheckPlan(plan); !ok) return std::unexpected(ok.error());
  std::optional<crypto::Pbkdf2Lanes> pbkdf2;
  if (plan.key_rule == KeyRule::kPbkdf2) {
    auto lanes = crypto::Pbkdf2Lanes::Create(plan.key_digest, path, plan.salt, plan.iterations,
                                             plan.key_length);
    if (!lanes) return std::unexpected(lanes.error());
    pbkdf2.emplace(std::move(*lanes));
  }
  std::unique_ptr<const Engine> engine;
  if (plan.check == MacCheck::kAesGcm) {
    engine = std::make_unique<GcmEngine>(plan, std::move(*pbkdf2));
  } else if (NarrowDigest(plan.digest)) {
    engine = std::make_unique<WordEngine<uint32_t>>(plan, NarrowKernel(plan.digest, path),
                                                    std::move(pbkdf2));
  } else {
    engine =
        std::make_unique<WordEngine<uint64_t>>(plan, WideKernel(plan.digest, path), std::nullopt);
  }
  return MacLaneMatcher(std::move(engine), path);
}

uint32_t MacLaneMatcher::Match(std::span<const std::string_view> candidates) const {
  return engine_->Match(candidates);
}

std::vector<std::string> MacLaneMatcher::Macs(std::span<const std::string_view> candidates) const {
  return engine_->Macs(candidates);
}

}  // namespace knox::analysis
