#include "core/crypto/hmac.h"

#include <gtest/gtest.h>
#include <openssl/hmac.h>

#include <random>

#include "core/base/hex.h"

namespace knox::crypto {
namespace {

// Reference: OpenSSL's own one-shot HMAC.
std::string OpenSslHmac(Digest d, std::string_view key, std::string_view msg) {
  const EVP_MD* md = d == Digest::kSha1     ? EVP_sha1()
                     : d == Digest::kSha256 ? EVP_sha256()
                     : d == Digest::kSha384 ? EVP_sha384()
                                            : EVP_sha512();
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

TEST(Hmac, Rfc4231TestCase2) {
  EXPECT_EQ(HexEncode(Hmac(Digest::kSha256, "Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HexEncode(Hmac(Digest::kSha1, "Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(Hmac, MatchesOpenSslOnRandomInputs) {
  std::mt19937 rng(42);
  auto random_string = [&](size_t n) {
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    return s;
  };
  for (Digest d : {Digest::kSha1, Digest::kSha256, Digest::kSha384, Digest::kSha512}) {
    for (size_t key_len : {0, 1, 20, 63, 64, 65, 127, 128, 129, 300}) {
      std::string key = random_string(key_len);
      HmacKey hk(d, key);
      for (size_t msg_len : {0, 1, 55, 56, 64, 111, 112, 128, 1000}) {
        std::string msg = random_string(msg_len);
        std::string expected = OpenSslHmac(d, key, msg);
        EXPECT_EQ(hk.Sign(msg), expected) << DigestName(d) << " key " << key_len;
        EXPECT_TRUE(hk.Verify(msg, expected));
        // Multi-part input is the concatenation.
        unsigned char out[kMaxDigestSize];
        hk.Sign({std::string_view(msg).substr(0, msg_len / 2),
                 std::string_view(msg).substr(msg_len / 2)},
                out);
        EXPECT_EQ(std::string(reinterpret_cast<char*>(out), hk.size()), expected);
      }
    }
  }
}

TEST(Hmac, VerifyRejectsWrongMac) {
  HmacKey hk(Digest::kSha256, "secret");
  std::string mac = hk.Sign("message");
  mac[5] ^= 1;
  EXPECT_FALSE(hk.Verify("message", mac));
  EXPECT_FALSE(hk.Verify("message", mac.substr(0, 10)));
  EXPECT_FALSE(hk.Verify("message", ""));
}

}  // namespace
}  // namespace knox::crypto
