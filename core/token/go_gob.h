// A safe, bounded reader (and a writer for what knox signs) of Go's encoding/gob streams (Go
// 1.19's encoding/gob), for gorilla/securecookie cookies, whose default serializer is gob and
// whose gorilla/sessions CookieStore stores a map[interface{}]interface{}. docs/formats.md "Go
// gob" describes the subset and its JSON rendering (go_gob_json.h).
//
// The reader never instantiates anything: it follows the wire format as Go's Decoder does —
// count-delimited messages, type definitions (negative ids) before the value that uses them,
// interface values carrying a registered type name and their own type definitions inline — and
// builds a tree of Values typed by the wire types the stream defines. Names are text: a value
// whose registered name the app does not know is still shown (where the app's Decode would fail).
// What Go's Decoder accepts that depends on the destination type is checked by CheckGoTypes for
// the names Go registers itself (int8, []string, ...) and gorilla/sessions registers
// ([]interface {}); other names are taken to be registered with a matching type.
//
// Read takes the first value of the stream (with the type definitions before it) and ignores
// what follows it, as Decoder.Decode does; lengths that Go's Decoder reads and does not check (the
// byte count before an interface's value) are not checked either. Stricter than Go, documented:
// a type definition must name exactly one kind, struct fields need names, and values may not use
// Go's internal type ids 9..63 (the bootstrap types, which no session holds).
//
// Limits (GobLimits), checked before allocating: nesting depth, values, type definitions and the
// stream's size. Errors: kMalformed (not gob, truncated, what Go's Decoder refuses), kLimitExceeded
// (a limit). Messages name the rule, never the data. Pure and thread-safe; Documents are values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace knox::token::gob {

struct GobLimits {
  int max_depth = 64;                         // nesting of values
  size_t max_values = 100000;                 // values in one document
  size_t max_types = 1024;                    // type definitions in one stream
  size_t max_stream_bytes = size_t{1} << 20;  // bytes of the stream
};

// Go's predefined type ids (encoding/gob type.go).
inline constexpr int32_t kBoolId = 1;
inline constexpr int32_t kIntId = 2;
inline constexpr int32_t kUintId = 3;
inline constexpr int32_t kFloatId = 4;
inline constexpr int32_t kBytesId = 5;
inline constexpr int32_t kStringId = 6;
inline constexpr int32_t kComplexId = 7;
inline constexpr int32_t kInterfaceId = 8;
inline constexpr int32_t kFirstUserId = 64;  // the lowest id a stream may define

// The kind of a type a stream defines (wireType's one non-nil member).
enum class TypeKind : uint8_t {
  kArray,
  kSlice,
  kStruct,
  kMap,
  kGobEncoder,
  kBinaryMarshaler,
  kTextMarshaler,
};

struct Field {
  std::string name;
  int32_t type = 0;
};

struct WireType {
  TypeKind kind = TypeKind::kStruct;
  std::string name;           // CommonType.Name: the Go type's name, "" for unnamed maps and slices
  int32_t key = 0;            // kMap
  int32_t elem = 0;           // kArray, kSlice, kMap
  int64_t length = 0;         // kArray
  std::vector<Field> fields;  // kStruct, in wire order
};

enum class Kind : uint8_t {
  kNil,        // a nil interface value (empty type name)
  kBool,       // `boolean`
  kInt,        // `integer`
  kUint,       // `uinteger`
  kFloat,      // `real`
  kComplex,    // `real`, `imag`
  kBytes,      // `bytes` ([]byte)
  kString,     // `bytes`
  kInterface,  // `name` the registered name, items[0] the concrete value
  kMap,        // items: key, value, key, value, ... in wire order
  kSlice,      // items: the elements
  kArray,      // items: the elements
  kStruct,     // items: the values of the fields sent, `fields` their names (parallel)
  kEncoded,    // a GobEncoder / BinaryMarshaler / TextMarshaler: `bytes`, `encoding` which one
};

struct Value {
  Kind kind = Kind::kNil;
  bool boolean = false;
  int64_t integer = 0;
  uint64_t uinteger = 0;
  double real = 0;
  double imag = 0;
  std::string bytes;
  std::string name;
  TypeKind encoding = TypeKind::kGobEncoder;  // kEncoded
  // Composite and encoded values: the wire type (Document::types) and its Go spelling
  // ("map[interface {}]interface {}", "[]interface {}", a struct's name, ...).
  int32_t type_id = 0;
  std::string type;
  std::vector<std::string> fields;
  std::vector<Value> items;
};

// One stream's first value and the types defined before (and inside) it.
struct Document {
  std::map<int32_t, WireType> types;
  Value root;
};

// Reads the first value of a gob stream.
Result<Document> Read(std::string_view stream, const GobLimits& limits = {});

// What Go's Decoder checks of an interface value against the local type its registered name
// stands for, for the names Go's encoding/gob registers (bool, int, int8, ..., string, []uint8,
// []int, ..., []string) and []interface {} (gorilla/sessions): the wire type must be compatible
// (gob's compatibleType) and sized integers and floats in range. kMalformed where Go's Decoder
// fails.
Result<void> CheckGoTypes(const Document& doc);

// Whether the root is what gorilla/sessions' CookieStore decodes: a map[interface {}]interface {}.
bool IsSessionMap(const Document& doc);

// Go's spelling of a type the document knows ("int", "[]interface {}", a struct's name, ...).
std::string TypeString(const Document& doc, int32_t id);

// The tree equality of two values (floats by their bits; type ids ignored, type spellings not).
bool SameValue(const Value& a, const Value& b);

// A map[interface {}]interface {} session with no values yet (for building one to write).
Value NewSessionMap();
// An interface value holding a basic value of kind `kind` (kBool .. kString) under `name`.
Value InterfaceOf(std::string name, Value concrete);
// An []interface {} value holding `items` (interface values or nils).
Value InterfaceSlice(std::vector<Value> items);

// Writes `root` as a fresh Go process's gob.Encoder writes the same session: a
// map[interface {}]interface {} (type id 65) whose keys and values are nil or interface values
// holding a basic value (bool, int, uint, float, complex, []byte, string, under any registered
// name) or an []interface {} (type id 66, registered by gorilla/sessions) of the same. Pairs are
// written in the order held (Go's own order is random). kInvalidArgument for anything else.
Result<std::string> WriteSession(const Value& root);

}  // namespace knox::token::gob
