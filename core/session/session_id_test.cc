#include "core/session/session_id.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/session/session_key.h"

namespace knox::session {
namespace {

TEST(SessionIdTest, GeneratedIdsAre43Base64UrlCharsAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = SessionId::Generate();
    ASSERT_TRUE(id);
    ASSERT_EQ(id->text().size(), kSessionIdLength);
    for (char c : id->text()) {
      ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << c;
    }
    seen.insert(std::string(id->text()));
    auto parsed = SessionId::Parse(id->text());
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, *id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

struct BadId {
  const char* name;
  std::string text;
};

class SessionIdParseTest : public ::testing::TestWithParam<BadId> {};

TEST_P(SessionIdParseTest, Rejects) {
  auto parsed = SessionId::Parse(GetParam().text);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
  if (!GetParam().text.empty()) {
    EXPECT_EQ(parsed.error().message.find(GetParam().text), std::string::npos)
        << "the value must not be echoed";
  }
}

const std::string kGood = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

INSTANTIATE_TEST_SUITE_P(
    Strict, SessionIdParseTest,
    ::testing::Values(BadId{"Empty", ""}, BadId{"TooShort", kGood.substr(0, 42)},
                      BadId{"TooLong", kGood + "A"}, BadId{"Padded", kGood + "="},
                      BadId{"StandardAlphabetPlus", "+" + kGood.substr(1)},
                      BadId{"StandardAlphabetSlash", "/" + kGood.substr(1)},
                      BadId{"Space", " " + kGood.substr(1)},
                      BadId{"NonCanonicalTrailingBits", kGood.substr(0, 42) + "9"},
                      BadId{"Quoted", "\"" + kGood.substr(1, 41) + "\""},
                      BadId{"NulByte", std::string(1, '\0') + kGood.substr(1)},
                      BadId{"HighByte", "\xC3" + kGood.substr(1)}),
    [](const auto& test_case) { return test_case.param.name; });

TEST(SessionIdTest, ParseAcceptsTheCanonicalForm) {
  auto parsed = SessionId::Parse(kGood);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->text(), kGood);
}

TEST(SessionKeyTest, IsSha256OfTheIdText) {
  auto id = *SessionId::Parse(kGood);
  SessionKey key = SessionKey::ForId(id);
  EXPECT_EQ(key.digest().size(), kSessionKeyBytes);
  EXPECT_EQ(key.Hex(), "ea866a757e4c38babfa8127cbe9a409d3e1f93a00ff1488ff735fcf917afffd0");
  EXPECT_EQ(key.Hex().find(kGood), std::string::npos);
  EXPECT_EQ(SessionKey::ForId(*SessionId::Parse(kGood)), key);
  EXPECT_FALSE(SessionKey::ForId(*SessionId::Generate()) == key);
  EXPECT_FALSE(SessionKey::FromDigest("short"));
  EXPECT_EQ(*SessionKey::FromDigest(key.digest()), key);
}

}  // namespace
}  // namespace knox::session
