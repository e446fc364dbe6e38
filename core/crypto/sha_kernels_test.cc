#include "core/crypto/sha_kernels.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/crypto/digest.h"
#include "core/crypto/hmac.h"

namespace knox::crypto {
namespace {

using Messages = std::array<std::string, kShaLanes>;

constexpr Digest kAllDigests[] = {Digest::kSha1, Digest::kSha256, Digest::kSha384, Digest::kSha512};

// One hash function as the lane kernels see it: 32-bit words and 64-byte blocks (SHA-1/SHA-256) or
// 64-bit words and 128-byte blocks (SHA-384/512).
template <typename Word>
struct LaneHash {
  static constexpr size_t kBlockBytes = kShaBlockWords * sizeof(Word);
  size_t state_words;
  size_t digest_words;
  const Word* iv;
  void (*compress)(Word* state, const Word* block);
};

LaneHash<uint32_t> NarrowHash(ShaPath path, Digest d) {
  if (d == Digest::kSha1) return {kSha1StateWords, kSha1StateWords, kSha1Iv, Sha1Compress16(path)};
  return {kSha256StateWords, kSha256StateWords, kSha256Iv, Sha256Compress16(path)};
}

LaneHash<uint64_t> WideHash(ShaPath path, Digest d) {
  if (d == Digest::kSha384) {
    return {kSha512StateWords, kSha384DigestWords, kSha384Iv, Sha512Compress16(path)};
  }
  return {kSha512StateWords, kSha512StateWords, kSha512Iv, Sha512Compress16(path)};
}

// FIPS 180-4 §5.1.1 / §5.1.2 padding of one message: the length field is 8 bytes for 64-byte
// blocks and 16 bytes for 128-byte blocks.
std::string Pad(std::string m, size_t block_bytes) {
  const size_t length_bytes = block_bytes / 8;
  const uint64_t bits = uint64_t{m.size()} * 8;
  m.push_back('\x80');
  while (m.size() % block_bytes != block_bytes - length_bytes) m.push_back('\0');
  m.append(length_bytes - 8, '\0');
  for (int i = 7; i >= 0; --i) m.push_back(static_cast<char>(bits >> (8 * i)));
  return m;
}

template <typename Word>
Word BigEndianWord(const std::string& s, size_t at) {
  Word w = 0;
  for (size_t i = 0; i < sizeof(Word); ++i) w = w << 8 | static_cast<unsigned char>(s[at + i]);
  return w;
}

// Hashes 16 messages of different lengths with the lane kernel: every lane compresses every round
// (a finished lane gets filler blocks), and a lane's digest is taken after its own last block.
template <typename Word>
Messages HashLanes(const LaneHash<Word>& h, const Messages& messages) {
  constexpr size_t kBlock = LaneHash<Word>::kBlockBytes;
  std::array<std::string, kShaLanes> padded;
  size_t max_blocks = 0;
  for (size_t l = 0; l < kShaLanes; ++l) {
    padded[l] = Pad(messages[l], kBlock);
    max_blocks = std::max(max_blocks, padded[l].size() / kBlock);
  }
  std::vector<Word> state(h.state_words * kShaLanes), block(kShaBlockWords * kShaLanes);
  for (size_t w = 0; w < h.state_words; ++w) {
    for (size_t l = 0; l < kShaLanes; ++l) state[w * kShaLanes + l] = h.iv[w];
  }
  Messages out;
  for (size_t b = 0; b < max_blocks; ++b) {
    for (size_t l = 0; l < kShaLanes; ++l) {
      const bool has = (b + 1) * kBlock <= padded[l].size();
      for (size_t w = 0; w < kShaBlockWords; ++w) {
        block[w * kShaLanes + l] =
            has ? BigEndianWord<Word>(padded[l], b * kBlock + w * sizeof(Word))
                : static_cast<Word>(0x5a5a5a5a5a5a5a5aULL);
      }
    }
    h.compress(state.data(), block.data());
    for (size_t l = 0; l < kShaLanes; ++l) {
      if (padded[l].size() / kBlock != b + 1) continue;
      for (size_t w = 0; w < h.digest_words; ++w) {
        const Word v = state[w * kShaLanes + l];
        for (int i = sizeof(Word) - 1; i >= 0; --i)
          out[l].push_back(static_cast<char>(v >> (8 * i)));
      }
    }
  }
  return out;
}

Messages HashLanes(ShaPath path, Digest d, const Messages& messages) {
  if (d == Digest::kSha1 || d == Digest::kSha256) return HashLanes(NarrowHash(path, d), messages);
  return HashLanes(WideHash(path, d), messages);
}

size_t BlockBytes(Digest d) { return d == Digest::kSha1 || d == Digest::kSha256 ? 64 : 128; }

// RFC 2104 HMAC of every lane's own key and message, both hashes through the lane kernel.
Messages HmacLanes(ShaPath path, Digest d, const Messages& keys, const Messages& messages) {
  Messages inner_input, outer_key;
  for (size_t l = 0; l < kShaLanes; ++l) {
    std::string k0 = keys[l].size() > BlockBytes(d) ? Hash(d, keys[l]) : keys[l];
    k0.resize(BlockBytes(d), '\0');
    outer_key[l] = k0;
    for (char& c : k0) c ^= 0x36;
    inner_input[l] = k0 + messages[l];
  }
  const Messages inner = HashLanes(path, d, inner_input);
  Messages outer_input;
  for (size_t l = 0; l < kShaLanes; ++l) {
    for (char& c : outer_key[l]) c ^= 0x5c;
    outer_input[l] = outer_key[l] + inner[l];
  }
  return HashLanes(path, d, outer_input);
}

std::string RandomBytes(std::mt19937_64& rng, size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

class ShaKernelPathTest : public ::testing::TestWithParam<ShaPath> {
 protected:
  void SetUp() override {
    if (!ShaPathSupported(GetParam())) {
      GTEST_SKIP() << "this CPU cannot run the " << ShaPathName(GetParam()) << " path";
    }
  }
};

// Random messages of random lengths 0..400 (1 to 7 blocks of 64 bytes, 1 to 4 of 128: lanes
// finishing at different times) against OpenSSL's digests through core/crypto.
TEST_P(ShaKernelPathTest, MatchesOpenSslOnRandomMessages) {
  std::mt19937_64 rng(0x6b6e6f78 + static_cast<unsigned>(GetParam()));
  std::uniform_int_distribution<size_t> length(0, 400);
  for (Digest d : kAllDigests) {
    for (int round = 0; round < 40; ++round) {
      Messages messages;
      for (auto& m : messages) m = RandomBytes(rng, length(rng));
      Messages got = HashLanes(GetParam(), d, messages);
      for (size_t l = 0; l < kShaLanes; ++l) {
        ASSERT_EQ(got[l], Hash(d, messages[l]))
            << DigestName(d) << " lane " << l << " length " << messages[l].size();
      }
    }
  }
}

// The padding boundaries (55/56/63/64 bytes for 64-byte blocks, 111/112/127/128 for 128-byte
// blocks) and the FIPS 180-4 "abc" example.
TEST_P(ShaKernelPathTest, BoundaryLengths) {
  const size_t narrow[kShaLanes] = {0,  1,  3,   54,  55,  56,  57,  63,
                                    64, 65, 119, 120, 127, 128, 129, 300};
  const size_t wide[kShaLanes] = {0,   3,   110, 111, 112, 113, 127, 128,
                                  129, 239, 240, 255, 256, 257, 367, 368};
  for (Digest d : kAllDigests) {
    const size_t* lengths = BlockBytes(d) == 64 ? narrow : wide;
    Messages messages;
    for (size_t l = 0; l < kShaLanes; ++l) {
      messages[l] = std::string(lengths[l], static_cast<char>('a' + l));
    }
    messages[1] = "abc";
    Messages got = HashLanes(GetParam(), d, messages);
    for (size_t l = 0; l < kShaLanes; ++l) {
      EXPECT_EQ(got[l], Hash(d, messages[l])) << DigestName(d) << " length " << lengths[l];
    }
  }
}

// HMAC built from the lane kernel (keys of 0..300 bytes, so also longer than either block size and
// hashed first; messages of 0..300 bytes) against OpenSSL's HMAC, every lane with its own key.
TEST_P(ShaKernelPathTest, HmacMatchesOpenSsl) {
  std::mt19937_64 rng(0x686d6163 + static_cast<unsigned>(GetParam()));
  std::uniform_int_distribution<size_t> length(0, 300);
  for (Digest d : kAllDigests) {
    for (int round = 0; round < 20; ++round) {
      Messages keys, messages;
      for (size_t l = 0; l < kShaLanes; ++l) {
        keys[l] = RandomBytes(rng, length(rng));
        messages[l] = RandomBytes(rng, length(rng));
      }
      Messages got = HmacLanes(GetParam(), d, keys, messages);
      for (size_t l = 0; l < kShaLanes; ++l) {
        ASSERT_EQ(got[l], Hmac(d, keys[l], messages[l]))
            << DigestName(d) << " lane " << l << " key length " << keys[l].size()
            << " message length " << messages[l].size();
      }
    }
  }
}

// One lane's input changed: only that lane's state changes (no lane reads another's words).
TEST_P(ShaKernelPathTest, Sha512LanesAreIndependent) {
  std::vector<uint64_t> block(kShaBlockWords * kShaLanes), base(kSha512StateWords * kShaLanes);
  std::mt19937_64 rng(7);
  for (auto& w : block) w = rng();
  for (auto& w : base) w = rng();
  Sha512CompressFn compress = Sha512Compress16(GetParam());
  std::vector<uint64_t> reference = base;
  compress(reference.data(), block.data());
  for (size_t lane = 0; lane < kShaLanes; ++lane) {
    std::vector<uint64_t> changed = block, state = base;
    changed[9 * kShaLanes + lane] ^= 1;
    compress(state.data(), changed.data());
    for (size_t w = 0; w < kSha512StateWords; ++w) {
      for (size_t l = 0; l < kShaLanes; ++l) {
        const size_t i = w * kShaLanes + l;
        EXPECT_EQ(state[i] == reference[i], l != lane) << "lane " << lane << " word " << w;
      }
    }
  }
}

// A pair compression equals two single ones, and a fixed pair compression on precomputed round
// inputs equals the single one of the block broadcast to every lane, on each state (different
// states per lane); paths without fixed kernels say so (nullptr).
TEST_P(ShaKernelPathTest, PairAndFixedPairEqualSingleCompressions) {
  std::mt19937_64 rng(13);
  const size_t n = kSha256StateWords * kShaLanes;
  auto random_words = [&](size_t count) {
    std::vector<uint32_t> v(count);
    for (auto& w : v) w = static_cast<uint32_t>(rng());
    return v;
  };
  for (Digest d : {Digest::kSha1, Digest::kSha256}) {
    const bool sha1 = d == Digest::kSha1;
    ShaCompressFn single = sha1 ? Sha1Compress16(GetParam()) : Sha256Compress16(GetParam());
    ShaPairCompressFn pair =
        sha1 ? Sha1CompressPair16(GetParam()) : Sha256CompressPair16(GetParam());
    ShaFixedPairCompressFn fixed =
        sha1 ? Sha1CompressFixedPair16(GetParam()) : Sha256CompressFixedPair16(GetParam());
    EXPECT_EQ(fixed != nullptr, GetParam() == ShaPath::kAvx512);
    for (int round = 0; round < 20; ++round) {
      std::vector<uint32_t> a = random_words(n), b = random_words(n);
      const std::vector<uint32_t> block_a = random_words(kShaBlockWords * kShaLanes);
      const std::vector<uint32_t> block_b = random_words(kShaBlockWords * kShaLanes);
      std::vector<uint32_t> expected_a = a, expected_b = b;
      single(expected_a.data(), block_a.data());
      single(expected_b.data(), block_b.data());
      std::vector<uint32_t> got_a = a, got_b = b;
      pair(got_a.data(), block_a.data(), got_b.data(), block_b.data());
      EXPECT_EQ(got_a, expected_a) << DigestName(d) << " pair, round " << round;
      EXPECT_EQ(got_b, expected_b) << DigestName(d) << " pair, round " << round;
      if (fixed == nullptr) continue;

      const std::vector<uint32_t> one_block = random_words(kShaBlockWords);
      std::vector<uint32_t> broadcast(kShaBlockWords * kShaLanes);
      for (size_t w = 0; w < kShaBlockWords; ++w) {
        std::fill_n(broadcast.begin() + static_cast<ptrdiff_t>(w * kShaLanes), kShaLanes,
                    one_block[w]);
      }
      uint32_t inputs[kSha1Rounds];
      (sha1 ? Sha1RoundInputs : Sha256RoundInputs)(one_block.data(), inputs);
      expected_a = a;
      expected_b = b;
      single(expected_a.data(), broadcast.data());
      single(expected_b.data(), broadcast.data());
      fixed(a.data(), b.data(), inputs);
      EXPECT_EQ(a, expected_a) << DigestName(d) << " fixed, round " << round;
      EXPECT_EQ(b, expected_b) << DigestName(d) << " fixed, round " << round;
    }
  }
}

// Lane loading: every length 0..64 in every lane position, fewer than 16 strings (the rest zero),
// and strings ending at the end of their buffer (a masked load must not read past them: ASan).
TEST_P(ShaKernelPathTest, LoadLanesIsBigEndianZeroFilled) {
  std::mt19937_64 rng(11);
  LaneLoadFn load = LoadLanes16(GetParam());
  for (size_t count : {size_t{0}, size_t{1}, size_t{7}, size_t{15}, kShaLanes}) {
    for (size_t round = 0; round < 65; ++round) {
      std::vector<std::unique_ptr<char[]>> buffers;
      std::vector<std::string_view> views;
      for (size_t l = 0; l < count; ++l) {
        const size_t n = (round + 5 * l) % 65;
        buffers.push_back(std::make_unique<char[]>(n == 0 ? 1 : n));
        const std::string bytes = RandomBytes(rng, n);
        std::copy(bytes.begin(), bytes.end(), buffers.back().get());
        views.emplace_back(buffers.back().get(), n);
      }
      std::vector<uint32_t> block(kShaBlockWords * kShaLanes, 0xdeadbeef);
      load(views, block.data());
      for (size_t l = 0; l < kShaLanes; ++l) {
        std::string padded = l < count ? std::string(views[l]) : std::string();
        padded.resize(64, '\0');
        for (size_t w = 0; w < kShaBlockWords; ++w) {
          ASSERT_EQ(block[w * kShaLanes + l], BigEndianWord<uint32_t>(padded, 4 * w))
              << "lane " << l << " word " << w << " count " << count << " round " << round;
        }
      }
    }
  }
}

// The 64-bit words' loader: every length 0..128 in every lane position, exact-size buffers.
TEST_P(ShaKernelPathTest, LoadWideLanesIsBigEndianZeroFilled) {
  std::mt19937_64 rng(12);
  WideLaneLoadFn load = LoadWideLanes16(GetParam());
  for (size_t count : {size_t{0}, size_t{1}, size_t{9}, kShaLanes}) {
    for (size_t round = 0; round < 129; ++round) {
      std::vector<std::unique_ptr<char[]>> buffers;
      std::vector<std::string_view> views;
      for (size_t l = 0; l < count; ++l) {
        const size_t n = (round + 9 * l) % 129;
        buffers.push_back(std::make_unique<char[]>(n == 0 ? 1 : n));
        const std::string bytes = RandomBytes(rng, n);
        std::copy(bytes.begin(), bytes.end(), buffers.back().get());
        views.emplace_back(buffers.back().get(), n);
      }
      std::vector<uint64_t> block(kShaBlockWords * kShaLanes, 0xdeadbeefdeadbeef);
      load(views, block.data());
      for (size_t l = 0; l < kShaLanes; ++l) {
        std::string padded = l < count ? std::string(views[l]) : std::string();
        padded.resize(128, '\0');
        for (size_t w = 0; w < kShaBlockWords; ++w) {
          ASSERT_EQ(block[w * kShaLanes + l], BigEndianWord<uint64_t>(padded, 8 * w))
              << "lane " << l << " word " << w << " count " << count << " round " << round;
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Paths, ShaKernelPathTest,
                         ::testing::Values(ShaPath::kScalar, ShaPath::kShaNi, ShaPath::kAvx2,
                                           ShaPath::kAvx512),
                         [](const auto& param_info) {
                           return std::string(ShaPathName(param_info.param));
                         });

TEST(ShaKernels, PathNamesRoundTrip) {
  for (ShaPath p : AllShaPaths()) EXPECT_EQ(ParseShaPath(ShaPathName(p)).value(), p);
  EXPECT_EQ(ParseShaPath("sse9").error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(ShaPathSupported(ShaPath::kScalar));
  EXPECT_TRUE(ShaPathSupported(BestShaPath()));
}

// x86 has no SHA-512 in the SHA extensions: the SHA-NI path's SHA-512 is the AVX2 kernel.
TEST(ShaKernels, Sha512KernelPath) {
  for (ShaPath p : {ShaPath::kScalar, ShaPath::kAvx2, ShaPath::kAvx512}) {
    EXPECT_EQ(Sha512KernelPath(p), p);
  }
  EXPECT_EQ(Sha512KernelPath(ShaPath::kShaNi),
            ShaPathSupported(ShaPath::kAvx2) ? ShaPath::kAvx2 : ShaPath::kScalar);
}

TEST(ShaKernels, EnvironmentOverride) {
  const char* saved = std::getenv("KNOX_SIMD");
  std::string restore = saved ? saved : "";
  setenv("KNOX_SIMD", "scalar", 1);
  EXPECT_EQ(ShaPathFromEnvironment().value(), ShaPath::kScalar);
  setenv("KNOX_SIMD", "mmx", 1);
  EXPECT_EQ(ShaPathFromEnvironment().error().code, ErrorCode::kInvalidArgument);
  for (ShaPath p : AllShaPaths()) {
    setenv("KNOX_SIMD", std::string(ShaPathName(p)).c_str(), 1);
    EXPECT_EQ(ShaPathFromEnvironment().has_value(), ShaPathSupported(p)) << ShaPathName(p);
  }
  unsetenv("KNOX_SIMD");
  EXPECT_EQ(ShaPathFromEnvironment().value(), BestShaPath());
  if (saved) setenv("KNOX_SIMD", restore.c_str(), 1);
}

}  // namespace
}  // namespace knox::crypto
