#include "core/seal/seal.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/base/base64.h"

namespace knox::seal {
namespace {

constexpr int64_t kNow = 1700000000;

Key MakeKey(uint32_t id, char fill) {
  return Key{.id = id, .bytes = crypto::SecretBytes(std::string(32, fill))};
}

Keyset MakeKeyset(uint32_t id = 1, char fill = 'a') { return *Keyset::Create(MakeKey(id, fill)); }

ErrorCode OpenError(const Keyset& ks, std::string_view token, std::string_view name = "session",
                    std::string_view purpose = "login", int64_t now = kNow,
                    const Limits& limits = {}) {
  auto opened = Open(ks, name, purpose, token, now, limits);
  EXPECT_FALSE(opened.has_value());
  return opened ? ErrorCode::kInternal : opened.error().code;
}

TEST(Seal, RoundTrip) {
  const Keyset ks = MakeKeyset(42);
  for (std::string payload : {std::string(), std::string("x"), std::string(1000, '\0'),
                              std::string("{\"user\":\"alice\"}")}) {
    auto token = Seal(ks, "session", "login", payload, kNow, 3600);
    ASSERT_TRUE(token) << token.error().message;
    auto opened = Open(ks, "session", "login", *token, kNow + 10);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(opened->payload, payload);
    EXPECT_EQ(opened->issued_at, kNow);
    EXPECT_EQ(opened->expires_at, kNow + 3600);
    EXPECT_EQ(opened->key_id, 42u);
  }
}

TEST(Seal, NoTtlNeverExpires) {
  const Keyset ks = MakeKeyset();
  auto token = Seal(ks, "session", "login", "v", kNow, 0);
  ASSERT_TRUE(token);
  auto opened = Open(ks, "session", "login", *token, INT64_MAX);
  ASSERT_TRUE(opened);
  EXPECT_FALSE(opened->expires_at.has_value());
}

TEST(Seal, NoncesAreFresh) {
  const Keyset ks = MakeKeyset();
  EXPECT_NE(*Seal(ks, "session", "login", "v", kNow, 0),
            *Seal(ks, "session", "login", "v", kNow, 0));
}

// Fixed key and nonce; the expected token was computed with Python's cryptography AESGCM from the
// layout in docs/sealed.md (core/seal/seal_crosscheck.py checks the CLI's tokens the same way).
TEST(Seal, KnownAnswer) {
  auto key = ParseKey("k7:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  ASSERT_TRUE(key);
  auto ks = Keyset::Create(std::move(*key));
  ASSERT_TRUE(ks);
  std::string nonce;
  for (int i = 0xa0; i < 0xac; ++i) nonce.push_back(static_cast<char>(i));
  const std::string expected =
      "AQAAAAegoaKjpKWmp6ipqqvmGHwtIJjzv2Jlh9NiKT_OC44sY_fFYFa-b0rvHM5XfELvyFT90pPotrHamR4grM0";
  auto token = internal::SealWithNonce(*ks, "session", "login", "{\"user\":\"alice\"}", kNow, 3600,
                                       nonce, {});
  ASSERT_TRUE(token);
  EXPECT_EQ(*token, expected);
  auto opened = Open(*ks, "session", "login", expected, kNow);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->payload, "{\"user\":\"alice\"}");
}

TEST(Seal, AssociatedDataIsLengthPrefixed) {
  EXPECT_EQ(AssociatedData("ab", "c"), std::string("\0\0\0\x0eknox-sealed/v1\0\0\0\x02"
                                                   "ab\0\0\0\x01"
                                                   "c",
                                                   29));
  // Moving bytes between name and purpose changes the AAD.
  EXPECT_NE(AssociatedData("ab", "c"), AssociatedData("a", "bc"));
}

TEST(Seal, WrongNamePurposeOrKeyFails) {
  const Keyset ks = MakeKeyset();
  auto token = *Seal(ks, "session", "login", "v", kNow, 0);
  EXPECT_EQ(OpenError(ks, token, "other"), ErrorCode::kBadSignature);
  EXPECT_EQ(OpenError(ks, token, "session", "csrf"), ErrorCode::kBadSignature);
  EXPECT_EQ(OpenError(ks, token, "sessionl", "ogin"), ErrorCode::kBadSignature);
  EXPECT_EQ(OpenError(MakeKeyset(1, 'b'), token), ErrorCode::kBadSignature);  // same id, other key
  EXPECT_EQ(OpenError(MakeKeyset(2, 'a'), token), ErrorCode::kBadSignature);  // unknown id
}

TEST(Seal, RotationOldKeyOpensPrimarySeals) {
  const Keyset old_ks = MakeKeyset(1, 'a');
  auto old_token = *Seal(old_ks, "session", "login", "old", kNow, 0);
  auto rotated = Keyset::Create(MakeKey(2, 'b'), {MakeKey(1, 'a')});
  ASSERT_TRUE(rotated);
  auto opened = Open(*rotated, "session", "login", old_token, kNow);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->payload, "old");
  EXPECT_EQ(opened->key_id, 1u);
  auto new_token = *Seal(*rotated, "session", "login", "new", kNow, 0);
  EXPECT_EQ(ReadHeader(new_token)->key_id, 2u);
  EXPECT_EQ(OpenError(old_ks, new_token), ErrorCode::kBadSignature);
}

TEST(Seal, TamperingAnyByteFails) {
  const Keyset ks = MakeKeyset();
  auto token = *Seal(ks, "session", "login", "payload", kNow, 60);
  auto raw = *Base64DecodeStrict(token, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  for (size_t i = 0; i < raw.size(); ++i) {
    for (int bit : {0x01, 0x80}) {
      std::string bad = raw;
      bad[i] = static_cast<char>(bad[i] ^ bit);
      auto code = OpenError(ks, Base64Encode(bad, Base64Alphabet::kUrl, Base64Padding::kUnpadded));
      EXPECT_EQ(code, i == 0 ? ErrorCode::kMalformed : ErrorCode::kBadSignature) << "byte " << i;
    }
  }
}

TEST(Seal, TruncationFails) {
  const Keyset ks = MakeKeyset();
  auto token = *Seal(ks, "session", "login", "payload", kNow, 60);
  auto raw = *Base64DecodeStrict(token, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  for (size_t n = 0; n < raw.size(); ++n) {
    auto code = OpenError(
        ks, Base64Encode(raw.substr(0, n), Base64Alphabet::kUrl, Base64Padding::kUnpadded));
    EXPECT_EQ(code, n < kMinRawSize ? ErrorCode::kMalformed : ErrorCode::kBadSignature) << n;
  }
  EXPECT_EQ(OpenError(ks, token + "AAAA"), ErrorCode::kBadSignature);
}

TEST(Seal, Expiry) {
  const Keyset ks = MakeKeyset();
  auto token = *Seal(ks, "session", "login", "v", kNow, 100);
  EXPECT_TRUE(Open(ks, "session", "login", token, kNow + 99));
  EXPECT_EQ(OpenError(ks, token, "session", "login", kNow + 100), ErrorCode::kExpired);
  EXPECT_EQ(OpenError(ks, token, "session", "login", INT64_MAX), ErrorCode::kExpired);
}

TEST(Seal, FutureIssuedAt) {
  const Keyset ks = MakeKeyset();
  auto token = *Seal(ks, "session", "login", "v", kNow, 0);
  EXPECT_TRUE(Open(ks, "session", "login", token, kNow - 60));
  EXPECT_EQ(OpenError(ks, token, "session", "login", kNow - 61), ErrorCode::kExpired);
  EXPECT_EQ(OpenError(ks, token, "session", "login", INT64_MIN), ErrorCode::kExpired);
}

TEST(Seal, BadBase64AndVersion) {
  const Keyset ks = MakeKeyset();
  auto token = *Seal(ks, "session", "login", "payload", kNow, 0);
  for (std::string bad : {std::string(), std::string("AQ"), token + "=", "x" + token.substr(1),
                          token.substr(0, 10) + "+" + token.substr(11),
                          token.substr(0, 10) + "." + token.substr(11)}) {
    EXPECT_EQ(OpenError(ks, bad), ErrorCode::kMalformed) << bad.size();
  }
  auto raw = *Base64DecodeStrict(token, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  raw[0] = 0x02;
  EXPECT_EQ(OpenError(ks, Base64Encode(raw, Base64Alphabet::kUrl, Base64Padding::kUnpadded)),
            ErrorCode::kMalformed);
}

TEST(Seal, Limits) {
  const Keyset ks = MakeKeyset();
  Limits small{.max_token_bytes = 200};
  auto token = Seal(ks, "session", "login", std::string(100, 'x'), kNow, 0, small);
  ASSERT_TRUE(token);
  EXPECT_LE(token->size(), 200u);
  EXPECT_EQ(Seal(ks, "session", "login", std::string(120, 'x'), kNow, 0, small).error().code,
            ErrorCode::kLimitExceeded);
  EXPECT_EQ(OpenError(ks, std::string(201, 'A'), "session", "login", kNow, small),
            ErrorCode::kLimitExceeded);
  EXPECT_EQ(OpenError(ks, std::string(64 * 1024 + 1, 'A')), ErrorCode::kLimitExceeded);
  auto big = Seal(ks, "session", "login", std::string(40000, 'x'), kNow, 0);
  ASSERT_TRUE(big);
  EXPECT_TRUE(Open(ks, "session", "login", *big, kNow));
  EXPECT_EQ(Seal(ks, "session", "login", std::string(64 * 1024, 'x'), kNow, 0).error().code,
            ErrorCode::kLimitExceeded);
}

TEST(Seal, InvalidArguments) {
  const Keyset ks = MakeKeyset();
  EXPECT_EQ(Seal(ks, "s", "p", "v", -1, 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Seal(ks, "s", "p", "v", kNow, -1).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Seal(ks, "s", "p", "v", INT64_MAX, 1).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(internal::SealWithNonce(ks, "s", "p", "v", kNow, 0, "short", {}).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(Keyset, Validation) {
  EXPECT_FALSE(Keyset::Create(Key{.id = 1, .bytes = crypto::SecretBytes(std::string(31, 'a'))}));
  EXPECT_FALSE(Keyset::Create(MakeKey(1, 'a'), {MakeKey(1, 'b')}));
  EXPECT_FALSE(Keyset::FromText({}));
  auto generated = Keyset::Generate(9);
  ASSERT_TRUE(generated);
  EXPECT_EQ(generated->primary().id, 9u);
  EXPECT_EQ(generated->primary().bytes.size(), kKeySize);
}

TEST(Keyset, TextRoundTripAndOrder) {
  const Key k = MakeKey(4294967295u, 'z');
  const std::string text = FormatKey(k);
  auto parsed = ParseKey(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->id, k.id);
  EXPECT_EQ(parsed->bytes.reveal(), k.bytes.reveal());
  const std::string older = FormatKey(MakeKey(0, 'y'));
  auto ks = Keyset::FromText({older, text});
  ASSERT_TRUE(ks);
  EXPECT_EQ(ks->primary().id, 4294967295u);
  ASSERT_NE(ks->Find(0), nullptr);
  EXPECT_EQ(ks->Find(1), nullptr);
}

TEST(Keyset, TextParsingErrors) {
  const std::string key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
  for (std::string bad :
       {std::string(), key, ":" + key, "k:" + key, "K1:" + key, "1:" + key, "k01:" + key,
        "k-1:" + key, "k+1:" + key, "k4294967296:" + key, "k1x:" + key, "k1:" + key + "=",
        "k1:" + key.substr(1), "k1:" + key + "AA", "k1:" + key.substr(0, 42) + "h", "k1 :" + key,
        "k1:" + key.substr(0, 10) + "+" + key.substr(11), std::string("k1:")}) {
    auto parsed = ParseKey(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.error().message.find(key), std::string::npos);
  }
  EXPECT_TRUE(ParseKey("k0:" + key));
}

TEST(Seal, ReadHeader) {
  const Keyset ks = MakeKeyset(77);
  auto token = *Seal(ks, "session", "login", "12345", kNow, 0);
  auto h = ReadHeader(token);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->key_id, 77u);
  EXPECT_EQ(h->ciphertext_size, 16u + 5u);
  EXPECT_EQ(h->tag.size(), kTagSize);
  EXPECT_FALSE(ReadHeader("not a token"));
}

}  // namespace
}  // namespace knox::seal
