#include "core/token/fernet.h"

#include <gtest/gtest.h>

#include "core/base/test_paths.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

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

// "1985-10-26T01:20:00-07:00" -> Unix seconds (the spec files' time format).
int64_t Rfc3339Seconds(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, oh = 0, om = 0;
  char sign = '+';
  EXPECT_EQ(std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d%c%d:%d", &y, &mo, &d, &h, &mi, &se, &sign,
                        &oh, &om),
            9);
  // Days from civil (proleptic Gregorian).
  y -= mo <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = int64_t{era} * 146097 + doe - 719468;
  const int64_t offset = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  return days * 86400 + h * 3600 + mi * 60 + se - offset;
}

// The Fernet specification's own vectors (shared/conformance/fernet-spec), read in place.
Json SpecFile(const std::string& name) {
  std::ifstream in(knox::test_support::SharedDir() + "/conformance/fernet-spec/" + name);
  if (!in) return Json();
  std::stringstream text;
  text << in.rdbuf();
  return Json::parse(text.str());
}

#define LOAD_SPEC_OR_SKIP(var, name)                                                  \
  Json var = SpecFile(name);                                                          \
  if (var.is_null()) {                                                                \
    if (knox::test_support::InCi()) FAIL() << "fernet-spec missing";                     \
    GTEST_SKIP() << "KNOX_SHARED_DIR/conformance/fernet-spec not found";              \
  }

TEST(FernetSpec, Generate) {
  LOAD_SPEC_OR_SKIP(cases, "generate.json");
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    std::string iv;
    for (const auto& b : c.at("iv")) iv.push_back(static_cast<char>(b.get<int>()));
    auto key = FernetKeyBytes(c.at("secret").get<std::string>());
    ASSERT_TRUE(key.has_value());
    auto token = FernetEncrypt(*key, c.at("src").get<std::string>(),
                               static_cast<uint64_t>(Rfc3339Seconds(c.at("now"))), iv);
    ASSERT_TRUE(token.has_value());
    EXPECT_EQ(*token, c.at("token").get<std::string>());
  }
}

TEST(FernetSpec, Verify) {
  LOAD_SPEC_OR_SKIP(cases, "verify.json");
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    auto clock = FakeClock::AtSeconds(Rfc3339Seconds(c.at("now")));
    auto signer = MakeSigner({crypto::SecretBytes(c.at("secret").get<std::string>())}, clock,
                             c.at("ttl_sec").get<int64_t>());
    auto got = signer->Verify(c.at("token").get<std::string>());
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->value, c.at("src").get<std::string>());
  }
}

TEST(FernetSpec, Invalid) {
  LOAD_SPEC_OR_SKIP(cases, "invalid.json");
  ASSERT_EQ(cases.size(), 8u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.at("desc").get<std::string>());
    auto clock = FakeClock::AtSeconds(Rfc3339Seconds(c.at("now")));
    auto signer = MakeSigner({crypto::SecretBytes(c.at("secret").get<std::string>())}, clock,
                             c.at("ttl_sec").get<int64_t>());
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
      auto token = FernetEncrypt(*key, Unhex(v.at("value_hex")),
                                 v.at("timestamp").get<uint64_t>(), Unhex(v.at("iv_hex")));
      ASSERT_TRUE(token.has_value());
      EXPECT_EQ(*token, v.at("token").get<std::string>());
      continue;
    }
    auto clock = FakeClock::AtSeconds(v.at("now").get<int64_t>());
    std::optional<int64_t> ttl;
    if (!v.at("ttl").is_null()) ttl = v.at("ttl").get<int64_t>();
    auto got = MakeSigner(testing::Secrets(v), clock, ttl)->Verify(v.at("token").get<std::string>());
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
}

TEST(Fernet, BadKeysAndLimits) {
  Options o;
  o.secrets.emplace_back("too-short");
  EXPECT_EQ(FernetCodec().NewSigner(o).error().code, ErrorCode::kInvalidArgument);
  auto clock = FakeClock::AtSeconds(0);
  auto signer = MakeSigner({crypto::SecretBytes("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=")},
                           clock);
  EXPECT_EQ(signer->Verify(std::string(70000, 'A')).error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace knox::token
