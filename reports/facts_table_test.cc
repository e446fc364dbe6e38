#include "reports/facts_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace knox::reports {
namespace {

using ::testing::ElementsAre;
using ::testing::FieldsAre;

TEST(FlattenFacts, NestedObjectsBecomeDottedKeys) {
  const auto facts = nlohmann::json::parse(
      R"({"https":true,"session_cookie":{"name":"sid","attributes":{"secure":false}}})");
  EXPECT_THAT(FlattenFacts(facts),
              ElementsAre(FieldsAre("https", "yes", false),
                          FieldsAre("session_cookie.attributes.secure", "no", false),
                          FieldsAre("session_cookie.name", "sid", false)));
}

TEST(FlattenFacts, NullIsUndecided) {
  const auto facts = nlohmann::json::parse(R"({"fixation":null})");
  EXPECT_THAT(FlattenFacts(facts), ElementsAre(FieldsAre("fixation", "undecided", true)));
}

TEST(FlattenFacts, ArraysOfScalarsAreJoinedAndObjectsIndexed) {
  const auto facts = nlohmann::json::parse(
      R"({"fields":["a",1,null],"none":[],"other_cookies":[{"name":"x"},{"name":"y"}]})");
  EXPECT_THAT(FlattenFacts(facts), ElementsAre(FieldsAre("fields", "a, 1, undecided", false),
                                               FieldsAre("none", "(none)", false),
                                               FieldsAre("other_cookies[0].name", "x", false),
                                               FieldsAre("other_cookies[1].name", "y", false)));
}

TEST(FlattenFacts, NumbersKeepTheirJsonForm) {
  const auto facts = nlohmann::json::parse(R"({"entropy_bits":121.5,"length":64})");
  EXPECT_THAT(FlattenFacts(facts), ElementsAre(FieldsAre("entropy_bits", "121.5", false),
                                               FieldsAre("length", "64", false)));
}

TEST(FlattenFacts, DeepNestingIsCutToCompactJson) {
  nlohmann::json deep = "leaf";
  for (int i = 0; i < 20; ++i) deep = nlohmann::json{{"k", deep}};
  const std::vector<FactRow> rows = FlattenFacts(deep);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].key, "k.k.k.k.k.k.k.k");
  EXPECT_EQ(rows[0].value.substr(0, 6), R"({"k":{)");
}

TEST(FlattenFacts, NonObjectSessions) {
  EXPECT_TRUE(FlattenFacts(nlohmann::json()).empty());
  EXPECT_TRUE(FlattenFacts(nlohmann::json::array({1, 2})).empty());
  EXPECT_THAT(FlattenFacts(nlohmann::json("x")), ElementsAre(FieldsAre("session", "x", false)));
}

TEST(FlattenFacts, InvalidUtf8InANestedKeyDoesNotThrow) {
  nlohmann::json facts = {{"a", {{std::string("\xff\xfe"), nlohmann::json::array({{{"b", 1}}})}}}};
  const std::vector<FactRow> rows = FlattenFacts(facts);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].key, "a.\xff\xfe[0].b");  // raw: the renderers escape keys and values
}

}  // namespace
}  // namespace knox::reports
