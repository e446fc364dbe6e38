#include "conformance/analysis/entropy.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/base/base64.h"
#include "core/base/hex.h"

namespace knox::analysis {
namespace {

constexpr int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

// Deterministic stand-in for a CSPRNG, so the statistical verdicts are reproducible.
std::string RandomBytes(std::mt19937_64& rng, size_t n) {
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

std::vector<std::string> HexIds(size_t count, size_t bytes, uint64_t seed = 1) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> ids;
  for (size_t i = 0; i < count; ++i) ids.push_back(HexEncode(RandomBytes(rng, bytes)));
  return ids;
}

bool HasFinding(const EntropyReport& r, std::string_view kind) {
  for (const auto& f : r.structure) {
    if (f.kind == kind) return true;
  }
  return false;
}

TEST(Entropy, RandomHex128Passes) {
  auto ids = HexIds(200, 16);
  auto r = AnalyzeTokens(ids, kNow).value();
  EXPECT_EQ(r.alphabet, "hex");
  EXPECT_NEAR(r.effective_bits, 128, 4);
  EXPECT_FALSE(r.low_entropy);
  EXPECT_FALSE(r.non_random);
  ASSERT_TRUE(r.bit_tests);
  EXPECT_TRUE(r.bit_tests->passed());
  EXPECT_TRUE(r.structure.empty());
  EXPECT_EQ(r.confidence, "medium");
}

TEST(Entropy, RandomBase64UrlTailBitsAreNotHeldAgainstIt) {
  // 16 random bytes -> 22 base64url characters; the last one carries only 2 bits.
  std::mt19937_64 rng(7);
  std::vector<std::string> ids;
  for (int i = 0; i < 2000; ++i) {
    ids.push_back(
        Base64Encode(RandomBytes(rng, 16), Base64Alphabet::kUrl, Base64Padding::kUnpadded));
  }
  auto r = AnalyzeTokens(ids, kNow).value();
  EXPECT_EQ(r.alphabet, "base64url");
  EXPECT_NEAR(r.effective_bits, 128, 4);
  EXPECT_NEAR(r.positions.back().credited_bits, 2, 0.1);
  EXPECT_FALSE(r.non_random);
  EXPECT_EQ(r.confidence, "high");
}

TEST(Entropy, CounterIsCaught) {
  std::vector<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.push_back(std::to_string(100000 + 3 * i));
  auto r = AnalyzeTokens(ids, kNow).value();
  EXPECT_TRUE(HasFinding(r, "counter"));
  EXPECT_LT(r.effective_bits, 4);
  EXPECT_TRUE(r.low_entropy);
}

TEST(Entropy, TimestampPrefixIsCaught) {
  // 8 hex digits of Unix seconds + 8 random hex digits: 32 random bits and a guessable time.
  std::mt19937_64 rng(3);
  std::vector<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    char ts[16];
    std::snprintf(ts, sizeof(ts), "%08llx", static_cast<unsigned long long>(kNow - 500 + 5 * i));
    ids.push_back(ts + HexEncode(RandomBytes(rng, 4)));
  }
  auto r = AnalyzeTokens(ids, kNow).value();
  EXPECT_TRUE(HasFinding(r, "timestamp"));
  EXPECT_LT(r.effective_bits, 45);
  EXPECT_TRUE(r.low_entropy);
}

TEST(Entropy, DecimalMillisecondTimestampIsCaught) {
  std::vector<std::string> ids;
  for (int i = 0; i < 50; ++i) ids.push_back(std::to_string(kNow * 1000 + 137 * i));
  auto r = AnalyzeTokens(ids, kNow).value();
  EXPECT_TRUE(HasFinding(r, "timestamp") || HasFinding(r, "counter"));
  EXPECT_TRUE(r.low_entropy);
}

TEST(Entropy, UuidV1IsCaught) {
  std::mt19937_64 rng(5);
  std::vector<std::string> ids;
  for (int i = 0; i < 50; ++i) {
    char buf[40];
    unsigned long long t = 0x1f0a1b2c3d4e5f6ULL + 10000ULL * static_cast<unsigned long long>(i);
    std::snprintf(buf, sizeof(buf), "%08llx-%04llx-1%03llx-%04x-0242ac120002", t & 0xffffffffULL,
                  (t >> 32) & 0xffff, (t >> 48) & 0xfff,
                  static_cast<unsigned>(0x8000 | (rng() & 0x3fff)));
    ids.emplace_back(buf);
  }
  auto r = AnalyzeTokens(ids, kNow).value();
  EXPECT_TRUE(HasFinding(r, "uuid-v1"));
  EXPECT_LE(r.effective_bits, 14);
  EXPECT_TRUE(r.low_entropy);
}

TEST(Entropy, ShortRandomIdsAreLow) {
  auto r = AnalyzeTokens(HexIds(300, 4), kNow).value();
  EXPECT_NEAR(r.effective_bits, 32, 2);
  EXPECT_TRUE(r.low_entropy);
  EXPECT_FALSE(r.non_random);
}

TEST(Entropy, BiasedGeneratorIsCaught) {
  // Each byte is the AND of two random bytes: ones appear with probability 1/4.
  std::mt19937_64 rng(11);
  std::vector<std::string> ids;
  for (int i = 0; i < 500; ++i) {
    std::string a = RandomBytes(rng, 16);
    std::string b = RandomBytes(rng, 16);
    for (size_t k = 0; k < a.size(); ++k) a[k] = static_cast<char>(a[k] & b[k]);
    ids.push_back(HexEncode(a));
  }
  auto r = AnalyzeTokens(ids, kNow).value();
  EXPECT_TRUE(r.non_random);
  ASSERT_TRUE(r.bit_tests);
  EXPECT_LT(r.bit_tests->monobit_p, 1e-4);
  EXPECT_LT(r.effective_bits, 120);  // positions are no longer uniform
}

TEST(Entropy, DuplicatesCapTheEstimate) {
  auto ids = HexIds(10, 16);
  auto copy = ids;
  ids.insert(ids.end(), copy.begin(), copy.end());
  auto r = AnalyzeTokens(ids, kNow).value();
  EXPECT_TRUE(HasFinding(r, "duplicate"));
  EXPECT_TRUE(r.low_entropy);
}

TEST(Entropy, ConstantPrefixGetsNoCredit) {
  auto ids = HexIds(200, 16);
  for (auto& id : ids) id = "sess_" + id;
  auto r = AnalyzeTokens(ids, kNow).value();
  EXPECT_TRUE(HasFinding(r, "constant"));
  EXPECT_EQ(r.alphabet, "hex");
  EXPECT_NEAR(r.effective_bits, 128, 4);
}

TEST(Entropy, BadInput) {
  std::vector<std::string> one = {"abc"};
  EXPECT_EQ(AnalyzeTokens(one, kNow).error().code, ErrorCode::kInvalidArgument);
  std::vector<std::string> with_empty = {"abc", ""};
  EXPECT_EQ(AnalyzeTokens(with_empty, kNow).error().code, ErrorCode::kInvalidArgument);
  std::vector<std::string> too_long = {"a", std::string(5000, 'b')};
  EXPECT_EQ(AnalyzeTokens(too_long, kNow).error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace knox::analysis
