#include <gtest/gtest.h>

#include "core/base/hex.h"
#include "core/crypto/aes.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/digest.h"
#include "core/crypto/pbkdf2.h"
#include "core/crypto/random.h"
#include "core/crypto/secret_bytes.h"

namespace knox::crypto {
namespace {

TEST(ConstantTimeEquals, Basic) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
}

TEST(Digest, NamesAndHash) {
  EXPECT_EQ(ParseDigest("SHA256").value(), Digest::kSha256);
  EXPECT_EQ(ParseDigest("md5").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(HexEncode(Hash(Digest::kSha1, "abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(HexEncode(Hash(Digest::kSha256, "abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Pbkdf2, Rfc6070) {
  EXPECT_EQ(HexEncode(Pbkdf2(Digest::kSha1, "password", "salt", 1, 20).value()),
            "0c60c80f961f0e71f3a9b524af6012062fe037a6");
  EXPECT_EQ(HexEncode(Pbkdf2(Digest::kSha1, "password", "salt", 4096, 20).value()),
            "4b007901b765489abead49d926f721d065a429c1");
  EXPECT_FALSE(Pbkdf2(Digest::kSha1, "p", "s", 0, 20));
}

TEST(AesCbc, Sp800_38aF21Block1AndRoundTrip) {
  // NIST SP 800-38A F.2.1 (AES-128-CBC), first block; PKCS#7 adds a second block we drop.
  std::string key = HexDecode("2b7e151628aed2a6abf7158809cf4f3c").value();
  std::string iv = HexDecode("000102030405060708090a0b0c0d0e0f").value();
  std::string pt = HexDecode("6bc1bee22e409f96e93d7e117393172a").value();
  std::string ct = AesCbcEncrypt(key, iv, pt).value();
  EXPECT_EQ(HexEncode(ct.substr(0, 16)), "7649abac8119b246cee98e9b12e9197d");
  EXPECT_EQ(AesCbcDecrypt(key, iv, ct).value(), pt);
}

TEST(AesCbc, Errors) {
  std::string iv(16, '\0');
  EXPECT_EQ(AesCbcEncrypt("short", iv, "x").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(AesCbcDecrypt(std::string(32, 'k'), iv, "abc").error().code, ErrorCode::kMalformed);
  std::string ct = AesCbcEncrypt(std::string(32, 'k'), iv, "hello").value();
  EXPECT_EQ(AesCbcDecrypt(std::string(32, 'j'), iv, ct).error().code, ErrorCode::kMalformed);
}

TEST(RandomBytes, LengthAndVariation) {
  std::string a = RandomBytes(32).value();
  std::string b = RandomBytes(32).value();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(RandomBytes(0).value().empty());
}

TEST(SecretBytes, CopyMoveReveal) {
  SecretBytes s("key material");
  SecretBytes copy = s;
  SecretBytes moved = std::move(s);
  EXPECT_EQ(copy.reveal(), "key material");
  EXPECT_EQ(moved.reveal(), "key material");
  EXPECT_TRUE(s.empty());  // NOLINT(bugprone-use-after-move): moved-from is wiped by contract.
}

}  // namespace
}  // namespace knox::crypto
