#include "core/token/ruby_marshal_json.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/base/base64.h"
#include "core/token/express_uri.h"

namespace knox::token::marshal {
namespace {

constexpr std::string_view kTag = "@ruby";

std::string Base64(std::string_view bytes) {
  return Base64Encode(bytes, Base64Alphabet::kStandard, Base64Padding::kPadded);
}

bool ValidUtf8(std::string_view bytes) { return NodeUtf8Decode(bytes) == bytes; }

// Names (symbols, classes, regexp sources) as text: invalid UTF-8 becomes U+FFFD.
std::string Text(std::string_view bytes) { return NodeUtf8Decode(bytes); }

// Little-endian magnitude to decimal.
std::string Decimal(std::string_view magnitude, bool negative) {
  std::vector<uint32_t> limbs;  // base 2^32, little-endian
  for (size_t i = 0; i < magnitude.size(); i += 4) {
    uint32_t limb = 0;
    for (size_t j = 0; j < 4 && i + j < magnitude.size(); ++j) {
      limb |= uint32_t{static_cast<unsigned char>(magnitude[i + j])} << (8 * j);
    }
    limbs.push_back(limb);
  }
  std::string digits;
  while (!limbs.empty()) {
    uint64_t rem = 0;
    for (size_t i = limbs.size(); i-- > 0;) {
      const uint64_t cur = (rem << 32) | limbs[i];
      limbs[i] = static_cast<uint32_t>(cur / 1000000000);
      rem = cur % 1000000000;
    }
    while (!limbs.empty() && limbs.back() == 0) limbs.pop_back();
    for (int k = 0; k < 9; ++k) {
      digits.push_back(static_cast<char>('0' + rem % 10));
      rem /= 10;
      if (limbs.empty() && rem == 0) break;
    }
  }
  if (digits.empty()) digits = "0";
  if (negative) digits.push_back('-');
  return {digits.rbegin(), digits.rend()};
}

class Renderer {
 public:
  Renderer(const Document& doc, const MarshalLimits& limits)
      : doc_(doc), limits_(limits), active_(doc.nodes.size(), false) {}

  // The root, marked as being rendered so that a link back to it is shown as a cycle.
  Result<Json> Root(uint32_t index) { return Enter(index, 0); }

 private:
  Result<Json> Value(uint32_t index, int depth, const std::string* encoding = nullptr) {
    if (depth > limits_.max_depth) {
      return Fail(ErrorCode::kLimitExceeded, "ruby marshal: nesting deeper than the limit");
    }
    if (++rendered_ > limits_.max_rendered_nodes) {
      return Fail(ErrorCode::kLimitExceeded, "ruby marshal: more values than the limit");
    }
    const Node& n = doc_.nodes[index];
    const auto& c = n.children;
    switch (n.kind) {
      case Kind::kNil:
        return Json(nullptr);
      case Kind::kTrue:
        return Json(true);
      case Kind::kFalse:
        return Json(false);
      case Kind::kInteger:
        if (!n.big) return Json(n.integer);
        return Tagged("Integer", {{"value", Decimal(n.bytes, n.negative)}});
      case Kind::kFloat: {
        const double d = ParseRubyFloat(n.bytes);
        if (std::isfinite(d)) return Json(d);
        return Tagged("Float", {{"value", RubyFloatText(d)}});
      }
      case Kind::kString:
        return String(n.bytes, encoding ? *encoding : "ASCII-8BIT");
      case Kind::kSymbol:
      case Kind::kSymLink:
        return Json(Text(SymbolName(index)));
      case Kind::kArray: {
        Json out = Json::array();
        for (uint32_t child : c) {
          auto v = Enter(child, depth);
          if (!v) return v;
          out.push_back(std::move(*v));
        }
        return out;
      }
      case Kind::kHash:
      case Kind::kHashDefault:
        return Hash(index, depth);
      case Kind::kIvar:
        return Ivar(n, depth);
      case Kind::kLink: {
        if (n.integer < 0 || static_cast<size_t>(n.integer) >= doc_.objects.size()) {
          return Fail(ErrorCode::kMalformed, "ruby marshal: link to an undefined object");
        }
        const uint32_t target = doc_.objects[static_cast<size_t>(n.integer)];
        if (active_[target]) return Tagged("Link", {{"index", n.integer}});
        return Enter(target, depth);
      }
      case Kind::kObject:
      case Kind::kStruct: {
        auto pairs = Pairs(c, 1, depth);
        if (!pairs) return pairs;
        const bool object = n.kind == Kind::kObject;
        return Tagged(
            object ? "Object" : "Struct",
            {{"class", Text(SymbolName(c[0]))}, {object ? "ivars" : "members", std::move(*pairs)}});
      }
      case Kind::kUserDefined:
        return Tagged("UserDefined",
                      {{"class", Text(SymbolName(c[0]))}, {"base64", Base64(n.bytes)}});
      case Kind::kUserMarshal:
      case Kind::kData: {
        auto data = Enter(c[1], depth);
        if (!data) return data;
        return Tagged(n.kind == Kind::kData ? "Data" : "UserMarshal",
                      {{"class", Text(SymbolName(c[0]))}, {"data", std::move(*data)}});
      }
      case Kind::kClass:
        return Tagged("Class", {{"name", Text(n.bytes)}});
      case Kind::kModule:
      case Kind::kOldModule:
        return Tagged("Module", {{"name", Text(n.bytes)}});
      case Kind::kExtended:
      case Kind::kUserClass: {
        auto value = Enter(c[1], depth, encoding);
        if (!value) return value;
        const bool extended = n.kind == Kind::kExtended;
        return Tagged(extended ? "Extended" : "UserClass",
                      {{extended ? "module" : "class", Text(SymbolName(c[0]))},
                       {"value", std::move(*value)}});
      }
      case Kind::kRegexp:
        return Tagged("Regexp", {{"source", Text(n.bytes)}, {"options", n.integer}});
    }
    return Fail(ErrorCode::kInternal, "ruby marshal: unknown node");
  }

  Result<Json> Enter(uint32_t index, int depth, const std::string* encoding = nullptr) {
    const bool was = active_[index];
    active_[index] = true;
    auto v = Value(index, depth + 1, encoding);
    active_[index] = was;
    return v;
  }

  static Json Tagged(std::string_view tag, std::initializer_list<std::pair<const char*, Json>> m) {
    Json out = Json::object();
    out[std::string(kTag)] = tag;
    for (const auto& [k, v] : m) out[k] = v;
    return out;
  }

  static Json String(std::string_view bytes, const std::string& encoding) {
    const bool unicode_compatible =
        encoding == "UTF-8" || encoding == "US-ASCII" || encoding == "ASCII-8BIT";
    if (unicode_compatible && ValidUtf8(bytes)) return Json(std::string(bytes));
    return Tagged("String", {{"encoding", encoding}, {"base64", Base64(bytes)}});
  }

  // The node a link or symbol link stands for (links point at registered nodes, never at links).
  const Node& Deref(uint32_t index) const {
    const Node& n = doc_.nodes[index];
    if (n.kind == Kind::kLink && n.integer >= 0 &&
        static_cast<size_t>(n.integer) < doc_.objects.size()) {
      return doc_.nodes[doc_.objects[static_cast<size_t>(n.integer)]];
    }
    if (n.kind == Kind::kSymLink && n.integer >= 0 &&
        static_cast<size_t>(n.integer) < doc_.symbols.size()) {
      return doc_.nodes[doc_.symbols[static_cast<size_t>(n.integer)]];
    }
    return n;
  }

  std::string SymbolName(uint32_t index) const {
    const Node* n = &Deref(index);
    if (n->kind == Kind::kIvar) n = &Deref(n->children[0]);
    return n->kind == Kind::kSymbol ? n->bytes : std::string();
  }

  bool IsSymbol(uint32_t index) const {
    const Node* n = &Deref(index);
    if (n->kind == Kind::kIvar) n = &Deref(n->children[0]);
    return n->kind == Kind::kSymbol;
  }

  // name => value pairs (ivars, struct members) as an object; a repeated name keeps the last.
  Result<Json> Pairs(const std::vector<uint32_t>& c, size_t from, int depth) {
    Json out = Json::object();
    for (size_t i = from; i + 1 < c.size(); i += 2) {
      auto v = Enter(c[i + 1], depth);
      if (!v) return v;
      out[Text(SymbolName(c[i]))] = std::move(*v);
    }
    return out;
  }

  Result<Json> Ivar(const Node& n, int depth) {
    std::string encoding;
    std::vector<uint32_t> extra;
    for (size_t i = 1; i + 1 < n.children.size(); i += 2) {
      const std::string name = SymbolName(n.children[i]);
      const Node* value = &Deref(n.children[i + 1]);
      // Marshal.load reads the flag's value as any object, so an ivar-wrapped true ('I' 'T') is
      // true too (found by fuzz/ruby_marshal_fuzzer.cc: shown as ivars {"E": true}, it was
      // signed back as the encoding flag).
      if (name == "E" && value->kind == Kind::kIvar) value = &Deref(value->children[0]);
      if (name == "E" && (value->kind == Kind::kTrue || value->kind == Kind::kFalse)) {
        encoding = value->kind == Kind::kTrue ? "UTF-8" : "US-ASCII";
        continue;
      }
      if (name == "encoding") {
        if (value->kind == Kind::kIvar) value = &Deref(value->children[0]);
        if (value->kind == Kind::kString) {
          encoding = value->bytes;
          continue;
        }
      }
      extra.push_back(n.children[i]);
      extra.push_back(n.children[i + 1]);
    }
    auto inner = Enter(n.children[0], depth, encoding.empty() ? nullptr : &encoding);
    if (!inner || extra.empty()) return inner;
    auto ivars = Pairs(extra, 0, depth);
    if (!ivars) return ivars;
    return Tagged("Ivars", {{"value", std::move(*inner)}, {"ivars", std::move(*ivars)}});
  }

  Result<Json> Hash(uint32_t index, int depth) {
    const Node& n = doc_.nodes[index];
    const bool with_default = n.kind == Kind::kHashDefault;
    if (with_default && n.children.empty()) {
      return Fail(ErrorCode::kMalformed, "ruby marshal: hash without its default");
    }
    const size_t pair_end = with_default ? n.children.size() - 1 : n.children.size();
    Json pairs = Json::array();
    Json object = Json::object();
    std::map<std::string, bool> seen;  // key text -> whether it was a symbol
    bool as_object = !with_default;
    for (size_t i = 0; i + 1 < pair_end; i += 2) {
      auto key = Enter(n.children[i], depth);
      if (!key) return key;
      auto value = Enter(n.children[i + 1], depth);
      if (!value) return value;
      if (as_object) {
        if (!key->is_string() || key->get_ref<const std::string&>() == kTag) {
          as_object = false;
        } else {
          const std::string& text = key->get_ref<const std::string&>();
          const bool symbol = IsSymbol(n.children[i]);
          auto [it, fresh] = seen.emplace(text, symbol);
          if (!fresh && it->second != symbol) {
            as_object = false;  // "a" and :a are two keys in Ruby, one in JSON
          } else {
            object[text] = *value;
          }
        }
      }
      pairs.push_back(Json::array({std::move(*key), std::move(*value)}));
    }
    if (as_object) return object;
    // In the pairs form a Symbol key is told apart from a String key.
    for (size_t i = 0; i + 1 < pair_end; i += 2) {
      if (IsSymbol(n.children[i]) && pairs[i / 2][0].is_string()) {
        pairs[i / 2][0] = Tagged("Symbol", {{"name", pairs[i / 2][0]}});
      }
    }
    Json out = Tagged("Hash", {{"pairs", std::move(pairs)}});
    if (with_default) {
      auto d = Enter(n.children.back(), depth);
      if (!d) return d;
      out["default"] = std::move(*d);
    }
    return out;
  }

  const Document& doc_;
  const MarshalLimits& limits_;
  std::vector<bool> active_;
  size_t rendered_ = 0;
};

Result<void> Bad(std::string_view what) {
  return Fail(ErrorCode::kMalformed,
              "ruby marshal: bad \"@ruby\" value (" + std::string(what) + ")");
}

class Builder {
 public:
  Result<uint32_t> Value(const Json& j) {
    switch (j.type()) {
      case Json::value_t::null:
        return Add({.kind = Kind::kNil});
      case Json::value_t::boolean:
        return Add({.kind = j.get<bool>() ? Kind::kTrue : Kind::kFalse});
      case Json::value_t::number_integer:
        return Add({.kind = Kind::kInteger, .integer = j.get<int64_t>()});
      case Json::value_t::number_unsigned: {
        const uint64_t u = j.get<uint64_t>();
        if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          return Add({.kind = Kind::kInteger, .integer = static_cast<int64_t>(u)});
        }
        std::string magnitude;
        for (uint64_t v = u; v != 0; v >>= 8) magnitude.push_back(static_cast<char>(v & 0xff));
        return Add({.kind = Kind::kInteger, .big = true, .bytes = std::move(magnitude)});
      }
      case Json::value_t::number_float:
        return Add({.kind = Kind::kFloat, .bytes = RubyFloatText(j.get<double>())});
      case Json::value_t::string:
        return EncodedString(j.get_ref<const std::string&>(), "UTF-8");
      case Json::value_t::array: {
        std::vector<uint32_t> children;
        for (const Json& e : j) {
          auto v = Value(e);
          if (!v) return v;
          children.push_back(*v);
        }
        return Add({.kind = Kind::kArray, .children = std::move(children)});
      }
      case Json::value_t::object: {
        if (j.contains(kTag)) return TaggedValue(j);
        std::vector<uint32_t> children;
        for (const auto& [k, v] : j.items()) {
          auto key = EncodedString(k, "UTF-8");
          if (!key) return key;
          auto value = Value(v);
          if (!value) return value;
          children.push_back(*key);
          children.push_back(*value);
        }
        return Add({.kind = Kind::kHash, .children = std::move(children)});
      }
      default:
        return Fail(ErrorCode::kMalformed, "ruby marshal: unsupported JSON value");
    }
  }

  Document Finish(uint32_t root) {
    doc_.root = root;
    return std::move(doc_);
  }

 private:
  uint32_t Add(Node node) { return doc_.Add(std::move(node)); }

  // w_symbol: the first occurrence defines (non-ASCII names carry :E true), later ones link.
  uint32_t Symbol(const std::string& name) {
    if (auto it = symbols_.find(name); it != symbols_.end()) {
      return Add({.kind = Kind::kSymLink, .integer = it->second});
    }
    const int64_t index = static_cast<int64_t>(symbols_.size());
    symbols_.emplace(name, index);
    const uint32_t symbol = Add({.kind = Kind::kSymbol, .bytes = name});
    bool ascii = true;
    for (char ch : name) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
    if (ascii) return symbol;
    const uint32_t e = Symbol("E");
    const uint32_t t = Add({.kind = Kind::kTrue});
    return Add({.kind = Kind::kIvar, .children = {symbol, e, t}});
  }

  // A String as Ruby dumps one in `encoding` (w_encoding: UTF-8 and US-ASCII as :E, ASCII-8BIT
  // bare, others as :encoding "NAME").
  Result<uint32_t> EncodedString(std::string_view bytes, const std::string& encoding) {
    const uint32_t s = Add({.kind = Kind::kString, .bytes = std::string(bytes)});
    if (encoding == "ASCII-8BIT") return s;
    if (encoding == "UTF-8" || encoding == "US-ASCII") {
      const uint32_t e = Symbol("E");
      const uint32_t v = Add({.kind = encoding == "UTF-8" ? Kind::kTrue : Kind::kFalse});
      return Add({.kind = Kind::kIvar, .children = {s, e, v}});
    }
    const uint32_t e = Symbol("encoding");
    const uint32_t v = Add({.kind = Kind::kString, .bytes = encoding});
    return Add({.kind = Kind::kIvar, .children = {s, e, v}});
  }

  static Result<std::string> Field(const Json& j, const char* name) {
    if (!j.contains(name) || !j[name].is_string()) return std::unexpected(Bad(name).error());
    return j[name].get<std::string>();
  }

  static Result<std::string> Bytes(const Json& j) {
    auto text = Field(j, "base64");
    if (!text) return text;
    auto bytes = Base64DecodeStrict(*text, Base64Alphabet::kStandard, Base64Padding::kPadded);
    if (!bytes) return std::unexpected(Bad("base64").error());
    return bytes;
  }

  Result<uint32_t> NamedPairs(Kind kind, const Json& j, const char* member) {
    auto klass = Field(j, "class");
    if (!klass) return std::unexpected(klass.error());
    if (!j.contains(member) || !j[member].is_object()) return std::unexpected(Bad(member).error());
    std::vector<uint32_t> children = {Symbol(*klass)};
    for (const auto& [k, v] : j[member].items()) {
      const uint32_t name = Symbol(k);
      auto value = Value(v);
      if (!value) return value;
      children.push_back(name);
      children.push_back(*value);
    }
    return Add({.kind = kind, .children = std::move(children)});
  }

  Result<uint32_t> Integer(const Json& j) {
    auto text = Field(j, "value");
    if (!text) return std::unexpected(text.error());
    std::string_view digits = *text;
    const bool negative = digits.starts_with('-');
    if (negative) digits.remove_prefix(1);
    if (digits.empty() || digits.size() > 2400) return std::unexpected(Bad("value").error());
    std::string magnitude;  // little-endian
    for (char ch : digits) {
      if (ch < '0' || ch > '9') return std::unexpected(Bad("value").error());
      unsigned carry = static_cast<unsigned>(ch - '0');
      for (char& byte : magnitude) {
        const unsigned v = static_cast<unsigned char>(byte) * 10u + carry;
        byte = static_cast<char>(v & 0xff);
        carry = v >> 8;
      }
      if (carry != 0) magnitude.push_back(static_cast<char>(carry));
    }
    if (magnitude.size() <= 8) {
      uint64_t v = 0;
      for (size_t i = magnitude.size(); i-- > 0;)
        v = (v << 8) | static_cast<unsigned char>(magnitude[i]);
      constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
      if (!negative && v <= kMax)
        return Add({.kind = Kind::kInteger, .integer = static_cast<int64_t>(v)});
      if (negative && v <= kMax + 1) {
        return Add({.kind = Kind::kInteger, .integer = static_cast<int64_t>(~v + 1)});
      }
    }
    return Add({.kind = Kind::kInteger, .big = true, .negative = negative, .bytes = magnitude});
  }

  Result<uint32_t> TaggedValue(const Json& j) {
    if (!j[kTag].is_string()) return std::unexpected(Bad("@ruby").error());
    const std::string tag = j[kTag].get<std::string>();
    if (tag == "Integer") return Integer(j);
    if (tag == "Symbol") {
      auto name = Field(j, "name");
      if (!name) return std::unexpected(name.error());
      return Symbol(*name);
    }
    if (tag == "Float") {
      auto v = Field(j, "value");
      if (!v) return std::unexpected(v.error());
      if (*v != "nan" && *v != "inf" && *v != "-inf") return std::unexpected(Bad("value").error());
      return Add({.kind = Kind::kFloat, .bytes = *v});
    }
    if (tag == "String") {
      auto encoding = Field(j, "encoding");
      if (!encoding) return std::unexpected(encoding.error());
      auto bytes = Bytes(j);
      if (!bytes) return std::unexpected(bytes.error());
      return EncodedString(*bytes, *encoding);
    }
    if (tag == "Hash") {
      if (!j.contains("pairs") || !j["pairs"].is_array())
        return std::unexpected(Bad("pairs").error());
      std::vector<uint32_t> children;
      for (const Json& pair : j["pairs"]) {
        if (!pair.is_array() || pair.size() != 2) return std::unexpected(Bad("pairs").error());
        for (const Json& e : pair) {
          auto v = Value(e);
          if (!v) return v;
          children.push_back(*v);
        }
      }
      Kind kind = Kind::kHash;
      if (j.contains("default")) {
        auto d = Value(j["default"]);
        if (!d) return d;
        children.push_back(*d);
        kind = Kind::kHashDefault;
      }
      return Add({.kind = kind, .children = std::move(children)});
    }
    if (tag == "Object") return NamedPairs(Kind::kObject, j, "ivars");
    if (tag == "Struct") return NamedPairs(Kind::kStruct, j, "members");
    if (tag == "UserDefined") {
      auto klass = Field(j, "class");
      if (!klass) return std::unexpected(klass.error());
      auto bytes = Bytes(j);
      if (!bytes) return std::unexpected(bytes.error());
      const uint32_t symbol = Symbol(*klass);
      return Add({.kind = Kind::kUserDefined, .bytes = std::move(*bytes), .children = {symbol}});
    }
    if (tag == "UserMarshal" || tag == "Data" || tag == "Extended" || tag == "UserClass") {
      const bool extended = tag == "Extended";
      auto name = Field(j, extended ? "module" : "class");
      if (!name) return std::unexpected(name.error());
      const char* member = tag == "UserMarshal" || tag == "Data" ? "data" : "value";
      if (!j.contains(member)) return std::unexpected(Bad(member).error());
      const uint32_t symbol = Symbol(*name);
      auto inner = Value(j[member]);
      if (!inner) return inner;
      const Kind kind = tag == "UserMarshal" ? Kind::kUserMarshal
                        : tag == "Data"      ? Kind::kData
                        : extended           ? Kind::kExtended
                                             : Kind::kUserClass;
      if (kind == Kind::kUserClass && doc_.nodes[*inner].kind == Kind::kIvar) {
        // Ruby writes the ivars (a String's encoding) outside: I C :Cls "...".
        const uint32_t object = doc_.nodes[*inner].children[0];
        const uint32_t wrapped = Add({.kind = kind, .children = {symbol, object}});
        doc_.nodes[*inner].children[0] = wrapped;
        return inner;
      }
      return Add({.kind = kind, .children = {symbol, *inner}});
    }
    if (tag == "Class" || tag == "Module") {
      auto name = Field(j, "name");
      if (!name) return std::unexpected(name.error());
      return Add({.kind = tag == "Class" ? Kind::kClass : Kind::kModule, .bytes = *name});
    }
    if (tag == "Regexp") {
      auto source = Field(j, "source");
      if (!source) return std::unexpected(source.error());
      if (!j.contains("options") || !j["options"].is_number_integer() ||
          j["options"].get<int64_t>() < 0 || j["options"].get<int64_t>() > 255) {
        return std::unexpected(Bad("options").error());
      }
      const uint32_t re =
          Add({.kind = Kind::kRegexp, .integer = j["options"].get<int64_t>(), .bytes = *source});
      bool ascii = true;
      for (char ch : *source) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
      const uint32_t e = Symbol("E");
      const uint32_t v = Add({.kind = ascii ? Kind::kFalse : Kind::kTrue});
      return Add({.kind = Kind::kIvar, .children = {re, e, v}});
    }
    if (tag == "Ivars") {
      if (!j.contains("value") || !j.contains("ivars") || !j["ivars"].is_object()) {
        return std::unexpected(Bad("ivars").error());
      }
      auto inner = Value(j["value"]);
      if (!inner) return inner;
      // One 'I' carries the encoding and the other ivars, as Ruby writes it (an inner "Ivars"
      // form keeps its own wrapper).
      uint32_t wrapper = *inner;
      const bool nested =
          j["value"].is_object() && j["value"].contains(kTag) && j["value"][kTag] == "Ivars";
      if (doc_.nodes[wrapper].kind != Kind::kIvar || nested) {
        wrapper = Add({.kind = Kind::kIvar, .children = {*inner}});
      }
      for (const auto& [k, v] : j["ivars"].items()) {
        const uint32_t name = Symbol(k);
        auto value = Value(v);
        if (!value) return value;
        doc_.nodes[wrapper].children.push_back(name);
        doc_.nodes[wrapper].children.push_back(*value);
      }
      return wrapper;
    }
    return std::unexpected(Bad(tag == "Link" ? "a link cannot be signed" : "unknown").error());
  }

  Document doc_;
  std::map<std::string, int64_t> symbols_;
};

}  // namespace

Result<Json> ToJson(const Document& doc, const MarshalLimits& limits) {
  if (doc.nodes.empty()) return Fail(ErrorCode::kMalformed, "ruby marshal: empty document");
  Renderer r(doc, limits);
  return r.Root(doc.root);
}

Result<Document> FromJson(const Json& value) {
  Builder b;
  auto root = b.Value(value);
  if (!root) return std::unexpected(root.error());
  return b.Finish(*root);
}

}  // namespace knox::token::marshal
