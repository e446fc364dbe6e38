// FastPyJsonDumps must agree byte for byte with ParseJson + PyJsonDumps whenever it answers.
#include "core/token/py_json_fast.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace knox::token {
namespace {

// Random JSON-ish text: mostly valid cookie-like documents, with traps (floats, escapes, -0,
// duplicate keys, non-ASCII, whitespace, truncation).
std::string RandomJson(std::mt19937& rng, int depth) {
  static const char* kAtoms[] = {"0",
                                 "-0",
                                 "17",
                                 "-42",
                                 "123456789012345678",
                                 "1234567890123456789",
                                 "1.5",
                                 "1e5",
                                 "true",
                                 "false",
                                 "null",
                                 "\"\"",
                                 "\"ab\"",
                                 "\"a\\\"b\"",
                                 "\"\xc3\xa9\"",
                                 "\"x y\"",
                                 "01",
                                 "\"\\u00e9\"",
                                 "tru"};
  auto pick = rng() % 10;
  if (depth > 4 || pick < 5) return kAtoms[rng() % (sizeof(kAtoms) / sizeof(*kAtoms))];
  std::string ws = rng() % 4 == 0 ? " " : "";
  if (pick < 8) {
    std::string out = "{" + ws;
    int n = static_cast<int>(rng() % 4);
    for (int i = 0; i < n; ++i) {
      if (i) out += "," + ws;
      out += "\"k" + std::to_string(rng() % 3) + "\"" + ws + ":" + ws + RandomJson(rng, depth + 1);
    }
    return out + ws + "}";
  }
  std::string out = "[" + ws;
  int n = static_cast<int>(rng() % 4);
  for (int i = 0; i < n; ++i) {
    if (i) out += "," + ws;
    out += RandomJson(rng, depth + 1);
  }
  return out + ws + "]";
}

TEST(PyJsonFast, AgreesWithTheFullPathWheneverItAnswers) {
  std::mt19937 rng(99);
  const PyJsonStyle styles[] = {
      {true, false, false}, {false, true, false}, {true, true, true}, {true, true, false}};
  int answered = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = RandomJson(rng, 0);
    if (rng() % 20 == 0) text = text.substr(0, text.size() / 2);
    for (const PyJsonStyle& style : styles) {
      auto fast = FastPyJsonDumps(text, style, Limits{});
      if (!fast) continue;
      ++answered;
      auto doc = ParseJson(text);
      ASSERT_TRUE(doc.has_value()) << text;
      ASSERT_EQ(*fast, PyJsonDumps(*doc, style)) << text;
    }
  }
  EXPECT_GT(answered, 10000);
}

TEST(PyJsonFast, DefersOutsideItsSubset) {
  for (std::string_view text : {R"({"a":1,"a":2})", R"({"a":1.0})", R"("\u00e9")", "-0", "01",
                                R"({"b":1,"a":2})", "[1,]", "\"\x01\""}) {
    PyJsonStyle sorted{true, true, true};
    EXPECT_FALSE(FastPyJsonDumps(text, sorted, Limits{}).has_value()) << text;
  }
  Limits shallow;
  shallow.max_json_depth = 2;
  EXPECT_FALSE(FastPyJsonDumps("[[[1]]]", PyJsonStyle{}, shallow).has_value());
  EXPECT_EQ(FastPyJsonDumps("[[1]]", PyJsonStyle{}, shallow), "[[1]]");
  EXPECT_EQ(FastPyJsonDumps(R"( {"user_id" : "123", "n":[1, true,null]} )",
                            PyJsonStyle{false, true, false}, Limits{}),
            R"({"user_id": "123", "n": [1, true, null]})");
}

}  // namespace
}  // namespace knox::token
