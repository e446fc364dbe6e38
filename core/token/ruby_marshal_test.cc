#include "core/token/ruby_marshal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/base/base64.h"
#include "core/token/ruby_marshal_json.h"
#include "core/token/vector_file_test_util.h"

namespace knox::token::marshal {
namespace {

std::string FromB64(const std::string& text) {
  return *Base64DecodeStrict(text, Base64Alphabet::kStandard, Base64Padding::kPadded);
}

// The round-trip properties the fuzzer also checks: Write(Read(x)) reads back as the same tree,
// and its JSON is stable through FromJson (write -> read identity for what knox signs).
void ExpectRoundTrips(const std::string& bytes) {
  auto doc = Read(bytes);
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  auto again = Read(Write(*doc));
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(SameTree(*doc, *again));
  EXPECT_EQ(Write(*again), Write(*doc));
  auto json = ToJson(*doc);
  ASSERT_TRUE(json.has_value());
  auto built = FromJson(*json);
  if (!built) return;  // a cycle ("Link") is shown, not signed
  auto reread = Read(Write(*built));
  ASSERT_TRUE(reread.has_value());
  EXPECT_EQ(ToJson(*reread).value(), *json);
}

// interop/vectors/ruby_marshal.jsonl: Marshal.dump's bytes, and the JSON knox must show for them
// as interop/ruby/knox_json.rb renders the objects Marshal.load made.
TEST(RubyMarshalVectors, ReadAndRenderAsRubyLoadsThem) {
  auto vectors = testing::LoadVectors("ruby_marshal.jsonl", "ruby_marshal");
  ASSERT_GE(vectors.size(), 20u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    const std::string bytes = FromB64(v.at("marshal"));
    auto doc = Read(bytes);
    ASSERT_TRUE(doc.has_value()) << doc.error().message;
    // Ruby's own dump is the canonical form: writing the tree gives Ruby's bytes back.
    EXPECT_EQ(Write(*doc), bytes);
    auto json = ToJson(*doc);
    ASSERT_TRUE(json.has_value()) << json.error().message;
    EXPECT_EQ(*json, v.at("json"));
    ExpectRoundTrips(bytes);
  }
}

// Found by fuzz/ruby_marshal_fuzzer.cc: a Bignum ('l') holding a Fixnum-sized value is an entry
// of the object table and was written back as a Fixnum ('i'), which is not, so the object link
// after it ('@' 1: the Bignum itself) pointed past the table. Integers keep the type they were
// read with; so does a Fixnum beyond 2^30 (what 'i' can hold is up to 32 bits).
TEST(RubyMarshal, IntegersKeepTheirWireTypeSoLinksStillPointRight) {
  // {-0x3a61 (as a Bignum) => @1, :"\0" => "x"}
  const std::string bignum_then_link("\004\010{\007l-\006a:@\006:\006\000\042\006x", 17);
  ExpectRoundTrips(bignum_then_link);
  EXPECT_EQ(Write(Read(bignum_then_link).value()), bignum_then_link);
  // [2^31 - 1 as 'i' (4 bytes), "s", @1 (the string: a Fixnum is no object)]
  const std::string wide_fixnum("\004\010[\010i\004\377\377\377\177\042\006s@\006", 15);
  ExpectRoundTrips(wide_fixnum);
  EXPECT_EQ(Write(Read(wide_fixnum).value()), wide_fixnum);
  // The fuzzer's input.
  ExpectRoundTrips(
      std::string("\004\010{\007l-\006a:@\006:"
                  "\006\000\042\042\377\042\042T\042\042\220\220\220\042\042\042E\042\377e\042\042"
                  "\042\332\335\335\335E\042\042\042 \042",
                  45));
}

// Found by fuzz/ruby_marshal_fuzzer.cc: the encoding flag E whose value is an ivar-wrapped true
// ('I' 'T' with no ivars, which Marshal.load reads as true) was shown as ivars {"E": true} on
// an ASCII-8BIT string and signed back as a UTF-8 string. It is the flag, as in Ruby.
TEST(RubyMarshal, EncodingFlagThroughAnIvarWrapperIsTheFlag) {
  const std::string bytes("\004\010I\042\013ab\244\31623\006:\006EIT\000", 18);
  auto doc = Read(bytes);
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ(ToJson(*doc).value().dump(),
            R"({"@ruby":"String","encoding":"UTF-8","base64":"YWKkzjIz"})");
  ExpectRoundTrips(bytes);
}

TEST(RubyMarshal, FloatTextIsRubys) {
  EXPECT_EQ(RubyFloatText(1.0), "1");
  EXPECT_EQ(RubyFloatText(100.0), "1e2");
  EXPECT_EQ(RubyFloatText(0.0001), "0.0001");
  EXPECT_EQ(RubyFloatText(1e-5), "1e-5");
  EXPECT_EQ(RubyFloatText(-0.0), "-0");
  EXPECT_EQ(RubyFloatText(12345678901234567.0), "12345678901234568");
  EXPECT_EQ(RubyFloatText(-1.5e300), "-1.5e300");
  EXPECT_TRUE(std::isnan(ParseRubyFloat("nan")));
  EXPECT_EQ(ParseRubyFloat("1e2\0junk"), 100.0);
  EXPECT_EQ(ParseRubyFloat("abc"), 0.0);
  EXPECT_EQ(ParseRubyFloat("1e999"), HUGE_VAL);
}

struct BadCase {
  const char* name;
  std::string bytes;
  ErrorCode code;
};

TEST(RubyMarshal, RefusesWhatMarshalLoadRefusesAndBoundsTheRest) {
  const BadCase cases[] = {
      {"Empty", "", ErrorCode::kMalformed},
      {"Version49", std::string("\x04\x09", 2) + "0", ErrorCode::kMalformed},
      {"Major3", std::string("\x03\x08", 2) + "0", ErrorCode::kMalformed},
      {"Truncated",
       std::string("\x04\x08\"\x0a"
                   "ab",
                   6),
       ErrorCode::kMalformed},
      {"UnknownType",
       std::string("\x04\x08"
                   "z",
                   3),
       ErrorCode::kMalformed},
      {"HugeArrayCount", std::string("\x04\x08[\x04\xff\xff\xff\x7f", 8), ErrorCode::kMalformed},
      {"NegativeLength", std::string("\x04\x08\"\xfa", 4), ErrorCode::kMalformed},
      {"LinkForward", std::string("\x04\x08[\x06@\x06", 6), ErrorCode::kMalformed},
      {"SymlinkUndefined", std::string("\x04\x08;\x00", 4), ErrorCode::kMalformed},
      {"IvarOnFixnum", std::string("\x04\x08Ii\x06\x06:\x06ET", 10), ErrorCode::kMalformed},
      {"EncodingOnArray", std::string("\x04\x08I[\x00\x06:\x06ET", 10), ErrorCode::kMalformed},
      {"SymlinkWithEncoding", std::string("\x04\x08[\x07:\x06aI;\x00\x00", 11),
       ErrorCode::kMalformed},
      {"UserClassAroundNil",
       std::string("\x04\x08"
                   "C:\x06X0",
                   7),
       ErrorCode::kMalformed},
      {"UserClassAroundIvar",
       std::string("\x04\x08"
                   "C:\x06XI\"\x00\x00",
                   10),
       ErrorCode::kMalformed},
      {"TooDeep",
       "\x04\x08" +
           [] {
             std::string nested;
             for (int i = 0; i < 100; ++i) nested += "[\x06";
             return nested + "0";
           }(),
       ErrorCode::kLimitExceeded},
      {"HugeBignum", std::string("\x04\x08l+\x02\x00\x04", 7) + std::string(2048, '\x01'),
       ErrorCode::kLimitExceeded},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto doc = Read(c.bytes);
    ASSERT_FALSE(doc.has_value());
    EXPECT_EQ(doc.error().code, c.code);
  }
}

TEST(RubyMarshal, LinkExpansionIsBoundedAndCyclesAreShown) {
  // a = []; a << a  -> [@0]
  auto cycle = Read(std::string("\x04\x08[\x06@\x00", 6));
  ASSERT_TRUE(cycle.has_value());
  EXPECT_EQ(ToJson(*cycle)->dump(), R"([{"@ruby":"Link","index":0}])");
  EXPECT_FALSE(FromJson(*ToJson(*cycle)).has_value());
  // [[nil,nil], [@1,@1], [@2,@2], ...]: each array links the previous one twice, so 20 small
  // arrays stand for 2^20 values; rendering stops at the limit.
  std::string b = std::string("\x04\x08[", 3) + static_cast<char>(20 + 5) + "[\x07" + "00";
  for (int k = 2; k <= 20; ++k) {
    const char link = static_cast<char>(k - 1 + 5);
    b += std::string("[\x07@") + link + "@" + link;
  }
  auto doc = Read(b);
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  auto json = ToJson(*doc);
  ASSERT_FALSE(json.has_value());
  EXPECT_EQ(json.error().code, ErrorCode::kLimitExceeded);
}

TEST(RubyMarshal, TimeIsShownByClassWithItsIvars) {
  // Marshal.dump(Time.at(0).utc)
  auto doc = Read(FromB64("BAhJdToJVGltZQ0ggBHAAAAAAAY6CXpvbmVJIghVVEMGOgZFRg=="));
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ(
      ToJson(*doc)->dump(),
      R"({"@ruby":"Ivars","value":{"@ruby":"UserDefined","class":"Time","base64":"IIARwAAAAAA="},"ivars":{"zone":"UTC"}})");
  ExpectRoundTrips(Write(*doc));
}

TEST(RubyMarshal, FromJsonWritesWhatRubyDumps) {
  // Marshal.dump({"user"=>"alice","n"=>5}) in Ruby 3.1.
  auto doc = FromJson(Json::parse(R"({"user":"alice","n":5})"));
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(Write(*doc), FromB64("BAh7B0kiCXVzZXIGOgZFVEkiCmFsaWNlBjsAVEkiBm4GOwBUaQo="));
  EXPECT_FALSE(FromJson(Json::parse(R"({"@ruby":"Nope"})")).has_value());
  EXPECT_FALSE(FromJson(Json::parse(R"({"@ruby":"String","encoding":"UTF-8"})")).has_value());
}

}  // namespace
}  // namespace knox::token::marshal
