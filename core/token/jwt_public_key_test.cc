// JWT with public keys: PyJWT's vectors (interop/vectors/jwt_pk.jsonl, keys in jwt_keys/) give the
// same outcome through knox; the key-confusion rule; JWK Set rules; the forgeries of jwt_forge.h.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/base/base64.h"
#include "core/base/test_paths.h"
#include "core/crypto/public_key.h"
#include "core/token/codecs.h"
#include "core/token/json_style.h"
#include "core/token/jwt_forge.h"
#include "core/token/public_keys.h"

namespace knox::token {
namespace {

std::string KeyText(const std::string& file) {
  std::ifstream in(knox::test_support::SourceDir() + "/interop/vectors/jwt_keys/" + file,
                   std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Result<Verified> VerifyWith(const std::string& key_text, std::string_view token,
                            std::optional<crypto::Digest> digest = std::nullopt) {
  auto keys = LoadPublicKeys(key_text);
  if (!keys) return std::unexpected(keys.error());
  Options o;
  o.public_keys = std::move(*keys);
  o.digest = digest;
  auto verifier = JwtCodec().NewSigner(o);
  if (!verifier) return std::unexpected(verifier.error());
  return (*verifier)->Verify(token);
}

std::string ErrorWord(ErrorCode code) {
  return code == ErrorCode::kExpired        ? "expired"
         : code == ErrorCode::kBadSignature ? "bad-signature"
                                            : "malformed";
}

TEST(JwtPublicKeyVectors, SameOutcomeAsPyJwt) {
  std::ifstream in(knox::test_support::SourceDir() + "/interop/vectors/jwt_pk.jsonl");
  ASSERT_TRUE(in) << "interop/vectors/jwt_pk.jsonl";
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++n;
    const Json v = Json::parse(line);
    const std::string name = v.at("case").get<std::string>();
    auto got =
        VerifyWith(KeyText(v.at("key").get<std::string>()), v.at("token").get<std::string>());
    const Json& expect = v.at("expect");
    if (expect.at("ok").get<bool>()) {
      ASSERT_TRUE(got.has_value()) << name << ": " << got.error().message;
      EXPECT_EQ(nlohmann::json::parse(got->value), nlohmann::json::parse(expect.at("value").dump()))
          << name;
    } else {
      ASSERT_FALSE(got.has_value()) << name << " verified";
      EXPECT_EQ(ErrorWord(got.error().code), expect.at("error").get<std::string>())
          << name << ": " << got.error().message;
    }
  }
  EXPECT_GE(n, 38);
}

std::string Token(const std::string& case_name) {
  std::ifstream in(knox::test_support::SourceDir() + "/interop/vectors/jwt_pk.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    const Json v = Json::parse(line);
    if (v.at("case") == case_name) return v.at("token").get<std::string>();
  }
  ADD_FAILURE() << "no vector " << case_name;
  return "";
}

TEST(JwtPublicKey, KeyConfusionAndDigestNarrowing) {
  const std::string rs = Token("valid-RS256");
  const std::string pem = KeyText("rsa.pem");
  // The forgery verifies where a confused server would accept it: the PEM bytes as an HMAC secret.
  auto forged = ForgeJwt(rs, JwtAttack::kHsWithPublicKey, pem);
  ASSERT_TRUE(forged) << forged.error().message;
  Options hs;
  hs.secrets.emplace_back(pem);
  EXPECT_TRUE(JwtCodec().NewSigner(hs).value()->Verify(*forged).has_value());
  // ...and never under the public key itself.
  auto refused = VerifyWith(pem, *forged);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("key confusion"), std::string::npos);
  // Nor does a secret verify an RS token.
  EXPECT_EQ(JwtCodec().NewSigner(hs).value()->Verify(rs).error().code, ErrorCode::kBadSignature);
  // --digest narrows the algorithms.
  EXPECT_TRUE(VerifyWith(pem, rs, crypto::Digest::kSha256));
  EXPECT_FALSE(VerifyWith(pem, rs, crypto::Digest::kSha384));
  EXPECT_FALSE(VerifyWith(KeyText("ed25519.pem"), Token("valid-EdDSA"), crypto::Digest::kSha512));
  // Secrets and public keys together are refused; public keys never sign.
  Options both;
  both.secrets.emplace_back("s");
  both.public_keys = LoadPublicKeys(pem).value();
  EXPECT_EQ(JwtCodec().NewSigner(both).error().code, ErrorCode::kInvalidArgument);
  Options pk;
  pk.public_keys = LoadPublicKeys(pem).value();
  EXPECT_EQ(JwtCodec().NewSigner(pk).value()->Sign("{}").error().code, ErrorCode::kInvalidArgument);
}

TEST(JwtForge, Shapes) {
  const std::string rs = Token("valid-RS256");
  const std::string payload = rs.substr(rs.find('.') + 1, rs.rfind('.') - rs.find('.') - 1);
  auto none = ForgeJwt(rs, JwtAttack::kAlgNone);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->ends_with("." + payload + "."));
  const std::string header = Base64DecodeStrict(none->substr(0, none->find('.')),
                                                Base64Alphabet::kUrl, Base64Padding::kUnpadded)
                                 .value();
  EXPECT_EQ(Json::parse(header).at("alg"), "none");
  EXPECT_EQ(Json::parse(header).at("typ"), "JWT");
  auto stripped = ForgeJwt(rs, JwtAttack::kStripSignature);
  ASSERT_TRUE(stripped);
  EXPECT_EQ(*stripped, rs.substr(0, rs.rfind('.') + 1));
  // Every forgery is refused by knox's verifier with the real key.
  for (const std::string& t : {*none, *stripped}) {
    EXPECT_EQ(VerifyWith(KeyText("rsa.pem"), t).error().code, ErrorCode::kBadSignature) << t;
  }
  // Errors.
  EXPECT_EQ(ForgeJwt(rs, JwtAttack::kHsWithPublicKey).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ForgeJwt("a.b", JwtAttack::kAlgNone).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ForgeJwt("bm90IGpzb24.e30.x", JwtAttack::kAlgNone).error().code, ErrorCode::kMalformed);
  auto hs_token = ForgeJwt(rs, JwtAttack::kHsWithPublicKey, "k").value();
  EXPECT_EQ(ForgeJwt(hs_token, JwtAttack::kHsWithPublicKey, "k").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseJwtAttack("nope").error().code, ErrorCode::kInvalidArgument);
}

TEST(PublicKeys, WhatIsRefusedAndSkipped) {
  EXPECT_FALSE(LooksLikePublicKeys("changeme\nhunter2\n"));
  EXPECT_TRUE(LooksLikePublicKeys("  -----BEGIN PUBLIC KEY-----"));
  EXPECT_TRUE(LooksLikePublicKeys("\n{\"keys\":[]}"));
  auto error = [](std::string_view text) {
    auto r = LoadPublicKeys(text);
    EXPECT_FALSE(r) << text;
    return r ? std::string() : r.error().message;
  };
  EXPECT_NE(
      error("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n").find("private key"),
      std::string::npos);
  EXPECT_NE(error(R"({"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQAB"})").find("private"),
            std::string::npos);
  EXPECT_NE(error(R"({"kty":"oct","k":"c2VjcmV0"})").find("private or secret"), std::string::npos);
  EXPECT_NE(error(R"({"keys":[{"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"}]})")
                .find("no signature key"),
            std::string::npos);
  EXPECT_NE(
      error(R"({"keys":[{"kty":"EC","crv":"secp256k1","x":"AA","y":"AA"}]})").find("1 skipped"),
      std::string::npos);
  EXPECT_NE(error(R"({"kty":"OKP","crv":"Ed25519","x":"AAAA=="})").find("base64url"),
            std::string::npos);
  EXPECT_NE(error(R"({"keys":"x"})").find("not an array"), std::string::npos);
  EXPECT_NE(error("{").find("not a JWK"), std::string::npos);
  // An EC point off the curve.
  const std::string x(43, 'A');
  EXPECT_NE(error(R"({"kty":"EC","crv":"P-256","x":")" + x + R"(","y":")" + x + R"("})")
                .find("not on the curve"),
            std::string::npos);
  // The committed JWK Set: the encryption key is skipped, kids and algs kept.
  auto jwks = LoadPublicKeys(KeyText("jwks.json"));
  ASSERT_TRUE(jwks) << jwks.error().message;
  ASSERT_EQ(jwks->size(), 3u);
  EXPECT_EQ((*jwks)[0].kid, "r1");
  EXPECT_EQ((*jwks)[0].alg, "RS256");
  EXPECT_EQ((*jwks)[2].key.type(), crypto::KeyType::kEcP256);
  auto cert = LoadPublicKeys(KeyText("rsa_cert.pem"));
  ASSERT_TRUE(cert);
  EXPECT_EQ((*cert)[0].key.bits(), 2048);
}

}  // namespace
}  // namespace knox::token
