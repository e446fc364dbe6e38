// Checks knox against interop/vectors/python.jsonl, which interop/python/gen_vectors.py makes with
// the real itsdangerous, Flask, Starlette and Django: every token must verify (or fail) exactly as
// the library did, and for positive vectors with a fixed issue time knox must sign the same input
// into the byte-identical token.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/base/test_paths.h"
#include "core/token/registry.h"

namespace knox::token {
namespace {

std::vector<nlohmann::json> LoadVectors() {
  std::string path = knox::test_support::SourceDir() + "/interop/vectors/python.jsonl";
  std::ifstream in(path);
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

const std::vector<nlohmann::json>& Vectors() {
  static const std::vector<nlohmann::json> v = LoadVectors();
  return v;
}

std::string ErrorKind(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadSignature:
      return "bad-signature";
    case ErrorCode::kExpired:
      return "expired";
    case ErrorCode::kMalformed:
      return "malformed";
    default:
      return "other:" + std::string(ErrorCodeName(code));
  }
}

struct Built {
  Options options;
  std::unique_ptr<FakeClock> clock;
};

Built BuildOptions(const nlohmann::json& o) {
  Built b;
  b.clock = std::make_unique<FakeClock>(o.at("now_ms").get<int64_t>());
  Options& opt = b.options;
  for (const auto& s : o.at("secrets")) opt.secrets.emplace_back(s.get<std::string>());
  if (!o.at("salt").is_null()) opt.salt = o.at("salt").get<std::string>();
  if (!o.at("digest").is_null())
    opt.digest = *crypto::ParseDigest(o.at("digest").get<std::string>());
  if (!o.at("key_derivation").is_null()) {
    opt.key_derivation = *ParseKeyDerivation(o.at("key_derivation").get<std::string>());
  }
  if (!o.at("sep").is_null()) opt.separator = o.at("sep").get<std::string>();
  opt.timestamped = o.at("timestamped").get<bool>();
  if (!o.at("timestamp").is_null()) opt.timestamp = o.at("timestamp").get<int64_t>();
  if (!o.at("max_age").is_null()) opt.max_age_seconds = o.at("max_age").get<int64_t>();
  opt.clock = b.clock.get();
  opt.limits.max_token_bytes = 1 << 20;  // the 64 KiB payload vectors; limits are tested apart
  return b;
}

TEST(PythonVectors, FileIsPresentAndCoversEveryPythonFormat) {
  std::map<std::string, int> per_format;
  for (const auto& v : Vectors()) ++per_format[v.at("format").get<std::string>()];
  for (const char* f :
       {"itsdangerous-signer", "itsdangerous-timestamp", "itsdangerous", "itsdangerous-timed",
        "itsdangerous-json", "flask", "starlette", "django", "django-signer"}) {
    EXPECT_GE(per_format[f], 20) << f;
  }
}

void CheckVerify(const nlohmann::json& v, int& checked);

TEST(PythonVectors, VerifyMatchesTheLibrary) {
  int checked = 0;
  for (const auto& v : Vectors()) CheckVerify(v, checked);
  EXPECT_GT(checked, 650);
}

void CheckVerify(const nlohmann::json& v, int& checked) {
  {
    SCOPED_TRACE(v.at("name").get<std::string>());
    auto codec = FindCodec(v.at("format").get<std::string>());
    ASSERT_TRUE(codec.has_value());
    Built b = BuildOptions(v.at("options"));
    auto signer = (*codec)->NewSigner(b.options);
    ASSERT_TRUE(signer.has_value()) << signer.error().message;
    auto got = (*signer)->Verify(v.at("token").get<std::string>());
    const auto& expect = v.at("expect");
    if (expect.at("ok").get<bool>()) {
      ASSERT_TRUE(got.has_value()) << ErrorKind(got.error().code) << ": " << got.error().message;
      EXPECT_EQ(got->value, expect.at("value").get<std::string>());
      if (expect.at("timestamp").is_null()) {
        EXPECT_FALSE(got->timestamp.has_value());
      } else {
        ASSERT_TRUE(got->timestamp.has_value());
        EXPECT_EQ(*got->timestamp, expect.at("timestamp").get<int64_t>());
      }
    } else {
      ASSERT_FALSE(got.has_value()) << "accepted: " << got->value;
      EXPECT_EQ(ErrorKind(got.error().code), expect.at("error").get<std::string>())
          << got.error().message;
    }
    ++checked;
  }
}

TEST(PythonVectors, SignIsByteIdentical) {
  int checked = 0;
  for (const auto& v : Vectors()) {
    if (!v.at("sign_exact").get<bool>()) continue;
    SCOPED_TRACE(v.at("name").get<std::string>());
    auto codec = FindCodec(v.at("format").get<std::string>());
    ASSERT_TRUE(codec.has_value());
    Built b = BuildOptions(v.at("options"));
    auto signer = (*codec)->NewSigner(b.options);
    ASSERT_TRUE(signer.has_value()) << signer.error().message;
    auto got = (*signer)->Sign(v.at("input").get<std::string>());
    ASSERT_TRUE(got.has_value()) << got.error().message;
    EXPECT_EQ(got->token, v.at("token").get<std::string>());
    ++checked;
  }
  EXPECT_GT(checked, 240);
}

void CheckDecode(const nlohmann::json& v);

TEST(PythonVectors, DecodeReadsEveryPositiveDefaultSeparatorToken) {
  for (const auto& v : Vectors()) CheckDecode(v);
}

void CheckDecode(const nlohmann::json& v) {
  {
    if (!v.at("sign_exact").get<bool>() || !v.at("options").at("sep").is_null()) return;
    if (!v.at("expect").at("ok").get<bool>()) return;  // positive tokens only
    SCOPED_TRACE(v.at("name").get<std::string>());
    auto codec = FindCodec(v.at("format").get<std::string>());
    auto decoded =
        (*codec)->Decode(v.at("token").get<std::string>(), Limits{.max_token_bytes = 1 << 20});
    std::string value = v.at("expect").at("value").get<std::string>();
    if (v.at("format") == "flask" && !value.starts_with("{")) {
      EXPECT_FALSE(decoded.has_value()) << "flask Decode claims only session objects";
      return;
    }
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    if (decoded->is_json) {
      EXPECT_EQ(decoded->payload, value);
    }
  }
}

}  // namespace
}  // namespace knox::token
