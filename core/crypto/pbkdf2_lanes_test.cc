#include "core/crypto/pbkdf2_lanes.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <random>
#include <string>
#include <vector>

#include "core/base/hex.h"
#include "core/crypto/pbkdf2.h"

namespace knox::crypto {
namespace {

std::string RandomBytes(std::mt19937_64& rng, size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// OpenSSL's own PBKDF2 (not knox's loop in pbkdf2.cc), the reference for both.
std::string OpenSslPbkdf2(Digest d, std::string_view password, std::string_view salt,
                          unsigned iterations, size_t key_length) {
  std::string out(key_length, '\0');
  const int ok = PKCS5_PBKDF2_HMAC(
      password.data(), static_cast<int>(password.size()),
      reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
      static_cast<int>(iterations), d == Digest::kSha1 ? EVP_sha1() : EVP_sha256(),
      static_cast<int>(key_length), reinterpret_cast<unsigned char*>(out.data()));
  EXPECT_EQ(ok, 1);
  return out;
}

class Pbkdf2LanesTest : public ::testing::TestWithParam<ShaPath> {
 protected:
  void SetUp() override {
    if (!ShaPathSupported(GetParam())) {
      GTEST_SKIP() << "this CPU cannot run the " << ShaPathName(GetParam()) << " path";
    }
  }
};

// Password lengths around the 64-byte block (longer ones are hashed first), salts whose
// salt || INT(i) needs one, two and three blocks (51 and 115 bytes are the edges), key lengths
// inside, at and across the 20- and 32-byte output blocks up to the 128-byte maximum.
TEST_P(Pbkdf2LanesTest, EqualsOpenSslAndKnoxPbkdf2) {
  std::mt19937_64 rng(0x50424b44 + static_cast<unsigned>(GetParam()));
  constexpr size_t kPasswordLengths[] = {0, 1, 15, 55, 63, 64, 65, 100, 128, 129, 200};
  constexpr size_t kSaltLengths[] = {0, 13, 30, 50, 51, 52, 64, 114, 115, 116, 150};
  constexpr size_t kKeyLengths[] = {1, 3, 19, 20, 21, 31, 32, 33, 40, 41, 63, 64, 65, 127, 128};
  for (Digest d : {Digest::kSha1, Digest::kSha256}) {
    for (size_t salt_length : kSaltLengths) {
      for (unsigned iterations : {1u, 2u, 7u}) {
        const size_t key_length = kKeyLengths[rng() % std::size(kKeyLengths)];
        const std::string salt = RandomBytes(rng, salt_length);
        auto lanes = Pbkdf2Lanes::Create(d, GetParam(), salt, iterations, key_length).value();
        std::vector<std::string> passwords;
        for (size_t l = 0; l < kShaLanes; ++l) {
          passwords.push_back(
              RandomBytes(rng, kPasswordLengths[rng() % std::size(kPasswordLengths)]));
        }
        std::vector<std::string_view> views(passwords.begin(), passwords.end());
        const auto keys = lanes.DeriveBytes(views);
        ASSERT_EQ(keys.size(), kShaLanes);
        for (size_t l = 0; l < kShaLanes; ++l) {
          const std::string want = OpenSslPbkdf2(d, passwords[l], salt, iterations, key_length);
          ASSERT_EQ(HexEncode(keys[l]), HexEncode(want))
              << DigestName(d) << " password " << passwords[l].size() << " salt " << salt_length
              << " iterations " << iterations << " key " << key_length;
          ASSERT_EQ(keys[l], Pbkdf2(d, passwords[l], salt, iterations, key_length).value());
        }
      }
    }
  }
}

// What Rails derives per candidate: 1000 iterations, 64 bytes ("signed cookie") and 32 bytes
// ("authenticated encrypted cookie"), both key-generator digests, a partial group of 5.
TEST_P(Pbkdf2LanesTest, RailsKeysInAPartialGroup) {
  const std::vector<std::string_view> words = {"secret", "changeme", "", "password",
                                               std::string_view("a\0b", 3)};
  for (Digest d : {Digest::kSha1, Digest::kSha256}) {
    for (auto [salt, size] : {std::pair<std::string_view, size_t>{"signed cookie", 64},
                              {"authenticated encrypted cookie", 32}}) {
      auto lanes = Pbkdf2Lanes::Create(d, GetParam(), salt, 1000, size).value();
      const auto keys = lanes.DeriveBytes(words);
      ASSERT_EQ(keys.size(), words.size());
      for (size_t l = 0; l < words.size(); ++l) {
        EXPECT_EQ(keys[l], OpenSslPbkdf2(d, words[l], salt, 1000, size)) << DigestName(d) << salt;
      }
    }
  }
}

// RFC 6070 §2 (PBKDF2-HMAC-SHA1, c = 2) and RFC 7914 §11 (PBKDF2-HMAC-SHA256, c = 1, 64 bytes).
TEST_P(Pbkdf2LanesTest, PublishedVectors) {
  const std::vector<std::string_view> password = {"password"};
  EXPECT_EQ(HexEncode(Pbkdf2Lanes::Create(Digest::kSha1, GetParam(), "salt", 2, 20)
                          .value()
                          .DeriveBytes(password)
                          .at(0)),
            "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
  const std::vector<std::string_view> passwd = {"passwd"};
  EXPECT_EQ(HexEncode(Pbkdf2Lanes::Create(Digest::kSha256, GetParam(), "salt", 1, 64)
                          .value()
                          .DeriveBytes(passwd)
                          .at(0)),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
}

// Derive's word layout: word w of lane l at out[w * 16 + l], bytes past the key length zero.
TEST_P(Pbkdf2LanesTest, DeriveLaysOutBigEndianWordsAndZeroesThePadding) {
  auto lanes = Pbkdf2Lanes::Create(Digest::kSha256, GetParam(), "s", 3, 6).value();
  ASSERT_EQ(lanes.key_words(), 2u);
  const std::vector<std::string_view> words = {"a", "b"};
  uint32_t out[2 * kShaLanes];
  lanes.Derive(words, out);
  for (size_t l = 0; l < words.size(); ++l) {
    const std::string key = OpenSslPbkdf2(Digest::kSha256, words[l], "s", 3, 6);
    auto byte = [&](size_t i) { return uint32_t{static_cast<unsigned char>(key[i])}; };
    EXPECT_EQ(out[l], byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3));
    EXPECT_EQ(out[kShaLanes + l], byte(4) << 24 | byte(5) << 16);
  }
}

INSTANTIATE_TEST_SUITE_P(AllPaths, Pbkdf2LanesTest, ::testing::ValuesIn(AllShaPaths()),
                         [](const auto& param_info) {
                           return std::string(ShaPathName(param_info.param));
                         });

TEST(Pbkdf2LanesCreate, RefusesWhatItCannotDerive) {
  EXPECT_FALSE(Pbkdf2Lanes::Create(Digest::kSha512, ShaPath::kScalar, "s", 1, 32));
  EXPECT_FALSE(Pbkdf2Lanes::Create(Digest::kSha1, ShaPath::kScalar, "s", 0, 32));
  EXPECT_FALSE(Pbkdf2Lanes::Create(Digest::kSha1, ShaPath::kScalar, "s", 1, 0));
  EXPECT_FALSE(Pbkdf2Lanes::Create(Digest::kSha1, ShaPath::kScalar, "s", 1, 129));
  EXPECT_TRUE(Pbkdf2Lanes::Create(Digest::kSha1, ShaPath::kScalar, "s", 1, 128));
}

}  // namespace
}  // namespace knox::crypto
