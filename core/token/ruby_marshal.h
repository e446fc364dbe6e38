// A safe, bounded reader (and a writer) of Ruby's Marshal format 4.8 (marshal.c of Ruby 3.1), for
// the session formats that store Marshal data in a cookie (Rack::Session::Cookie, Rails' Marshal
// serializer). docs/formats.md "Ruby Marshal" describes the subset and its JSON rendering.
//
// The reader never instantiates anything: it builds a syntax tree (Document) of the stream — every
// type byte becomes one Node, symbol links (';') and object links ('@') stay links — and records,
// exactly as Marshal.load does, which node each symbol-table and object-table index names, so that
// links can be resolved when the tree is rendered (ruby_marshal_json.h). Classes are names: an
// object of class Foo is shown as such whether or not Foo exists anywhere.
//
// Accepted: nil, true, false, fixnums ('i') and bignums ('l'), floats ('f'), strings ('"') with
// their encoding given by the 'I' instance-variable wrapper (:E true/false, :encoding "name"),
// symbols (':') and symbol links (';'), arrays, hashes with and without a default ('{', '}'),
// object links ('@'), objects ('o'), structs ('S'), _dump user types ('u'), marshal_dump user
// types ('U'), T_DATA ('d'), classes and modules ('c', 'm', 'M'), extended objects ('e'), user
// subclasses of String/Array/Hash/Regexp ('C') and regexps ('/'). Version 4.0 to 4.8, as Ruby.
// Bytes after the first object are ignored, as Marshal.load does.
//
// Limits (MarshalLimits), checked before anything is allocated for them: nesting depth, node
// count, and bignum size; a count (of elements, pairs, bytes) larger than the bytes left fails as
// the truncated stream it is. Errors: kMalformed (not Marshal, truncated, an unknown type byte, a
// link to an index not yet defined, a stream Marshal.load refuses), kLimitExceeded (a limit).
// Messages name the rule, never the data. Everything here is pure and thread-safe; a Document is
// a plain value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace knox::token::marshal {

struct MarshalLimits {
  int max_depth = 64;                  // nesting of values (and of rendering, links followed)
  size_t max_nodes = 100000;           // nodes in one document
  size_t max_bignum_bytes = 1024;      // magnitude of one 'l' bignum
  size_t max_rendered_nodes = 100000;  // JSON values produced when links are followed
};

enum class Kind : uint8_t {
  kNil,          // '0'
  kTrue,         // 'T'
  kFalse,        // 'F'
  kInteger,      // 'i' or 'l': `integer`, or when it does not fit int64 `big` is true and
                 // `bytes` holds the magnitude, little-endian, without high zero bytes
  kFloat,        // 'f': `bytes` is the text as written ("1.5", "nan", "-inf", "1e20", ...)
  kString,       // '"': `bytes`; ASCII-8BIT unless an enclosing kIvar names an encoding
  kSymbol,       // ':': `bytes` is the name (defines the next symbol-table index)
  kSymLink,      // ';': `integer` is a symbol-table index
  kArray,        // '[': children are the elements
  kHash,         // '{': children are key, value, key, value, ...
  kHashDefault,  // '}': the same, then the default value last
  kIvar,         // 'I': children[0] the object, then ivar name (a symbol node), value, ...
  kLink,         // '@': `integer` is an object-table index
  kObject,       // 'o': children[0] the class symbol, then ivar name, value, ...
  kStruct,       // 'S': children[0] the class symbol, then member name, value, ...
  kUserDefined,  // 'u': children[0] the class symbol; `bytes` is _dump's string
  kUserMarshal,  // 'U': children[0] the class symbol, children[1] marshal_dump's object
  kData,         // 'd': children[0] the class symbol, children[1] _dump_data's object
  kClass,        // 'c': `bytes` is the class path
  kModule,       // 'm': `bytes` is the module path
  kOldModule,    // 'M': `bytes` is the class or module path (Ruby 1.8 streams)
  kExtended,     // 'e': children[0] the module symbol, children[1] the extended object
  kUserClass,    // 'C': children[0] the class symbol, children[1] the String/Array/Hash/Regexp
  kRegexp,       // '/': `bytes` is the source, `integer` the option bits
};

struct Node {
  Kind kind = Kind::kNil;
  bool big = false;       // kInteger: the value is `bytes`, see above
  bool negative = false;  // kInteger with `big`
  // kInteger: the type byte it was read with, 'i' (Fixnum) or 'l' (Bignum); 0 for a node built
  // from a value (FromJson), written as Ruby would. A Bignum is an entry of the object table and a
  // Fixnum is not, so writing an integer back with the byte it was read with keeps later object
  // links ('@') pointing where they pointed, whatever its value.
  char wire = 0;
  int64_t integer = 0;             // kInteger, kSymLink, kLink, kRegexp
  std::string bytes;               // see Kind
  std::vector<uint32_t> children;  // indices into Document::nodes
};

// One Marshal stream as a tree. `nodes` is an arena (children are indices into it); `root` is the
// top-level value. `symbols[i]` is the kSymbol node that symbol-table index i names and
// `objects[i]` the node that object-table index i names (filled by Read in Marshal.load's order;
// empty for documents built by hand, whose links are written as given).
struct Document {
  int minor = 8;  // format 4.minor
  std::vector<Node> nodes;
  uint32_t root = 0;
  std::vector<uint32_t> symbols;
  std::vector<uint32_t> objects;

  uint32_t Add(Node node) {
    nodes.push_back(std::move(node));
    return static_cast<uint32_t>(nodes.size() - 1);
  }
};

// Reads one Marshal stream (with its 0x04 0x08 header).
Result<Document> Read(std::string_view bytes, const MarshalLimits& limits = {});

// Writes `doc` as Marshal.dump would write the same tree: the header, then every node from the
// root. Integers are written canonically ('i' for -2^30..2^30-1, 'l' beyond); everything else is
// written as held, so Read(Write(doc)) gives back the same tree for any document Read produced.
std::string Write(const Document& doc);

// Whether the trees below the two roots are the same (node for node; arena layout is ignored).
bool SameTree(const Document& a, const Document& b);

// Ruby's text for a Float as Marshal.dump writes it (w_float: shortest round-trip digits, "inf",
// "-inf", "nan", "0", "-0").
std::string RubyFloatText(double d);

// The double a Marshal float text means (Ruby's strtod on the text up to the first NUL; "nan",
// "inf" and "-inf" as written); text strtod cannot read means 0.0, as in Ruby.
double ParseRubyFloat(std::string_view text);

}  // namespace knox::token::marshal
