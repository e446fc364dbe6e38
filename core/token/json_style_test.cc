#include "core/token/json_style.h"

#include <gtest/gtest.h>

namespace knox::token {
namespace {

// Expected outputs recorded from CPython 3.11 json.dumps and Node.js 20 JSON.stringify of
// json.loads / JSON.parse of each input (see docs/formats.md).
struct Case {
  const char* input;
  const char* py_compact;      // separators=(",", ":")
  const char* py_default;      // json.dumps(o)
  const char* py_sorted_utf8;  // ensure_ascii=False, sort_keys=True, compact
  const char* js;              // JSON.stringify(o)
};

const Case kCases[] = {
    {R"json({"user_id":"123","role":"admin"})json", R"json({"user_id":"123","role":"admin"})json",
     R"json({"user_id": "123", "role": "admin"})json",
     R"json({"role":"admin","user_id":"123"})json", R"json({"user_id":"123","role":"admin"})json"},
    {R"json({"b":1,"a":[1,2.5,-0.0,1e16,1e15,0.0001,0.00001,123456789.125,1e-7,1e21,1e22,5e-324],"2":true,"1":null,"01":"x"})json",
     R"json({"b":1,"a":[1,2.5,-0.0,1e+16,1000000000000000.0,0.0001,1e-05,123456789.125,1e-07,1e+21,1e+22,5e-324],"2":true,"1":null,"01":"x"})json",
     R"json({"b": 1, "a": [1, 2.5, -0.0, 1e+16, 1000000000000000.0, 0.0001, 1e-05, 123456789.125, 1e-07, 1e+21, 1e+22, 5e-324], "2": true, "1": null, "01": "x"})json",
     R"json({"01":"x","1":null,"2":true,"a":[1,2.5,-0.0,1e+16,1000000000000000.0,0.0001,1e-05,123456789.125,1e-07,1e+21,1e+22,5e-324],"b":1})json",
     R"json({"1":null,"2":true,"b":1,"a":[1,2.5,0,10000000000000000,1000000000000000,0.0001,0.00001,123456789.125,1e-7,1e+21,1e+22,5e-324],"01":"x"})json"},
    {R"json({"s":"\u00e9\u4e2d\ud83d\ude00\u007f\u0001\n\t\"\\/"})json",
     R"json({"s":"\u00e9\u4e2d\ud83d\ude00\u007f\u0001\n\t\"\\/"})json",
     R"json({"s": "\u00e9\u4e2d\ud83d\ude00\u007f\u0001\n\t\"\\/"})json",
     R"json({"s":"é中😀\u0001\n\t\"\\/"})json",
     R"json({"s":"é中😀\u0001\n\t\"\\/"})json"},
    {R"json([12345678901234567890, 9007199254740993, -5, 0, 1.0, 100.0, 3.14159])json",
     R"json([12345678901234567890,9007199254740993,-5,0,1.0,100.0,3.14159])json",
     R"json([12345678901234567890, 9007199254740993, -5, 0, 1.0, 100.0, 3.14159])json",
     R"json([12345678901234567890,9007199254740993,-5,0,1.0,100.0,3.14159])json",
     R"json([12345678901234567000,9007199254740992,-5,0,1,100,3.14159])json"},
    {R"json({"a":1,"a":2,"b":3})json", R"json({"a":2,"b":3})json", R"json({"a": 2, "b": 3})json",
     R"json({"a":2,"b":3})json", R"json({"a":2,"b":3})json"},
    {R"json("top")json", R"json("top")json", R"json("top")json", R"json("top")json",
     R"json("top")json"},
    {R"json({})json", R"json({})json", R"json({})json", R"json({})json", R"json({})json"},
    {R"json([])json", R"json([])json", R"json([])json", R"json([])json", R"json([])json"},
    {R"json({"x":{},"y":[[]],"z":{"k":[1,{"m":"n"}]}})json",
     R"json({"x":{},"y":[[]],"z":{"k":[1,{"m":"n"}]}})json",
     R"json({"x": {}, "y": [[]], "z": {"k": [1, {"m": "n"}]}})json",
     R"json({"x":{},"y":[[]],"z":{"k":[1,{"m":"n"}]}})json",
     R"json({"x":{},"y":[[]],"z":{"k":[1,{"m":"n"}]}})json"},
};

TEST(JsonStyle, MatchesPythonAndNode) {
  for (const Case& c : kCases) {
    auto doc = ParseJson(c.input);
    ASSERT_TRUE(doc) << c.input;
    EXPECT_EQ(PyJsonDumps(*doc, {.compact = true, .ensure_ascii = true, .sort_keys = false}),
              c.py_compact);
    EXPECT_EQ(PyJsonDumps(*doc, {.compact = false, .ensure_ascii = true, .sort_keys = false}),
              c.py_default);
    EXPECT_EQ(PyJsonDumps(*doc, {.compact = true, .ensure_ascii = false, .sort_keys = true}),
              c.py_sorted_utf8);
    EXPECT_EQ(JsJsonStringify(*doc), c.js);
  }
}

TEST(JsonStyle, RejectsBadJson) {
  EXPECT_EQ(ParseJson("{").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ParseJson("{'a':1}").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ParseJson("[1,]").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ParseJson("\"\xff\"").error().code, ErrorCode::kMalformed);  // invalid UTF-8
  EXPECT_EQ(ParseJson("").error().code, ErrorCode::kMalformed);
}

TEST(JsonStyle, DepthAndSizeLimits) {
  Limits limits;
  limits.max_json_depth = 4;
  EXPECT_TRUE(ParseJson("[[[[1]]]]", limits));
  EXPECT_EQ(ParseJson("[[[[[1]]]]]", limits).error().code, ErrorCode::kLimitExceeded);
  // Brackets inside strings do not count.
  EXPECT_TRUE(ParseJson(R"(["[[[[[[[[", "\\\"{{{{{{"])", limits));
  limits.max_decompressed_bytes = 8;
  EXPECT_EQ(ParseJson("[1,2,3,4,5]", limits).error().code, ErrorCode::kLimitExceeded);
  std::string deep(100000, '[');
  EXPECT_EQ(ParseJson(deep).error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace knox::token
