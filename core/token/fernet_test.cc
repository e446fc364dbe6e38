#include "core/token/fernet.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/base/test_paths.h"
#include "core/token/json_style.h"
#include "core/token/vector_file_test_util.h"

namespace knox::token {
namespace {

using testing::LoadVectors;
using testing::OutcomeOf;

std::unique_ptr<Signer> MakeSigner(std::vector<crypto::SecretBytes> keys, const Clock& clock,
                                   std::optional<int64_t> ttl = std::nullopt, bool strict = false) {
  Options o;
  o.secrets = std::move(keys);
  o.clock = &clock;
  o.max_age_seconds = ttl;
  o.strict = strict;
  auto s = FernetCodec().NewSigner(o);
  EXPECT_TRUE(s.has_value());
  return std::move(*s);
}

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// The Fernet specification's own vectors (fernet/spec), as committed in
// core/token/testdata/fernet_spec.jsonl by interop/conformance/import_suites.py (which documents
// the format): the records whose "op" is `op`. None when the file is missing, which the callers'
// count assertions report.
std::vector<Json> SpecCases(const std::string& op) {
  std::vector<Json> out;
  for (const std::string& line :
       knox::test_support::DataFileLines("core/token/testdata/fernet_spec.jsonl")) {
    Json c = Json::parse(line);
    if (c.at("op") == op) out.push_back(std::move(c));
  }
  return out;
}

TEST(FernetSpec, Generate) {
  const std::vector<Json> cases = SpecCases("generate");
  ASSERT_EQ(cases.size(), 1u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.at("case").get<std::string>());
    auto key = FernetKeyBytes(c.at("secret").get<std::string>());
    ASSERT_TRUE(key.has_value());
    auto token = FernetEncrypt(*key, c.at("value").get<std::string>(), c.at("now").get<uint64_t>(),
                               Unhex(c.at("iv_hex").get<std::string>()));
    ASSERT_TRUE(token.has_value());
    EXPECT_EQ(*token, c.at("token").get<std::string>());
  }
}

TEST(FernetSpec, Verify) {
  const std::vector<Json> cases = SpecCases("verify");
  ASSERT_EQ(cases.size(), 1u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.at("case").get<std::string>());
    auto clock = FakeClock::AtSeconds(c.at("now").get<int64_t>());
    auto signer = MakeSigner({crypto::SecretBytes(c.at("secret").get<std::string>())}, clock,
                             c.at("ttl").get<int64_t>());
    auto got = signer->Verify(c.at("token").get<std::string>());
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->value, c.at("value").get<std::string>());
  }
}

TEST(FernetSpec, Invalid) {
  const std::vector<Json> cases = SpecCases("invalid");
  ASSERT_EQ(cases.size(), 8u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.at("case").get<std::string>() + " " + c.at("desc").get<std::string>());
    auto clock = FakeClock::AtSeconds(c.at("now").get<int64_t>());
    auto signer = MakeSigner({crypto::SecretBytes(c.at("secret").get<std::string>())}, clock,
                             c.at("ttl").get<int64_t>());
    EXPECT_FALSE(signer->Verify(c.at("token").get<std::string>()).has_value());
  }
}

// interop/vectors/jwt_fernet.jsonl: cryptography 38 encrypted and decrypted these.
TEST(FernetVectors, MatchCryptography) {
  auto vectors = LoadVectors("jwt_fernet.jsonl", "fernet");
  ASSERT_GE(vectors.size(), 40u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    if (v.at("op") == "sign") {
      auto key = FernetKeyBytes(v.at("secret").get<std::string>());
      ASSERT_TRUE(key.has_value());
      auto token = FernetEncrypt(*key, Unhex(v.at("value_hex")), v.at("timestamp").get<uint64_t>(),
                                 Unhex(v.at("iv_hex")));
      ASSERT_TRUE(token.has_value());
      EXPECT_EQ(*token, v.at("token").get<std::string>());
      continue;
    }
    auto clock = FakeClock::AtSeconds(v.at("now").get<int64_t>());
    std::optional<int64_t> ttl;
    if (!v.at("ttl").is_null()) ttl = v.at("ttl").get<int64_t>();
    auto got =
        MakeSigner(testing::Secrets(v), clock, ttl)->Verify(v.at("token").get<std::string>());
    EXPECT_EQ(OutcomeOf(got), v.at("outcome").get<std::string>());
    if (got && v.at("outcome") == "ok") {
      EXPECT_EQ(got->value, Unhex(v.at("value_hex")));
    }
  }
}

TEST(Fernet, SignUsesRandomIvAndRoundTrips) {
  auto clock = FakeClock::AtSeconds(1700000000);
  const std::string key = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
  auto signer = MakeSigner({crypto::SecretBytes(key)}, clock, 60);
  auto a = signer->Sign("data");
  auto b = signer->Sign("data");
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_NE(a->token, b->token);
  auto got = signer->Verify(a->token);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->value, "data");
  EXPECT_EQ(got->timestamp, 1700000000);
  auto decoded = FernetCodec().Decode(a->token, Limits{});
  ASSERT_TRUE(decoded.has_value());
  EXPECT_TRUE(decoded->encrypted);
  EXPECT_EQ(decoded->timestamp, 1700000000);
}

TEST(Fernet, StrictRejectsLenientBase64) {
  auto clock = FakeClock::AtSeconds(1700000000);
  const std::string key = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
  auto token = MakeSigner({crypto::SecretBytes(key)}, clock)->Sign("x")->token;
  const std::string junk = token.substr(0, 10) + "!" + token.substr(10);
  EXPECT_TRUE(MakeSigner({crypto::SecretBytes(key)}, clock)->Verify(junk).has_value());
  auto strict = MakeSigner({crypto::SecretBytes(key)}, clock, std::nullopt, /*strict=*/true);
  EXPECT_TRUE(strict->Verify(token).has_value());
  EXPECT_EQ(strict->Verify(junk).error().code, ErrorCode::kMalformed);
  // Decoding without a key claims only canonical tokens (detection must not over-claim).
  EXPECT_TRUE(FernetCodec().Decode(token, Limits{}).has_value());
  EXPECT_FALSE(FernetCodec().Decode(junk, Limits{}).has_value());
}

TEST(Fernet, BadKeysAndLimits) {
  Options o;
  o.secrets.emplace_back("too-short");
  EXPECT_EQ(FernetCodec().NewSigner(o).error().code, ErrorCode::kInvalidArgument);
  auto clock = FakeClock::AtSeconds(0);
  auto signer =
      MakeSigner({crypto::SecretBytes("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=")}, clock);
  EXPECT_EQ(signer->Verify(std::string(70000, 'A')).error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace knox::token
