#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "core/base/hex.h"
#include "core/crypto/aes.h"
#include "core/crypto/aes_gcm.h"
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
  EXPECT_EQ(HexEncode(Pbkdf2(Digest::kSha1, "passwordPASSWORDpassword",
                             "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25)
                          .value()),
            "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
  EXPECT_FALSE(Pbkdf2(Digest::kSha1, "p", "s", 0, 20));
}

// knox's PBKDF2 (over HmacKey) against OpenSSL's, every digest, keys shorter and longer than one
// block, long passwords (hashed into the HMAC key first).
TEST(Pbkdf2, SameAsOpenSsl) {
  const std::pair<Digest, const EVP_MD*> digests[] = {{Digest::kSha1, EVP_sha1()},
                                                      {Digest::kSha256, EVP_sha256()},
                                                      {Digest::kSha384, EVP_sha384()},
                                                      {Digest::kSha512, EVP_sha512()}};
  const std::string long_password(200, 'p');
  for (const auto& [digest, md] : digests) {
    for (size_t length : {1u, 20u, 32u, 64u, 100u}) {
      for (const std::string& password : {std::string("secret_key_base"), long_password}) {
        std::string expected(length, '\0');
        ASSERT_EQ(PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                                    reinterpret_cast<const unsigned char*>("signed cookie"), 13,
                                    1000, md, static_cast<int>(length),
                                    reinterpret_cast<unsigned char*>(expected.data())),
                  1);
        EXPECT_EQ(Pbkdf2(digest, password, "signed cookie", 1000, length).value(), expected)
            << DigestName(digest) << " " << length;
      }
    }
  }
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

TEST(AesCtr, Sp800_38aF51AndCounterWrap) {
  // NIST SP 800-38A F.5.1 (CTR-AES128.Encrypt), blocks 1 and 2 and half of block 3.
  const std::string key = HexDecode("2b7e151628aed2a6abf7158809cf4f3c").value();
  const std::string iv = HexDecode("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff").value();
  const std::string pt =
      HexDecode("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46").value();
  const std::string ct = AesCtr(key, iv, pt).value();
  EXPECT_EQ(HexEncode(ct),
            "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3e");
  EXPECT_EQ(AesCtr(key, iv, ct).value(), pt);
  // The whole block is the counter (Go's cipher.NewCTR): all ones wraps to all zeros.
  const std::string zeros(32, '\0');
  EXPECT_EQ(AesCtr(key, std::string(16, '\xff'), zeros).value().substr(16),
            AesCtr(key, std::string(16, '\0'), zeros.substr(16)).value());
  EXPECT_EQ(AesCtr(std::string(24, 'k'), iv, "").value(), "");
  EXPECT_EQ(AesCtr("short", iv, "x").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(AesCtr(key, "iv", "x").error().code, ErrorCode::kInvalidArgument);
}

TEST(AesGcm, GcmSpecTestCase3AndTamper) {
  // "The Galois/Counter Mode of Operation" (McGrew, Viega), test case 3: AES-128, 96-bit IV, no
  // AAD.
  const std::string key = HexDecode("feffe9928665731c6d6a8f9467308308").value();
  const std::string iv = HexDecode("cafebabefacedbaddecaf888").value();
  const std::string pt = HexDecode(
                             "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                             "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255")
                             .value();
  std::string out = "prefix";
  ASSERT_TRUE(AesGcmEncryptAppend(key, iv, "", pt, out).has_value());
  ASSERT_EQ(out.substr(0, 6), "prefix");
  const std::string ct = out.substr(6, pt.size());
  const std::string tag = out.substr(6 + pt.size());
  EXPECT_EQ(HexEncode(ct),
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
            "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985");
  EXPECT_EQ(HexEncode(tag), "4d5c2af327cd64a62cf35abd2ba6fab4");
  EXPECT_EQ(AesGcmDecrypt(key, iv, "", ct, tag).value(), pt);
  std::string bad_tag = tag;
  bad_tag[0] ^= 1;
  EXPECT_EQ(AesGcmDecrypt(key, iv, "", ct, bad_tag).error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(AesGcmDecrypt(key, iv, "aad", ct, tag).error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(AesGcmDecrypt(key, iv, "", ct, tag.substr(0, 12)).error().code,
            ErrorCode::kBadSignature);
  EXPECT_EQ(AesGcmDecrypt("short", iv, "", ct, tag).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(AesGcmEncryptAppend(key, "", "", pt, out).error().code, ErrorCode::kInvalidArgument);
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
