// The Go gob reader and writer (go_gob.h, go_gob_json.h) against interop/vectors/gorilla.jsonl's
// "go-gob" streams, made and read by Go 1.19's encoding/gob (interop/go/gob.go), and the limits,
// errors and round trip.
#include "core/token/go_gob.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/base/hex.h"
#include "core/token/go_gob_json.h"
#include "core/token/go_json_test_util.h"
#include "core/token/vector_file_test_util.h"

namespace knox::token::gob {
namespace {

using token::testing::LoadVectors;
using token::testing::SameJson;

Result<Document> ReadChecked(std::string_view bytes, const GobLimits& limits = {}) {
  auto doc = Read(bytes, limits);
  if (!doc) return doc;
  if (auto ok = CheckGoTypes(*doc); !ok) return std::unexpected(ok.error());
  return doc;
}

std::string Hex(std::string_view hex) { return HexDecode(hex).value(); }

TEST(GoGobVectors, ReadAsGoReadsThem) {
  auto vectors = LoadVectors("gorilla.jsonl", "go-gob");
  ASSERT_GE(vectors.size(), 35u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    auto doc = ReadChecked(Hex(v.value("hex", "")));
    const std::string expected = v.value("knox_outcome", v.at("outcome").get<std::string>());
    EXPECT_EQ(doc ? "ok" : "malformed", expected) << (doc ? "" : doc.error().message);
    if (!doc || v.at("outcome") != "ok") continue;
    const Json got = ToJson(doc->root);
    EXPECT_TRUE(SameJson(got, ParseJson(v.at("value").get<std::string>()).value()))
        << got.dump() << "\n"
        << v.at("value").get<std::string>();
    EXPECT_EQ(IsSessionMap(*doc), v.at("session").get<bool>());
  }
}

// Read -> Write -> Read is the identity for every stream in the subset knox writes, and the
// written bytes are stable.
TEST(GoGobVectors, WrittenBackAsRead) {
  size_t written = 0;
  for (const auto& v : LoadVectors("gorilla.jsonl", "go-gob")) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    auto doc = Read(Hex(v.value("hex", "")));
    if (!doc) continue;
    auto bytes = WriteSession(doc->root);
    if (!bytes) continue;
    ++written;
    auto again = Read(*bytes);
    ASSERT_TRUE(again.has_value()) << again.error().message;
    EXPECT_TRUE(SameValue(doc->root, again->root));
    EXPECT_EQ(WriteSession(again->root).value(), *bytes);
  }
  EXPECT_GE(written, 3u);
}

// What a fresh Go process writes for a session (bytes from `go run` of gob.NewEncoder).
TEST(GoGobWriter, FreshProcessBytes) {
  Value session = NewSessionMap();
  Value k;
  k.kind = Kind::kString;
  k.bytes = "a";
  Value s;
  s.kind = Kind::kString;
  s.bytes = "b";
  session.items = {InterfaceOf("string", k), InterfaceOf("string", s)};
  EXPECT_EQ(HexEncode(WriteSession(session).value()),
            "0eff81040102ff82000110011000001cff82000106737472696e670c0300016106737472696e670c03"
            "000162");
  Value one;
  one.kind = Kind::kInt;
  one.integer = 1;
  Value x;
  x.kind = Kind::kString;
  x.bytes = "x";
  session.items = {InterfaceOf("string", k),
                   InterfaceSlice({InterfaceOf("int", one), InterfaceOf("string", x)})};
  // The []interface {} definition splits the value's message where Go's encoder does.
  EXPECT_EQ(HexEncode(WriteSession(session).value()),
            "0eff81040102ff82000110011000002bff82000106737472696e670c030001610e5b5d696e74657266"
            "616365207b7dff83020102ff84000110000019ff8416000203696e740402000206737472696e670c03"
            "000178");
  session.items.clear();
  EXPECT_EQ(HexEncode(WriteSession(session).value()), "0eff81040102ff820001100110000004ff820000");
}

TEST(GoGobWriter, RefusesWhatItCannotWrite) {
  Value map;
  map.kind = Kind::kMap;
  map.type = "map[string]string";
  EXPECT_EQ(WriteSession(map).error().code, ErrorCode::kInvalidArgument);
  Value session = NewSessionMap();
  Value st;
  st.kind = Kind::kStruct;
  st.type = "P";
  session.items = {InterfaceOf("string", Value{.kind = Kind::kString}), InterfaceOf("main.P", st)};
  EXPECT_EQ(WriteSession(session).error().code, ErrorCode::kInvalidArgument);
}

TEST(GoGobJson, SessionFromJsonAndBack) {
  const Json in =
      ParseJson(R"({"s":"x","i":-3,"f":1.0,"b":false,"n":null,"a":[1,[2.5,"y"],null]})").value();
  auto session = SessionFromJson(in);
  ASSERT_TRUE(session.has_value());
  auto doc = ReadChecked(WriteSession(*session).value());
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_TRUE(IsSessionMap(*doc));
  EXPECT_EQ(ToJson(doc->root).dump(), in.dump());
  EXPECT_EQ(TypeString(*doc, doc->root.type_id), "map[interface {}]interface {}");
}

TEST(GoGobJson, SessionFromJsonRefuses) {
  for (const char* text : {R"([1])", R"({"o":{"a":1}})", R"({"@go":"map"})",
                           R"({"big":18446744073709551615})", R"({"a":[{"x":1}]})"}) {
    EXPECT_EQ(SessionFromJson(ParseJson(text).value()).error().code, ErrorCode::kInvalidArgument)
        << text;
  }
}

TEST(GoGobJson, Renderings) {
  Value nan;
  nan.kind = Kind::kFloat;
  nan.real = std::nan("");
  EXPECT_EQ(ToJson(nan).dump(), R"({"@go":"float","value":"NaN"})");
  Value bad;
  bad.kind = Kind::kString;
  bad.bytes = "\xff";
  EXPECT_EQ(ToJson(bad).dump(), R"({"@go":"string","base64":"/w=="})");
  // A key "@go" would read as a form: such a map is shown as pairs.
  Value map = NewSessionMap();
  Value key;
  key.kind = Kind::kString;
  key.bytes = "@go";
  map.items = {InterfaceOf("string", key), Value{}};
  EXPECT_EQ(ToJson(map).dump(),
            R"({"@go":"map","type":"map[interface {}]interface {}","pairs":[["@go",null]]})");
  Value i8;
  i8.kind = Kind::kInt;
  i8.integer = -1;
  EXPECT_EQ(ToJson(InterfaceOf("int8", i8)).dump(), R"({"@go":"int8","value":-1})");
}

// A session map holding one []interface {} nested `depth` times.
std::string Nested(int depth) {
  Value v{};
  for (int i = 0; i < depth; ++i) v = InterfaceSlice({v});
  Value session = NewSessionMap();
  Value k;
  k.kind = Kind::kString;
  k.bytes = "k";
  session.items = {InterfaceOf("string", k), v};
  return WriteSession(session).value();
}

TEST(GoGobLimits, DepthValuesTypesAndSize) {
  // The writer's output for a JSON session at the token JSON depth limit reads back.
  std::string deep = "1";
  for (int i = 0; i < 63; ++i) deep = "[" + deep + "]";
  auto session = SessionFromJson(ParseJson(R"({"k":)" + deep + "}").value());
  ASSERT_TRUE(session.has_value());
  EXPECT_TRUE(Read(WriteSession(*session).value()).has_value());
  // One level per slice, as in JSON: the deepest session the token JSON depth allows reads.
  EXPECT_TRUE(Read(Nested(63)).has_value());
  EXPECT_EQ(Read(Nested(65)).error().code, ErrorCode::kLimitExceeded);
  EXPECT_TRUE(Read(Nested(65), {.max_depth = 200}).has_value());
  const std::string ten = Nested(10);
  EXPECT_EQ(Read(ten, {.max_values = 10}).error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(Read(ten, {.max_types = 1}).error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(Read(ten, {.max_stream_bytes = 10}).error().code, ErrorCode::kLimitExceeded);
}

struct BadStream {
  const char* name;
  const char* hex;
};

TEST(GoGobErrors, RefusedAsGoRefusesThem) {
  // Built from the one-pair session 0eff81...: message 1 defines type 65, message 2 the value.
  const BadStream cases[] = {
      {"Empty", ""},
      {"ZeroLengthMessage", "00"},
      {"UintOfNineBytes", "f7"},
      {"LengthPastEnd", "05ff82"},
      {"UnknownTypeId", "03ff8600"},
      {"BootstrapTypeIdAsValue", "022000"},  // 16: wireType
      {"DefinitionWithNoKind", "03ff8100"},
      {"DefinitionWithTwoKinds", "0eff81020102ff8200011000020000"},
      {"StructFieldWithoutName", "0fff81030102ff82000101020400000003ff8200"},
      {"ArrayLengthMismatch", "0eff81010102ff820001040106000006ff8200020204"},
      {"NegativeArrayLength", "0eff81010102ff820001040101000004ff820000"},
      {"SliceLongerThanMessage", "0cff81020102ff82000104000005ff82000502"},
      {"FieldDeltaOutOfRange", "12ff81030102ff82000101010141010400000004ff820202"},
      {"TypeDefinitionTwice", "0cff81020102ff8200010400000cff81020102ff82000104000004ff820000"},
      {"NonZeroSingletonDelta", "0cff81020102ff82000104000004ff820100"},
  };
  for (const auto& c : cases) {
    auto doc = Read(Hex(c.hex));
    EXPECT_FALSE(doc.has_value()) << c.name;
    if (!doc) {
      EXPECT_EQ(doc.error().code, ErrorCode::kMalformed) << c.name << ": " << doc.error().message;
    }
  }
}

TEST(GoGobReader, StructFieldsByDelta) {
  // type S struct{ A int } and S{A: 7}: a struct value has no singleton delta.
  auto doc = Read(Hex("12ff81030102ff82000101010141010400000005ff82010e00"));
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ(ToJson(doc->root).dump(), R"({"@go":"struct","type":"struct","fields":{"A":7}})");
  EXPECT_FALSE(IsSessionMap(*doc));
}

TEST(GoGobErrors, NamesGoRegistersAreChecked) {
  auto with = [](std::string name, Kind kind, int64_t i) {
    Value c;
    c.kind = kind;
    c.integer = i;
    c.uinteger = static_cast<uint64_t>(i);
    Value session = NewSessionMap();
    session.items = {Value{}, InterfaceOf(std::move(name), c)};
    return ReadChecked(WriteSession(session).value());
  };
  EXPECT_TRUE(with("int8", Kind::kInt, 127).has_value());
  EXPECT_FALSE(with("int8", Kind::kInt, 128).has_value());
  EXPECT_FALSE(with("uint16", Kind::kUint, 65536).has_value());
  EXPECT_FALSE(with("string", Kind::kInt, 1).has_value());
  EXPECT_FALSE(with("[]uint8", Kind::kString, 1).has_value());
  EXPECT_TRUE(with("main.Unknown", Kind::kInt, 1).has_value());  // the app's own name
}

}  // namespace
}  // namespace knox::token::gob
