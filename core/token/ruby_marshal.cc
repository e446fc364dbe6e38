#include "core/token/ruby_marshal.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <utility>

#include "core/base/byte_cursor.h"

namespace knox::token::marshal {
namespace {

constexpr int64_t kFixnumMin = -(int64_t{1} << 30);
constexpr int64_t kFixnumMax = (int64_t{1} << 30) - 1;

Result<void> Malformed(std::string_view why) {
  return Fail(ErrorCode::kMalformed, "ruby marshal: " + std::string(why));
}

class Reader {
 public:
  Reader(std::string_view bytes, const MarshalLimits& limits) : in_(bytes), limits_(limits) {}

  Result<Document> Run() {
    auto major = in_.Take(1);
    auto minor = in_.Take(1);
    if (!major || !minor) return Fail(ErrorCode::kMalformed, "ruby marshal: too short");
    if ((*major)[0] != 4 || static_cast<unsigned char>((*minor)[0]) > 8) {
      return Fail(ErrorCode::kMalformed, "ruby marshal: not format 4.0 to 4.8");
    }
    doc_.minor = static_cast<unsigned char>((*minor)[0]);
    auto root = ReadValue(1);
    if (!root) return std::unexpected(root.error());
    doc_.root = *root;
    return std::move(doc_);
  }

 private:
  Result<uint32_t> AddNode(Node node) {
    if (doc_.nodes.size() >= limits_.max_nodes) {
      return Fail(ErrorCode::kLimitExceeded, "ruby marshal: more values than the limit");
    }
    return doc_.Add(std::move(node));
  }

  Result<unsigned char> ReadByte() {
    auto b = in_.Take(1);
    if (!b) return Fail(ErrorCode::kMalformed, "ruby marshal: truncated");
    return static_cast<unsigned char>((*b)[0]);
  }

  // r_long: one byte, or 1 to 4 little-endian bytes (negative counts: the two's complement).
  Result<int64_t> ReadLong() {
    auto first = ReadByte();
    if (!first) return std::unexpected(first.error());
    const int c = static_cast<signed char>(*first);
    if (c == 0) return 0;
    if (c > 4) return c - 5;
    if (c < -4) return c + 5;
    const int n = c > 0 ? c : -c;
    uint64_t x = c > 0 ? 0 : ~uint64_t{0};
    for (int i = 0; i < n; ++i) {
      auto b = ReadByte();
      if (!b) return std::unexpected(b.error());
      x &= ~(uint64_t{0xff} << (8 * i));
      x |= uint64_t{*b} << (8 * i);
    }
    return static_cast<int64_t>(x);
  }

  // A count of things that each take at least `min_bytes` more bytes: a count the rest of the
  // stream cannot hold fails as truncated before anything is reserved for it.
  Result<size_t> ReadCount(size_t min_bytes) {
    auto n = ReadLong();
    if (!n) return std::unexpected(n.error());
    if (*n < 0) return Fail(ErrorCode::kMalformed, "ruby marshal: negative length");
    if (static_cast<uint64_t>(*n) > in_.size() / min_bytes) {
      return Fail(ErrorCode::kMalformed, "ruby marshal: truncated");
    }
    return static_cast<size_t>(*n);
  }

  Result<std::string> ReadBytes() {
    auto n = ReadCount(1);
    if (!n) return std::unexpected(n.error());
    return std::string(*in_.Take(*n));
  }

  Result<void> CheckDepth(int depth) const {
    if (depth > limits_.max_depth) {
      return Fail(ErrorCode::kLimitExceeded, "ruby marshal: nesting deeper than the limit");
    }
    return {};
  }

  // The object-table entry of `node`, in Marshal.load's order.
  void Register(uint32_t node) { doc_.objects.push_back(node); }

  Result<uint32_t> ReadSymbolDefinition() {
    auto name = ReadBytes();
    if (!name) return std::unexpected(name.error());
    auto node = AddNode(Node{.kind = Kind::kSymbol, .bytes = std::move(*name)});
    if (node) doc_.symbols.push_back(*node);
    return node;
  }

  Result<uint32_t> ReadSymbolLink() {
    auto index = ReadLong();
    if (!index) return std::unexpected(index.error());
    if (*index < 0 || static_cast<uint64_t>(*index) >= doc_.symbols.size()) {
      return Fail(ErrorCode::kMalformed, "ruby marshal: link to an undefined symbol");
    }
    return AddNode(Node{.kind = Kind::kSymLink, .integer = *index});
  }

  // r_symbol: where only a symbol may stand (class names, ivar and member names).
  Result<uint32_t> ReadSymbol(int depth) {
    if (auto ok = CheckDepth(depth); !ok) return std::unexpected(ok.error());
    auto type = ReadByte();
    if (!type) return std::unexpected(type.error());
    if (*type == ':') return ReadSymbolDefinition();
    if (*type == ';') return ReadSymbolLink();
    if (*type != 'I') return Fail(ErrorCode::kMalformed, "ruby marshal: a symbol was expected");
    auto inner = ReadByte();
    if (!inner) return std::unexpected(inner.error());
    if (*inner != ':') return Fail(ErrorCode::kMalformed, "ruby marshal: symlink with encoding");
    auto symbol = ReadSymbolDefinition();
    if (!symbol) return std::unexpected(symbol.error());
    Node wrapper{.kind = Kind::kIvar, .children = {*symbol}};
    if (auto ok = ReadPairs(depth, wrapper.children); !ok) return std::unexpected(ok.error());
    return AddIvarNode(std::move(wrapper));
  }

  // r_ivar's list: a count (zero when not positive, as Ruby), then name symbol, value pairs.
  Result<void> ReadPairs(int depth, std::vector<uint32_t>& out) {
    auto n = ReadLong();
    if (!n) return std::unexpected(n.error());
    if (*n <= 0) return {};
    if (static_cast<uint64_t>(*n) > in_.size() / 2) return Malformed("truncated");
    for (int64_t i = 0; i < *n; ++i) {
      auto name = ReadSymbol(depth + 1);
      if (!name) return std::unexpected(name.error());
      auto value = ReadValue(depth + 1);
      if (!value) return std::unexpected(value.error());
      out.push_back(*name);
      out.push_back(*value);
    }
    return {};
  }

  const Node& Target(uint32_t index) const {
    const Node* n = &doc_.nodes[index];
    if (n->kind == Kind::kLink) n = &doc_.nodes[doc_.objects[static_cast<size_t>(n->integer)]];
    if (n->kind == Kind::kSymLink) n = &doc_.nodes[doc_.symbols[static_cast<size_t>(n->integer)]];
    return *n;
  }

  // Marshal.load's checks on an 'I' wrapper: instance variables on a frozen or special value
  // raise, and an encoding (:E true/false, :encoding "name") only goes on a String, Symbol or
  // Regexp (a _dump string included); :encoding must name it with a String without NUL.
  Result<uint32_t> AddIvarNode(Node wrapper) {
    const Node* inner = &Target(wrapper.children[0]);
    while (inner->kind == Kind::kUserClass || inner->kind == Kind::kExtended) {
      inner = &Target(inner->children[1]);
    }
    const bool has_pairs = wrapper.children.size() > 1;
    switch (inner->kind) {
      case Kind::kNil:
      case Kind::kTrue:
      case Kind::kFalse:
      case Kind::kInteger:
      case Kind::kFloat:
      case Kind::kClass:
      case Kind::kModule:
      case Kind::kOldModule:
        if (has_pairs) return Fail(ErrorCode::kMalformed, "ruby marshal: ivars on a frozen value");
        break;
      default:
        break;
    }
    const bool enc_capable = inner->kind == Kind::kString || inner->kind == Kind::kSymbol ||
                             inner->kind == Kind::kRegexp || inner->kind == Kind::kUserDefined;
    for (size_t i = 1; i + 1 < wrapper.children.size(); i += 2) {
      const std::string& name = Target(wrapper.children[i]).bytes;
      const Node& value = Target(wrapper.children[i + 1]);
      bool encoding = false;
      if (name == "E") encoding = value.kind == Kind::kTrue || value.kind == Kind::kFalse;
      if (name == "encoding") {
        const Node* text = &value;
        if (text->kind == Kind::kIvar) text = &Target(text->children[0]);
        if (text->kind != Kind::kString || text->bytes.find('\0') != std::string::npos) {
          return Fail(ErrorCode::kMalformed, "ruby marshal: encoding name is not a string");
        }
        encoding = true;
      }
      if (encoding && !enc_capable) {
        return Fail(ErrorCode::kMalformed, "ruby marshal: encoding on a value without one");
      }
    }
    return AddNode(std::move(wrapper));
  }

  Result<uint32_t> ReadIvarWrapped(int depth) {
    Node wrapper{.kind = Kind::kIvar};
    if (in_.Peek() == 'u') {
      // r_object0 with ivp: a _dump string's ivars are read before _load runs, so the object's
      // table entry comes after everything in them.
      (void)in_.Take(1);
      auto user = ReadUserDefinedBody(depth + 1);
      if (!user) return std::unexpected(user.error());
      wrapper.children.push_back(*user);
      if (auto ok = ReadPairs(depth, wrapper.children); !ok) return std::unexpected(ok.error());
      Register(*user);
      return AddIvarNode(std::move(wrapper));
    }
    if (in_.Peek() == ';') return Fail(ErrorCode::kMalformed, "ruby marshal: symlink with ivars");
    auto inner = ReadValue(depth + 1);
    if (!inner) return std::unexpected(inner.error());
    wrapper.children.push_back(*inner);
    if (auto ok = ReadPairs(depth, wrapper.children); !ok) return std::unexpected(ok.error());
    return AddIvarNode(std::move(wrapper));
  }

  // 'u' after its type byte: class symbol and _dump's bytes (not registered here).
  Result<uint32_t> ReadUserDefinedBody(int depth) {
    if (auto ok = CheckDepth(depth); !ok) return std::unexpected(ok.error());
    auto klass = ReadSymbol(depth + 1);
    if (!klass) return std::unexpected(klass.error());
    auto data = ReadBytes();
    if (!data) return std::unexpected(data.error());
    return AddNode(
        Node{.kind = Kind::kUserDefined, .bytes = std::move(*data), .children = {*klass}});
  }

  Result<uint32_t> ReadBignum() {
    auto sign = ReadByte();
    if (!sign) return std::unexpected(sign.error());
    auto shorts = ReadCount(2);
    if (!shorts) return std::unexpected(shorts.error());
    if (*shorts * 2 > limits_.max_bignum_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "ruby marshal: bignum larger than the limit");
    }
    std::string magnitude(*in_.Take(*shorts * 2));
    while (!magnitude.empty() && magnitude.back() == '\0') magnitude.pop_back();
    Node node{.kind = Kind::kInteger, .wire = 'l'};
    const bool negative = *sign == '-';
    if (magnitude.size() <= 8) {
      uint64_t v = 0;
      for (size_t i = magnitude.size(); i-- > 0;) {
        v = (v << 8) | static_cast<unsigned char>(magnitude[i]);
      }
      constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
      if (!negative && v <= kMax) {
        node.integer = static_cast<int64_t>(v);
      } else if (negative && v <= kMax + 1) {
        node.integer = static_cast<int64_t>(~v + 1);
      } else {
        node.big = true;
      }
    } else {
      node.big = true;
    }
    if (node.big) {
      node.negative = negative;
      node.bytes = std::move(magnitude);
    }
    auto index = AddNode(std::move(node));
    if (index) Register(*index);
    return index;
  }

  Result<uint32_t> ReadCollection(Kind kind, int depth) {
    auto count = ReadCount(kind == Kind::kArray ? 1 : 2);
    if (!count) return std::unexpected(count.error());
    auto index = AddNode(Node{.kind = kind});
    if (!index) return std::unexpected(index.error());
    Register(*index);
    size_t values = kind == Kind::kArray ? *count : *count * 2;
    if (kind == Kind::kHashDefault) ++values;
    std::vector<uint32_t> children;
    children.reserve(values);
    for (size_t i = 0; i < values; ++i) {
      auto child = ReadValue(depth + 1);
      if (!child) return std::unexpected(child.error());
      children.push_back(*child);
    }
    doc_.nodes[*index].children = std::move(children);
    return index;
  }

  // Objects ('o'), structs ('S'): registered before their class name and pairs are read.
  Result<uint32_t> ReadObject(Kind kind, int depth) {
    auto index = AddNode(Node{.kind = kind});
    if (!index) return std::unexpected(index.error());
    Register(*index);
    auto klass = ReadSymbol(depth + 1);
    if (!klass) return std::unexpected(klass.error());
    std::vector<uint32_t> children = {*klass};
    if (kind == Kind::kObject) {
      if (auto ok = ReadPairs(depth, children); !ok) return std::unexpected(ok.error());
    } else {
      auto members = ReadCount(2);
      if (!members) return std::unexpected(members.error());
      for (size_t i = 0; i < *members; ++i) {
        auto name = ReadSymbol(depth + 1);
        if (!name) return std::unexpected(name.error());
        auto value = ReadValue(depth + 1);
        if (!value) return std::unexpected(value.error());
        children.push_back(*name);
        children.push_back(*value);
      }
    }
    doc_.nodes[*index].children = std::move(children);
    return index;
  }

  // 'U' and 'd': class name, then the table entry, then the object that describes it.
  Result<uint32_t> ReadWrapped(Kind kind, int depth) {
    auto klass = ReadSymbol(depth + 1);
    if (!klass) return std::unexpected(klass.error());
    auto index = AddNode(Node{.kind = kind});
    if (!index) return std::unexpected(index.error());
    Register(*index);
    auto data = ReadValue(depth + 1);
    if (!data) return std::unexpected(data.error());
    doc_.nodes[*index].children = {*klass, *data};
    return index;
  }

  Result<uint32_t> ReadValue(int depth) {
    if (auto ok = CheckDepth(depth); !ok) return std::unexpected(ok.error());
    auto type = ReadByte();
    if (!type) return std::unexpected(type.error());
    switch (*type) {
      case '0':
        return AddNode(Node{.kind = Kind::kNil});
      case 'T':
        return AddNode(Node{.kind = Kind::kTrue});
      case 'F':
        return AddNode(Node{.kind = Kind::kFalse});
      case 'i': {
        auto v = ReadLong();
        if (!v) return std::unexpected(v.error());
        return AddNode(Node{.kind = Kind::kInteger, .wire = 'i', .integer = *v});
      }
      case 'l':
        return ReadBignum();
      case 'f':
      case '"':
      case 'c':
      case 'm':
      case 'M': {
        auto bytes = ReadBytes();
        if (!bytes) return std::unexpected(bytes.error());
        const Kind kind = *type == 'f'   ? Kind::kFloat
                          : *type == '"' ? Kind::kString
                          : *type == 'c' ? Kind::kClass
                          : *type == 'm' ? Kind::kModule
                                         : Kind::kOldModule;
        auto index = AddNode(Node{.kind = kind, .bytes = std::move(*bytes)});
        if (index) Register(*index);
        return index;
      }
      case ':':
        return ReadSymbolDefinition();
      case ';':
        return ReadSymbolLink();
      case '[':
        return ReadCollection(Kind::kArray, depth);
      case '{':
        return ReadCollection(Kind::kHash, depth);
      case '}':
        return ReadCollection(Kind::kHashDefault, depth);
      case 'I':
        return ReadIvarWrapped(depth);
      case '@': {
        auto index = ReadLong();
        if (!index) return std::unexpected(index.error());
        if (*index < 0 || static_cast<uint64_t>(*index) >= doc_.objects.size()) {
          return Fail(ErrorCode::kMalformed, "ruby marshal: link to an undefined object");
        }
        return AddNode(Node{.kind = Kind::kLink, .integer = *index});
      }
      case 'o':
        return ReadObject(Kind::kObject, depth);
      case 'S':
        return ReadObject(Kind::kStruct, depth);
      case 'u': {
        auto index = ReadUserDefinedBody(depth);
        if (index) Register(*index);
        return index;
      }
      case 'U':
        return ReadWrapped(Kind::kUserMarshal, depth);
      case 'd':
        return ReadWrapped(Kind::kData, depth);
      case 'e': {
        auto module = ReadSymbol(depth + 1);
        if (!module) return std::unexpected(module.error());
        auto inner = ReadValue(depth + 1);
        if (!inner) return std::unexpected(inner.error());
        return AddNode(Node{.kind = Kind::kExtended, .children = {*module, *inner}});
      }
      case 'C': {
        auto klass = ReadSymbol(depth + 1);
        if (!klass) return std::unexpected(klass.error());
        // What Marshal.dump writes a user class around: a String, Regexp, Array or Hash (their
        // ivars go in an 'I' outside the 'C'). Marshal.load refuses special values, plain objects
        // and classes; knox also refuses the other shapes Ruby never writes.
        const auto next = in_.Peek();
        if (!next ||
            std::string_view("\"/[{}").find(static_cast<char>(*next)) == std::string_view::npos) {
          return Fail(ErrorCode::kMalformed, "ruby marshal: user class around a plain value");
        }
        auto inner = ReadValue(depth + 1);
        if (!inner) return std::unexpected(inner.error());
        return AddNode(Node{.kind = Kind::kUserClass, .children = {*klass, *inner}});
      }
      case '/': {
        auto source = ReadBytes();
        if (!source) return std::unexpected(source.error());
        auto options = ReadByte();
        if (!options) return std::unexpected(options.error());
        auto index =
            AddNode(Node{.kind = Kind::kRegexp, .integer = *options, .bytes = std::move(*source)});
        if (index) Register(*index);
        return index;
      }
      default:
        return Fail(ErrorCode::kMalformed, "ruby marshal: unknown type byte");
    }
  }

  ByteCursor in_;
  const MarshalLimits& limits_;
  Document doc_;
};

// w_long (lengths, indices and fixnums all fit 32 bits here).
void WriteLong(int64_t x, std::string& out) {
  if (x == 0) {
    out.push_back('\0');
    return;
  }
  if (0 < x && x < 123) {
    out.push_back(static_cast<char>(x + 5));
    return;
  }
  if (-124 < x && x < 0) {
    out.push_back(static_cast<char>((x - 5) & 0xff));
    return;
  }
  char buf[9];
  int i = 1;
  for (; i < 9; ++i) {
    buf[i] = static_cast<char>(x & 0xff);
    x >>= 8;  // arithmetic shift (C++20)
    if (x == 0) {
      buf[0] = static_cast<char>(i);
      break;
    }
    if (x == -1) {
      buf[0] = static_cast<char>(-i);
      break;
    }
  }
  out.append(buf, static_cast<size_t>(i) + 1);
}

void WriteBytes(std::string_view bytes, std::string& out) {
  WriteLong(static_cast<int64_t>(bytes.size()), out);
  out.append(bytes);
}

class Writer {
 public:
  explicit Writer(const Document& doc) : doc_(doc) {}

  void Put(uint32_t index, std::string& out) const {
    const marshal::Node& n = doc_.nodes[index];
    const auto& c = n.children;
    switch (n.kind) {
      case Kind::kNil:
        out.push_back('0');
        return;
      case Kind::kTrue:
        out.push_back('T');
        return;
      case Kind::kFalse:
        out.push_back('F');
        return;
      case Kind::kInteger:
        Integer(n, out);
        return;
      case Kind::kFloat:
        out.push_back('f');
        WriteBytes(n.bytes, out);
        return;
      case Kind::kString:
        out.push_back('"');
        WriteBytes(n.bytes, out);
        return;
      case Kind::kSymbol:
        out.push_back(':');
        WriteBytes(n.bytes, out);
        return;
      case Kind::kSymLink:
        out.push_back(';');
        WriteLong(n.integer, out);
        return;
      case Kind::kArray:
        out.push_back('[');
        WriteLong(static_cast<int64_t>(c.size()), out);
        All(c, 0, out);
        return;
      case Kind::kHash:
        out.push_back('{');
        WriteLong(static_cast<int64_t>(c.size() / 2), out);
        All(c, 0, out);
        return;
      case Kind::kHashDefault:
        out.push_back('}');
        WriteLong(static_cast<int64_t>(c.size() / 2), out);
        All(c, 0, out);
        return;
      case Kind::kIvar:
        out.push_back('I');
        Put(c[0], out);
        WriteLong(static_cast<int64_t>((c.size() - 1) / 2), out);
        All(c, 1, out);
        return;
      case Kind::kLink:
        out.push_back('@');
        WriteLong(n.integer, out);
        return;
      case Kind::kObject:
      case Kind::kStruct:
        out.push_back(n.kind == Kind::kObject ? 'o' : 'S');
        Put(c[0], out);
        WriteLong(static_cast<int64_t>((c.size() - 1) / 2), out);
        All(c, 1, out);
        return;
      case Kind::kUserDefined:
        out.push_back('u');
        Put(c[0], out);
        WriteBytes(n.bytes, out);
        return;
      case Kind::kUserMarshal:
      case Kind::kData:
      case Kind::kExtended:
      case Kind::kUserClass:
        out.push_back(n.kind == Kind::kUserMarshal ? 'U'
                      : n.kind == Kind::kData      ? 'd'
                      : n.kind == Kind::kExtended  ? 'e'
                                                   : 'C');
        All(c, 0, out);
        return;
      case Kind::kClass:
      case Kind::kModule:
      case Kind::kOldModule:
        out.push_back(n.kind == Kind::kClass ? 'c' : n.kind == Kind::kModule ? 'm' : 'M');
        WriteBytes(n.bytes, out);
        return;
      case Kind::kRegexp:
        out.push_back('/');
        WriteBytes(n.bytes, out);
        out.push_back(static_cast<char>(n.integer & 0xff));
        return;
    }
  }

 private:
  void All(const std::vector<uint32_t>& children, size_t from, std::string& out) const {
    for (size_t i = from; i < children.size(); ++i) Put(children[i], out);
  }

  // As read ('i' or 'l', Node::wire); a value built from JSON: 'i' for -2^30..2^30-1 (what fits
  // a 32-bit VALUE), else 'l' with sign and 16-bit words.
  static void Integer(const marshal::Node& n, std::string& out) {
    const bool fixnum_range = n.integer >= kFixnumMin && n.integer <= kFixnumMax;
    if (!n.big && (n.wire == 'i' || (n.wire == 0 && fixnum_range))) {
      out.push_back('i');
      WriteLong(n.integer, out);
      return;
    }
    std::string magnitude = n.bytes;
    bool negative = n.negative;
    if (!n.big) {
      negative = n.integer < 0;
      uint64_t v = negative ? ~static_cast<uint64_t>(n.integer) + 1 : n.integer;
      magnitude.clear();
      for (; v != 0; v >>= 8) magnitude.push_back(static_cast<char>(v & 0xff));
    }
    if (magnitude.size() % 2 != 0) magnitude.push_back('\0');
    out.push_back('l');
    out.push_back(negative ? '-' : '+');
    WriteLong(static_cast<int64_t>(magnitude.size() / 2), out);
    out.append(magnitude);
  }

  const Document& doc_;
};

bool Same(const Document& a, uint32_t ia, const Document& b, uint32_t ib) {
  const Node& x = a.nodes[ia];
  const Node& y = b.nodes[ib];
  if (x.kind != y.kind || x.big != y.big || x.wire != y.wire || x.negative != y.negative ||
      x.integer != y.integer || x.bytes != y.bytes || x.children.size() != y.children.size()) {
    return false;
  }
  for (size_t i = 0; i < x.children.size(); ++i) {
    if (!Same(a, x.children[i], b, y.children[i])) return false;
  }
  return true;
}

}  // namespace

Result<Document> Read(std::string_view bytes, const MarshalLimits& limits) {
  return Reader(bytes, limits).Run();
}

std::string Write(const Document& doc) {
  std::string out = {'\x04', static_cast<char>(doc.minor)};
  if (!doc.nodes.empty()) Writer(doc).Put(doc.root, out);
  return out;
}

bool SameTree(const Document& a, const Document& b) {
  if (a.minor != b.minor || a.nodes.empty() != b.nodes.empty()) return false;
  return a.nodes.empty() || Same(a, a.root, b, b.root);
}

std::string RubyFloatText(double d) {
  if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
  if (std::isnan(d)) return "nan";
  if (d == 0.0) return std::signbit(d) ? "-0" : "0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(r.ptr - buf));  // [-]D[.DDD]e(+|-)XX
  std::string out;
  if (sci.front() == '-') {
    out.push_back('-');
    sci.remove_prefix(1);
  }
  const size_t e = sci.find('e');
  std::string digits;
  for (char ch : sci.substr(0, e)) {
    if (ch != '.') digits.push_back(ch);
  }
  int exponent = 0;
  std::string_view exp_text = sci.substr(e + 1);
  if (exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  const int decpt = exponent + 1;
  const int digs = static_cast<int>(digits.size());
  if (decpt < -3 || decpt > digs) {
    out.push_back(digits[0]);
    if (digs > 1) out += "." + digits.substr(1);
    out += "e" + std::to_string(decpt - 1);
  } else if (decpt > 0) {
    out += digits.substr(0, static_cast<size_t>(decpt));
    if (digs > decpt) out += "." + digits.substr(static_cast<size_t>(decpt));
  } else {
    out += "0." + std::string(static_cast<size_t>(-decpt), '0') + digits;
  }
  return out;
}

double ParseRubyFloat(std::string_view text) {
  text = text.substr(0, text.find('\0'));
  if (text == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (text == "inf") return std::numeric_limits<double>::infinity();
  if (text == "-inf") return -std::numeric_limits<double>::infinity();
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  // ruby_strtod reads decimal digits only (no "inf" or "nan" words): anything else is 0.0.
  if (i == text.size() || !((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
    return negative ? -0.0 : 0.0;
  }
  double v = 0.0;
  auto r = std::from_chars(text.data() + i, text.data() + text.size(), v);
  if (r.ec == std::errc::result_out_of_range) {
    // Overflow or underflow: strtod's answer (HUGE_VAL or a denormal/zero).
    std::string copy(text.substr(i, static_cast<size_t>(r.ptr - (text.data() + i))));
    v = std::strtod(copy.c_str(), nullptr);
  } else if (r.ec != std::errc()) {
    v = 0.0;
  }
  return negative ? -v : v;
}

}  // namespace knox::token::marshal
