#include "core/crypto/sha_kernels.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/crypto/digest.h"

namespace knox::crypto {
namespace {

using Messages = std::array<std::string, kShaLanes>;

size_t StateWords(Digest d) { return d == Digest::kSha1 ? kSha1StateWords : kSha256StateWords; }

// FIPS 180-4 §5.1.1 padding of one message.
std::string Pad(std::string m) {
  const uint64_t bits = uint64_t{m.size()} * 8;
  m.push_back('\x80');
  while (m.size() % 64 != 56) m.push_back('\0');
  for (int i = 7; i >= 0; --i) m.push_back(static_cast<char>(bits >> (8 * i)));
  return m;
}

uint32_t BigEndianWord(const std::string& s, size_t at) {
  auto b = [&](size_t i) { return uint32_t{static_cast<unsigned char>(s[at + i])}; };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

// Hashes 16 messages of different lengths with the lane kernel: every lane compresses every round,
// and a lane's digest is taken after its own last block.
Messages HashLanes(ShaPath path, Digest d, const Messages& messages) {
  const size_t words = StateWords(d);
  const uint32_t* iv = d == Digest::kSha1 ? kSha1Iv : kSha256Iv;
  ShaCompressFn compress = d == Digest::kSha1 ? Sha1Compress16(path) : Sha256Compress16(path);
  std::array<std::string, kShaLanes> padded;
  size_t max_blocks = 0;
  for (size_t l = 0; l < kShaLanes; ++l) {
    padded[l] = Pad(messages[l]);
    max_blocks = std::max(max_blocks, padded[l].size() / 64);
  }
  std::vector<uint32_t> state(words * kShaLanes), block(kShaBlockWords * kShaLanes);
  for (size_t w = 0; w < words; ++w) {
    for (size_t l = 0; l < kShaLanes; ++l) state[w * kShaLanes + l] = iv[w];
  }
  Messages out;
  for (size_t b = 0; b < max_blocks; ++b) {
    for (size_t l = 0; l < kShaLanes; ++l) {
      for (size_t w = 0; w < kShaBlockWords; ++w) {
        bool has = (b + 1) * 64 <= padded[l].size();
        block[w * kShaLanes + l] = has ? BigEndianWord(padded[l], b * 64 + w * 4) : 0x5a5a5a5a;
      }
    }
    compress(state.data(), block.data());
    for (size_t l = 0; l < kShaLanes; ++l) {
      if (padded[l].size() / 64 != b + 1) continue;
      for (size_t w = 0; w < words; ++w) {
        uint32_t v = state[w * kShaLanes + l];
        for (int i = 3; i >= 0; --i) out[l].push_back(static_cast<char>(v >> (8 * i)));
      }
    }
  }
  return out;
}

class ShaKernelPathTest : public ::testing::TestWithParam<ShaPath> {
 protected:
  void SetUp() override {
    if (!ShaPathSupported(GetParam())) {
      GTEST_SKIP() << "this CPU cannot run the " << ShaPathName(GetParam()) << " path";
    }
  }
};

// Random messages of random lengths 0..300 (so 1 to 6 blocks, lanes finishing at different times)
// against OpenSSL's digests through core/crypto.
TEST_P(ShaKernelPathTest, MatchesOpenSslOnRandomMessages) {
  std::mt19937_64 rng(0x6b6e6f78 + static_cast<unsigned>(GetParam()));
  std::uniform_int_distribution<size_t> length(0, 300);
  for (Digest d : {Digest::kSha1, Digest::kSha256}) {
    for (int round = 0; round < 40; ++round) {
      Messages messages;
      for (auto& m : messages) {
        m.resize(length(rng));
        for (char& c : m) c = static_cast<char>(rng());
      }
      Messages got = HashLanes(GetParam(), d, messages);
      for (size_t l = 0; l < kShaLanes; ++l) {
        ASSERT_EQ(got[l], Hash(d, messages[l]))
            << DigestName(d) << " lane " << l << " length " << messages[l].size();
      }
    }
  }
}

// The padding boundaries (55/56/63/64 bytes) and the FIPS 180-4 "abc" example.
TEST_P(ShaKernelPathTest, BoundaryLengths) {
  Messages messages;
  const size_t lengths[kShaLanes] = {0,  1,  3,   54,  55,  56,  57,  63,
                                     64, 65, 119, 120, 127, 128, 129, 300};
  for (size_t l = 0; l < kShaLanes; ++l)
    messages[l] = std::string(lengths[l], static_cast<char>('a' + l));
  messages[2] = "abc";
  for (Digest d : {Digest::kSha1, Digest::kSha256}) {
    Messages got = HashLanes(GetParam(), d, messages);
    for (size_t l = 0; l < kShaLanes; ++l) EXPECT_EQ(got[l], Hash(d, messages[l])) << l;
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
