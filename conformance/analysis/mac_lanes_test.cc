#include "conformance/analysis/mac_lanes.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/crypto/aes_gcm.h"
#include "core/crypto/hmac.h"

namespace knox::analysis {
namespace {

using crypto::Digest;
using crypto::ShaPath;

std::string RandomBytes(std::mt19937_64& rng, size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// Random lengths with the interesting ones over-represented: empty, the 64- and 128-byte block
// boundaries, > block.
size_t RandomLength(std::mt19937_64& rng) {
  static constexpr size_t kEdges[] = {0,   1,   19,  20,  32,  48,  55,  56,  63,  64,  65,
                                      111, 112, 119, 127, 128, 129, 239, 240, 256, 257, 300};
  if (rng() % 3 == 0) return kEdges[rng() % std::size(kEdges)];
  return rng() % 301;
}

class MacLanesTest : public ::testing::TestWithParam<ShaPath> {
 protected:
  void SetUp() override {
    if (!crypto::ShaPathSupported(GetParam())) {
      GTEST_SKIP() << "this CPU cannot run the " << crypto::ShaPathName(GetParam()) << " path";
    }
  }
};

// Every key rule and digest, random salts, messages and keys (lengths 0..300, so keys above either
// block size and concat inputs of three blocks and more), against core/crypto's OpenSSL HMAC.
TEST_P(MacLanesTest, FullMacsMatchOpenSsl) {
  std::mt19937_64 rng(0x4d41434c + static_cast<unsigned>(GetParam()));
  for (Digest digest : {Digest::kSha1, Digest::kSha256, Digest::kSha384, Digest::kSha512}) {
    for (KeyRule rule : {KeyRule::kRaw, KeyRule::kHmacSalt, KeyRule::kHashConcat}) {
      for (int round = 0; round < 12; ++round) {
        MacPlan plan{.digest = digest,
                     .key_rule = rule,
                     .salt = RandomBytes(rng, RandomLength(rng)),
                     .message = RandomBytes(rng, RandomLength(rng))};
        plan.mac = std::string(crypto::DigestSize(digest), '\0');
        auto matcher = MacLaneMatcher::Create(plan, GetParam()).value();
        // Both groups full, or a second group partly filled (the search's last batch).
        const size_t count =
            round % 3 == 2 ? MacLaneMatcher::kWidth - 1 - round : MacLaneMatcher::kWidth;
        std::vector<std::string> keys;
        for (size_t l = 0; l < count; ++l) keys.push_back(RandomBytes(rng, RandomLength(rng)));
        std::vector<std::string_view> views(keys.begin(), keys.end());
        auto macs = matcher.Macs(views);
        ASSERT_EQ(macs.size(), keys.size());
        for (size_t l = 0; l < keys.size(); ++l) {
          std::string want = crypto::Hmac(digest, DerivePlanKey(plan, keys[l]), plan.message);
          ASSERT_EQ(macs[l], want)
              << crypto::DigestName(digest) << " rule " << static_cast<int>(rule) << " key length "
              << keys[l].size() << " salt length " << plan.salt.size() << " message length "
              << plan.message.size();
        }
      }
    }
  }
}

// Match flags exactly the lanes whose MAC begins with the plan's, for partial groups too.
TEST_P(MacLanesTest, MatchFlagsOnlyTheRightLanes) {
  for (Digest digest : {Digest::kSha1, Digest::kSha256, Digest::kSha384, Digest::kSha512}) {
    for (KeyRule rule : {KeyRule::kRaw, KeyRule::kHmacSalt, KeyRule::kHashConcat}) {
      MacPlan plan{.digest = digest,
                   .key_rule = rule,
                   .salt = "cookie-session",
                   .message = "eyJ1c2VyIjoiYWxpY2UifQ.ZXq1Aw"};
      plan.mac = crypto::Hmac(digest, DerivePlanKey(plan, "s3cret"), plan.message);
      auto matcher = MacLaneMatcher::Create(plan, GetParam()).value();
      std::vector<std::string_view> words = {"a", "s3cret", "b", "c", "s3cret", "", "d"};
      EXPECT_EQ(matcher.Match(words), (1u << 1) | (1u << 4)) << crypto::DigestName(digest);
      EXPECT_EQ(matcher.Match(std::span(words).first(1)), 0u);
      EXPECT_EQ(matcher.Match(std::span(words).first(2)), 1u << 1);
      std::vector<std::string_view> none = {"S3cret", "s3cret ", "s3cre"};
      EXPECT_EQ(matcher.Match(none), 0u) << crypto::DigestName(digest);
      // The second group of 16 and the last lane; candidates past kWidth are ignored.
      std::vector<std::string_view> wide(MacLaneMatcher::kWidth + 1, "x");
      wide[16] = wide[31] = wide[32] = "s3cret";
      EXPECT_EQ(matcher.Match(wide), (1u << 16) | (1u << 31)) << crypto::DigestName(digest);
    }
  }
}

// SHA-384/512 compare the first 64 bits: a MAC that agrees with the right one in its first 32 bits
// only is not a match.
TEST_P(MacLanesTest, WideDigestsCompareTheFirst64Bits) {
  MacPlan plan{.digest = Digest::kSha512, .message = "header.payload"};
  plan.mac = crypto::Hmac(Digest::kSha512, "s3cret", plan.message);
  plan.mac[5] = static_cast<char>(plan.mac[5] ^ 1);
  auto matcher = MacLaneMatcher::Create(plan, GetParam()).value();
  std::vector<std::string_view> words = {"s3cret"};
  EXPECT_EQ(matcher.Match(words), 0u);
}

// PBKDF2 keys (Rails): every MAC digest with every key-generator digest, key lengths inside and at
// the 20/32-byte output blocks up to the 64-byte block, salts and candidates across the block.
TEST_P(MacLanesTest, Pbkdf2MacsMatchOpenSsl) {
  std::mt19937_64 rng(0x50424d41 + static_cast<unsigned>(GetParam()));
  for (Digest digest : {Digest::kSha1, Digest::kSha256}) {
    for (Digest key_digest : {Digest::kSha1, Digest::kSha256}) {
      for (size_t key_length : {1u, 20u, 21u, 32u, 33u, 63u, 64u}) {
        MacPlan plan{.digest = digest,
                     .key_rule = KeyRule::kPbkdf2,
                     .salt = RandomBytes(rng, RandomLength(rng) % 130),
                     .message = RandomBytes(rng, RandomLength(rng)),
                     .mac = std::string(crypto::DigestSize(digest), '\0'),
                     .key_digest = key_digest,
                     .iterations = 3,
                     .key_length = key_length};
        auto matcher = MacLaneMatcher::Create(plan, GetParam()).value();
        std::vector<std::string> keys;
        for (size_t l = 0; l < MacLaneMatcher::kWidth; ++l) {
          keys.push_back(RandomBytes(rng, RandomLength(rng) % 150));
        }
        std::vector<std::string_view> views(keys.begin(), keys.end());
        auto macs = matcher.Macs(views);
        ASSERT_EQ(macs.size(), keys.size());
        for (size_t l = 0; l < keys.size(); ++l) {
          const std::string derived = DerivePlanKey(plan, keys[l]);
          ASSERT_EQ(derived.size(), key_length);
          ASSERT_EQ(macs[l], crypto::Hmac(digest, derived, plan.message))
              << crypto::DigestName(digest) << " key " << crypto::DigestName(key_digest) << " "
              << key_length << " bytes, candidate length " << keys[l].size();
        }
      }
    }
  }
}

// Rails's signed cookie on the lanes: 1000 iterations, only the right lanes match.
TEST_P(MacLanesTest, Pbkdf2MatchFlagsOnlyTheRightLanes) {
  MacPlan plan{.digest = Digest::kSha1,
               .key_rule = KeyRule::kPbkdf2,
               .salt = "signed cookie",
               .message = "eyJfcmFpbHMiOnt9fQ==",
               .key_digest = Digest::kSha256,
               .iterations = 1000,
               .key_length = 64};
  plan.mac = crypto::Hmac(Digest::kSha1, DerivePlanKey(plan, "changeme"), plan.message);
  auto matcher = MacLaneMatcher::Create(plan, GetParam()).value();
  std::vector<std::string_view> words(MacLaneMatcher::kWidth, "x");
  words[1] = words[4] = words[20] = "changeme";
  words[3] = "changemE";
  EXPECT_EQ(matcher.Match(words), (1u << 1) | (1u << 4) | (1u << 20));
}

// AES-GCM plans: the tag decides, exactly, per lane.
TEST_P(MacLanesTest, AesGcmFlagsTheLanesWhoseKeyOpensTheCiphertext) {
  for (Digest key_digest : {Digest::kSha1, Digest::kSha256}) {
    MacPlan plan{.digest = key_digest,
                 .key_rule = KeyRule::kPbkdf2,
                 .salt = "authenticated encrypted cookie",
                 .key_digest = key_digest,
                 .iterations = 20,
                 .key_length = 32,
                 .check = MacCheck::kAesGcm,
                 .iv = "0123456789ab"};
    std::string sealed;
    ASSERT_TRUE(crypto::AesGcmEncryptAppend(DerivePlanKey(plan, "s3cret"), plan.iv, "",
                                            R"({"user_id":42})", sealed));
    plan.mac = sealed.substr(sealed.size() - crypto::kGcmTagSize);
    plan.message = sealed.substr(0, sealed.size() - crypto::kGcmTagSize);
    auto matcher = MacLaneMatcher::Create(plan, GetParam()).value();
    std::vector<std::string_view> words = {"x", "y", "s3cret", "", "S3cret", "s3cret"};
    words.resize(MacLaneMatcher::kWidth, "z");
    words[25] = "s3cret";
    EXPECT_EQ(matcher.Match(words), (1u << 2) | (1u << 5) | (1u << 25))
        << crypto::DigestName(key_digest);
    EXPECT_EQ(matcher.Macs(words)[2], DerivePlanKey(plan, "s3cret"));
    EXPECT_EQ(matcher.Macs(words)[25], DerivePlanKey(plan, "s3cret"));
    plan.mac[0] = static_cast<char>(plan.mac[0] ^ 1);
    EXPECT_EQ(MacLaneMatcher::Create(plan, GetParam()).value().Match(words), 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Paths, MacLanesTest,
                         ::testing::Values(ShaPath::kScalar, ShaPath::kShaNi, ShaPath::kAvx2,
                                           ShaPath::kAvx512),
                         [](const auto& param_info) {
                           return std::string(crypto::ShaPathName(param_info.param));
                         });

// A MAC of another size than the digest's.
TEST(MacLanes, RefusesWhatItCannotCompute) {
  MacPlan plan{.digest = Digest::kSha512, .mac = std::string(48, '\0')};
  EXPECT_FALSE(MacLaneMatcher::Create(plan, ShaPath::kScalar));
  plan = MacPlan{.digest = Digest::kSha384, .mac = std::string(64, '\0')};
  EXPECT_FALSE(MacLaneMatcher::Create(plan, ShaPath::kScalar));
  plan = MacPlan{.digest = Digest::kSha256, .mac = std::string(20, '\0')};
  EXPECT_FALSE(MacLaneMatcher::Create(plan, ShaPath::kScalar));
  plan = MacPlan{.digest = Digest::kSha512, .mac = std::string(64, '\0')};
  EXPECT_TRUE(MacLaneMatcher::Create(plan, ShaPath::kScalar));
}

// PBKDF2 and AES-GCM plans outside what the lanes derive and check.
TEST(MacLanes, RefusesPbkdf2AndGcmPlansItCannotCompute) {
  const MacPlan pbkdf2{.digest = Digest::kSha1,
                       .key_rule = KeyRule::kPbkdf2,
                       .salt = "signed cookie",
                       .mac = std::string(20, '\0'),
                       .key_digest = Digest::kSha1,
                       .iterations = 1000,
                       .key_length = 64};
  EXPECT_TRUE(MacLaneMatcher::Create(pbkdf2, ShaPath::kScalar));
  MacPlan plan = pbkdf2;
  plan.key_length = 65;  // HMAC would hash it first
  EXPECT_FALSE(MacLaneMatcher::Create(plan, ShaPath::kScalar));
  plan = pbkdf2;
  plan.digest = Digest::kSha512;
  plan.mac = std::string(64, '\0');
  EXPECT_FALSE(MacLaneMatcher::Create(plan, ShaPath::kScalar));
  plan = pbkdf2;
  plan.key_digest = Digest::kSha512;
  EXPECT_FALSE(MacLaneMatcher::Create(plan, ShaPath::kScalar));
  plan = pbkdf2;
  plan.iterations = 0;
  EXPECT_FALSE(MacLaneMatcher::Create(plan, ShaPath::kScalar));

  MacPlan gcm = pbkdf2;
  gcm.check = MacCheck::kAesGcm;
  gcm.key_length = 32;
  gcm.mac = std::string(16, '\0');
  gcm.iv = std::string(12, '\0');
  EXPECT_TRUE(MacLaneMatcher::Create(gcm, ShaPath::kScalar));
  plan = gcm;
  plan.key_length = 64;  // not an AES key
  EXPECT_FALSE(MacLaneMatcher::Create(plan, ShaPath::kScalar));
  plan = gcm;
  plan.mac = std::string(12, '\0');  // a short tag
  EXPECT_FALSE(MacLaneMatcher::Create(plan, ShaPath::kScalar));
  plan = gcm;
  plan.key_rule = KeyRule::kRaw;
  EXPECT_FALSE(MacLaneMatcher::Create(plan, ShaPath::kScalar));
}

}  // namespace
}  // namespace knox::analysis
