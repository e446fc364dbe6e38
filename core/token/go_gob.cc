#include "core/token/go_gob.h"

#include <bit>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace knox::token::gob {
namespace {

// Go's tooBig on 64-bit platforms: (1 << 30) << (^uint(0) >> 62).
constexpr uint64_t kTooBig = uint64_t{1} << 33;
// decodeInterface: a registered name is at most 1024 bytes; a length past 1 << 31 is refused
// before it is compared with the input.
constexpr uint64_t kMaxNameBytes = 1024;
constexpr uint64_t kMaxNameLength = uint64_t{1} << 31;

std::unexpected<Error> Bad(std::string_view why) {
  return Fail(ErrorCode::kMalformed, "gob: " + std::string(why));
}

std::unexpected<Error> Limit(std::string_view why) {
  return Fail(ErrorCode::kLimitExceeded, "gob: " + std::string(why));
}

// Go's toInt: the low bit says whether to complement the rest.
int64_t ToInt(uint64_t x) {
  auto i = static_cast<int64_t>(x >> 1);
  if ((x & 1) != 0) i = ~i;
  return i;
}

uint64_t FromInt(int64_t i) {
  return i < 0 ? (static_cast<uint64_t>(~i) << 1) | 1 : static_cast<uint64_t>(i) << 1;
}

// Floats travel as their bits, byte-reversed (the exponent first).
double FloatFromBits(uint64_t u) { return std::bit_cast<double>(__builtin_bswap64(u)); }
uint64_t FloatBits(double d) { return __builtin_bswap64(std::bit_cast<uint64_t>(d)); }

bool IsBasic(int32_t id) { return id >= kBoolId && id <= kInterfaceId; }

class Reader {
 public:
  Reader(std::string_view stream, const GobLimits& limits) : stream_(stream), limits_(limits) {}

  Result<Document> Run() {
    auto id = DecodeTypeSequence(false);
    if (!id) return std::unexpected(id.error());
    auto root = DecodeValue(*id, 0);
    if (!root) return std::unexpected(root.error());
    doc_.root = std::move(*root);
    return std::move(doc_);
  }

 private:
  size_t Left() const { return buf_.size() - pos_; }

  // An unsigned integer of the current message (decodeUint): one byte below 0x80, else the byte
  // count negated and that many big-endian bytes (non-minimal forms accepted, as Go does).
  Result<uint64_t> Uint() {
    if (pos_ >= buf_.size()) return Bad("truncated message");
    const auto first = static_cast<uint8_t>(buf_[pos_]);
    if (first <= 0x7f) {
      ++pos_;
      return first;
    }
    const int n = -static_cast<int>(static_cast<int8_t>(first));
    if (n > 8) return Bad("unsigned integer of more than 8 bytes");
    if (Left() - 1 < static_cast<size_t>(n)) return Bad("truncated unsigned integer");
    uint64_t x = 0;
    for (int i = 1; i <= n; ++i)
      x = x << 8 | static_cast<uint8_t>(buf_[pos_ + static_cast<size_t>(i)]);
    pos_ += 1 + static_cast<size_t>(n);
    return x;
  }

  // A length that must fit in the rest of the message (getLength).
  Result<size_t> Length() {
    auto n = Uint();
    if (!n) return std::unexpected(n.error());
    if (*n > static_cast<uint64_t>(INT64_MAX) || *n > Left() || *n >= kTooBig) {
      return Bad("length beyond the message");
    }
    return static_cast<size_t>(*n);
  }

  Result<std::string> Bytes() {
    auto n = Length();
    if (!n) return std::unexpected(n.error());
    std::string out(buf_.substr(pos_, *n));
    pos_ += *n;
    return out;
  }

  // The next count-delimited message of the stream becomes the current one (recvMessage).
  Result<void> RecvMessage() {
    if (spos_ >= stream_.size()) return Bad("end of stream before a value");
    const auto first = static_cast<uint8_t>(stream_[spos_]);
    uint64_t count = first;
    size_t width = 1;
    if (first > 0x7f) {
      const int n = -static_cast<int>(static_cast<int8_t>(first));
      if (n > 8) return Bad("message length of more than 8 bytes");
      if (stream_.size() - spos_ - 1 < static_cast<size_t>(n)) return Bad("truncated length");
      count = 0;
      for (int i = 1; i <= n; ++i) {
        count = count << 8 | static_cast<uint8_t>(stream_[spos_ + static_cast<size_t>(i)]);
      }
      width += static_cast<size_t>(n);
    }
    spos_ += width;
    if (count >= kTooBig) return Bad("message length out of range");
    if (count > stream_.size() - spos_) return Bad("truncated message");
    buf_ = stream_.substr(spos_, static_cast<size_t>(count));
    pos_ = 0;
    spos_ += static_cast<size_t>(count);
    return {};
  }

  // decodeTypeSequence: type definitions until a value's type id. Within an interface value a
  // definition may share its message with what follows, whose byte count is then skipped.
  Result<int32_t> DecodeTypeSequence(bool in_interface) {
    for (;;) {
      if (Left() == 0) {
        if (auto r = RecvMessage(); !r) return std::unexpected(r.error());
      }
      auto raw = Uint();
      if (!raw) return std::unexpected(raw.error());
      // typeId(nextInt()): Go keeps the low 32 bits.
      const auto id = static_cast<int32_t>(static_cast<uint32_t>(ToInt(*raw)));
      if (id >= 0) return id;
      const auto defined = static_cast<int32_t>(0u - static_cast<uint32_t>(id));
      if (auto r = RecvType(defined); !r) return std::unexpected(r.error());
      if (Left() > 0) {
        if (!in_interface) return Bad("extra data after a type definition");
        if (auto skipped = Uint(); !skipped) return std::unexpected(skipped.error());
      }
    }
  }

  // The struct decoder of Go's own types (wireType and its members): fields by delta, ending at a
  // zero delta or at the end of the message.
  template <class OnField>
  Result<void> BootstrapStruct(size_t field_count, OnField on_field) {
    size_t next = 0;  // the first field number still possible
    while (Left() > 0) {
      auto delta = Uint();
      if (!delta) return std::unexpected(delta.error());
      if (*delta > static_cast<uint64_t>(INT64_MAX)) return Bad("negative field delta");
      if (*delta == 0) break;
      if (*delta - 1 >= field_count - next) return Bad("field number out of range");
      const size_t field = next + static_cast<size_t>(*delta - 1);
      next = field + 1;
      if (auto r = on_field(field); !r) return r;
    }
    return {};
  }

  Result<int32_t> Int32() {
    auto u = Uint();
    if (!u) return std::unexpected(u.error());
    const int64_t v = ToInt(*u);
    if (v < INT32_MIN || v > INT32_MAX) return Bad("type id out of range");
    return static_cast<int32_t>(v);
  }

  // CommonType {Name string; Id typeId}: the name is kept, the id is not used (as in Go).
  Result<void> CommonType(WireType& t) {
    return BootstrapStruct(2, [&](size_t field) -> Result<void> {
      if (field == 0) {
        auto name = Bytes();
        if (!name) return std::unexpected(name.error());
        t.name = std::move(*name);
        return {};
      }
      auto id = Int32();
      if (!id) return std::unexpected(id.error());
      return {};
    });
  }

  Result<void> Fields(WireType& t) {
    auto count = Uint();
    if (!count) return std::unexpected(count.error());
    if (*count > static_cast<uint64_t>(INT64_MAX) || *count > kTooBig / 8) {
      return Bad("field list too long");
    }
    for (uint64_t i = 0; i < *count; ++i) {
      if (Left() == 0) return Bad("field list longer than the message");
      Field f;
      auto r = BootstrapStruct(2, [&](size_t field) -> Result<void> {
        if (field == 0) {
          auto name = Bytes();
          if (!name) return std::unexpected(name.error());
          f.name = std::move(*name);
          return {};
        }
        auto id = Int32();
        if (!id) return std::unexpected(id.error());
        f.type = *id;
        return {};
      });
      if (!r) return r;
      if (f.name.empty()) return Bad("struct field without a name");
      t.fields.push_back(std::move(f));
    }
    return {};
  }

  // recvType: the wireType of user type `id`.
  Result<void> RecvType(int32_t id) {
    if (id < kFirstUserId || doc_.types.contains(id)) return Bad("duplicate type received");
    if (doc_.types.size() >= limits_.max_types) return Limit("too many type definitions");
    WireType t;
    int kinds = 0;
    auto r = BootstrapStruct(7, [&](size_t member) -> Result<void> {
      ++kinds;
      t.kind = static_cast<TypeKind>(member);
      switch (t.kind) {
        case TypeKind::kArray:  // arrayType {CommonType; Elem typeId; Len int}
          return BootstrapStruct(3, [&](size_t field) -> Result<void> {
            if (field == 0) return CommonType(t);
            auto u = Uint();
            if (!u) return std::unexpected(u.error());
            if (field == 2) {
              t.length = ToInt(*u);
              return {};
            }
            const int64_t v = ToInt(*u);
            if (v < INT32_MIN || v > INT32_MAX) return Bad("type id out of range");
            t.elem = static_cast<int32_t>(v);
            return {};
          });
        case TypeKind::kSlice:  // sliceType {CommonType; Elem typeId}
          return BootstrapStruct(2, [&](size_t field) -> Result<void> {
            if (field == 0) return CommonType(t);
            auto elem = Int32();
            if (!elem) return std::unexpected(elem.error());
            t.elem = *elem;
            return {};
          });
        case TypeKind::kStruct:  // structType {CommonType; Field []*fieldType}
          return BootstrapStruct(2, [&](size_t field) -> Result<void> {
            if (field == 0) return CommonType(t);
            return Fields(t);
          });
        case TypeKind::kMap:  // mapType {CommonType; Key typeId; Elem typeId}
          return BootstrapStruct(3, [&](size_t field) -> Result<void> {
            if (field == 0) return CommonType(t);
            auto member_id = Int32();
            if (!member_id) return std::unexpected(member_id.error());
            (field == 1 ? t.key : t.elem) = *member_id;
            return {};
          });
        default:  // gobEncoderType {CommonType}
          return BootstrapStruct(1, [&](size_t) { return CommonType(t); });
      }
    });
    if (!r) return r;
    if (kinds != 1) return Bad("type definition without exactly one kind");
    doc_.types.emplace(id, std::move(t));
    return {};
  }

  Result<const WireType*> UserType(int32_t id) {
    auto it = doc_.types.find(id);
    if (it == doc_.types.end()) return Bad("unknown type id");
    return &it->second;
  }

  Result<void> Count(int depth) {
    if (depth > limits_.max_depth) return Limit("nesting deeper than the limit");
    if (++values_ > limits_.max_values) return Limit("more values than the limit");
    return {};
  }

  // decodeValue: a struct's fields directly, any other value after a zero delta (a top-level
  // value, and the concrete value of an interface).
  Result<Value> DecodeValue(int32_t id, int depth) {
    if (!IsBasic(id)) {
      auto t = UserType(id);
      if (!t) return std::unexpected(t.error());
      if ((*t)->kind == TypeKind::kStruct) return DecodeStruct(id, **t, depth);
    }
    auto delta = Uint();
    if (!delta) return std::unexpected(delta.error());
    if (*delta != 0) return Bad("non-zero delta for a single value");
    return DecodeOp(id, depth);
  }

  Result<Value> DecodeOp(int32_t id, int depth) {
    const WireType* user = nullptr;
    if (!IsBasic(id)) {
      auto found = UserType(id);
      if (!found) return std::unexpected(found.error());
      user = *found;
      if (user->kind == TypeKind::kStruct) return DecodeStruct(id, *user, depth);
    }
    if (auto ok = Count(depth); !ok) return std::unexpected(ok.error());
    Value v;
    switch (id) {
      case kBoolId:
      case kIntId:
      case kUintId:
      case kFloatId: {
        auto u = Uint();
        if (!u) return std::unexpected(u.error());
        if (id == kBoolId) {
          v.kind = Kind::kBool;
          v.boolean = *u != 0;
        } else if (id == kIntId) {
          v.kind = Kind::kInt;
          v.integer = ToInt(*u);
        } else if (id == kUintId) {
          v.kind = Kind::kUint;
          v.uinteger = *u;
        } else {
          v.kind = Kind::kFloat;
          v.real = FloatFromBits(*u);
        }
        return v;
      }
      case kComplexId: {
        auto re = Uint();
        if (!re) return std::unexpected(re.error());
        auto im = Uint();
        if (!im) return std::unexpected(im.error());
        v.kind = Kind::kComplex;
        v.real = FloatFromBits(*re);
        v.imag = FloatFromBits(*im);
        return v;
      }
      case kBytesId:
      case kStringId: {
        auto b = Bytes();
        if (!b) return std::unexpected(b.error());
        v.kind = id == kBytesId ? Kind::kBytes : Kind::kString;
        v.bytes = std::move(*b);
        return v;
      }
      case kInterfaceId:
        return DecodeInterface(depth);
      default:
        break;
    }
    const WireType& t = *user;
    v.type_id = id;
    v.type = TypeString(doc_, id);
    switch (t.kind) {
      case TypeKind::kMap: {
        auto n = Uint();
        if (!n) return std::unexpected(n.error());
        v.kind = Kind::kMap;
        // int(n): a count past INT64_MAX is negative to Go, and the loop reads no pair.
        const auto pairs = static_cast<int64_t>(*n);
        for (int64_t i = 0; i < pairs; ++i) {
          auto key = DecodeOp(t.key, depth + 1);
          if (!key) return std::unexpected(key.error());
          auto elem = DecodeOp(t.elem, depth + 1);
          if (!elem) return std::unexpected(elem.error());
          v.items.push_back(std::move(*key));
          v.items.push_back(std::move(*elem));
        }
        return v;
      }
      case TypeKind::kSlice:
      case TypeKind::kArray: {
        auto n = Uint();
        if (!n) return std::unexpected(n.error());
        if (t.kind == TypeKind::kSlice) {
          if (*n > static_cast<uint64_t>(INT64_MAX) || *n > kTooBig) {
            return Bad("slice too big");
          }
          v.kind = Kind::kSlice;
        } else {
          // No local array type has a negative length.
          if (t.length < 0 || *n != static_cast<uint64_t>(t.length)) {
            return Bad("array length mismatch");
          }
          v.kind = Kind::kArray;
        }
        for (uint64_t i = 0; i < *n; ++i) {
          if (Left() == 0) return Bad("slice or array longer than the message");
          auto elem = DecodeOp(t.elem, depth + 1);
          if (!elem) return std::unexpected(elem.error());
          v.items.push_back(std::move(*elem));
        }
        return v;
      }
      default: {  // GobEncoder, BinaryMarshaler, TextMarshaler: their bytes
        auto b = Bytes();
        if (!b) return std::unexpected(b.error());
        v.kind = Kind::kEncoded;
        v.encoding = t.kind;
        v.name = t.name;
        v.bytes = std::move(*b);
        return v;
      }
    }
  }

  // decodeStruct: fields by delta until a zero delta or the end of the message.
  Result<Value> DecodeStruct(int32_t id, const WireType& t, int depth) {
    if (auto ok = Count(depth); !ok) return std::unexpected(ok.error());
    Value v;
    v.kind = Kind::kStruct;
    v.type_id = id;
    v.type = TypeString(doc_, id);
    v.name = t.name;
    size_t next = 0;
    while (Left() > 0) {
      auto delta = Uint();
      if (!delta) return std::unexpected(delta.error());
      if (*delta > static_cast<uint64_t>(INT64_MAX)) return Bad("negative field delta");
      if (*delta == 0) break;
      if (*delta - 1 >= t.fields.size() - next) return Bad("field number out of range");
      const size_t field = next + static_cast<size_t>(*delta - 1);
      next = field + 1;
      auto value = DecodeOp(t.fields[field].type, depth + 1);
      if (!value) return std::unexpected(value.error());
      v.fields.push_back(t.fields[field].name);
      v.items.push_back(std::move(*value));
    }
    return v;
  }

  // decodeInterface: the registered name (empty for nil), the concrete type's id after any type
  // definitions, a byte count Go does not check, then the concrete value.
  Result<Value> DecodeInterface(int depth) {
    auto n = Uint();
    if (!n) return std::unexpected(n.error());
    if (*n > kMaxNameLength || *n > Left()) return Bad("invalid type name length");
    Value v;
    v.name = std::string(buf_.substr(pos_, static_cast<size_t>(*n)));
    pos_ += static_cast<size_t>(*n);
    if (v.name.empty()) return v;  // nil
    if (v.name.size() > kMaxNameBytes) return Bad("type name too long");
    auto id = DecodeTypeSequence(true);
    if (!id) return std::unexpected(id.error());
    if (auto count = Uint(); !count) return std::unexpected(count.error());
    // The interface and its value are one level, as in the JSON shown for them (so a session
    // within the token JSON depth reads within this one); an interface in an interface nests.
    auto concrete = DecodeValue(*id, *id == kInterfaceId ? depth + 1 : depth);
    if (!concrete) return std::unexpected(concrete.error());
    v.kind = Kind::kInterface;
    v.items.push_back(std::move(*concrete));
    return v;
  }

  std::string_view stream_;
  size_t spos_ = 0;
  std::string_view buf_;
  size_t pos_ = 0;
  const GobLimits& limits_;
  size_t values_ = 0;
  Document doc_;
};

std::string TypeStringAt(const Document& doc, int32_t id, int depth) {
  switch (id) {
    case kBoolId:
      return "bool";
    case kIntId:
      return "int";
    case kUintId:
      return "uint";
    case kFloatId:
      return "float64";
    case kBytesId:
      return "[]uint8";
    case kStringId:
      return "string";
    case kComplexId:
      return "complex128";
    case kInterfaceId:
      return "interface {}";
    default:
      break;
  }
  auto it = doc.types.find(id);
  if (it == doc.types.end()) return "?";
  const WireType& t = it->second;
  if (!t.name.empty()) return t.name;
  if (depth > 8) return "...";
  switch (t.kind) {
    case TypeKind::kMap:
      return "map[" + TypeStringAt(doc, t.key, depth + 1) + "]" +
             TypeStringAt(doc, t.elem, depth + 1);
    case TypeKind::kSlice:
      return "[]" + TypeStringAt(doc, t.elem, depth + 1);
    case TypeKind::kArray:
      return "[" + std::to_string(t.length) + "]" + TypeStringAt(doc, t.elem, depth + 1);
    case TypeKind::kStruct:
      return "struct";
    default:
      return "?";
  }
}

// The local type a name Go registers stands for, as far as gob's compatibleType sees it.
struct Expected {
  int32_t wire = 0;      // the basic wire type, or the element's for a slice
  bool slice = false;    // []T (a slice type the stream defines)
  int bits = 0;          // sized integers: 8, 16, 32 (0: 64 bits)
  bool float32 = false;  // float32, complex64: each part within float32's range
};

std::optional<Expected> ExpectedFor(std::string_view name) {
  bool slice = false;
  if (name.starts_with("[]")) {
    if (name == "[]uint8") return Expected{.wire = kBytesId};
    if (name == "[]interface {}") return Expected{.wire = kInterfaceId, .slice = true};
    name.remove_prefix(2);
    slice = true;
  }
  Expected e{.slice = slice};
  if (name == "bool") {
    e.wire = kBoolId;
  } else if (name == "int" || name == "int64") {
    e.wire = kIntId;
  } else if (name == "int8" || name == "int16" || name == "int32") {
    e.wire = kIntId;
    e.bits = name == "int8" ? 8 : name == "int16" ? 16 : 32;
  } else if (name == "uint" || name == "uint64" || name == "uintptr") {
    e.wire = kUintId;
  } else if (name == "uint8" || name == "uint16" || name == "uint32") {
    if (slice && name == "uint8") return std::nullopt;
    e.wire = kUintId;
    e.bits = name == "uint8" ? 8 : name == "uint16" ? 16 : 32;
  } else if (name == "float64" || name == "float32") {
    e.wire = kFloatId;
    e.float32 = name == "float32";
  } else if (name == "complex128" || name == "complex64") {
    e.wire = kComplexId;
    e.float32 = name == "complex64";
  } else if (name == "string") {
    e.wire = kStringId;
  } else {
    return std::nullopt;
  }
  return e;
}

bool Float32Overflows(double d) {
  const double a = std::fabs(d);
  return a > static_cast<double>(std::numeric_limits<float>::max()) &&
         a <= std::numeric_limits<double>::max();
}

// A basic value of wire type e.wire within the local type's range.
bool InRange(const Value& v, const Expected& e) {
  if (e.bits != 0 && v.kind == Kind::kInt) {
    const int64_t lo = -(int64_t{1} << (e.bits - 1));
    const int64_t hi = (int64_t{1} << (e.bits - 1)) - 1;
    return v.integer >= lo && v.integer <= hi;
  }
  if (e.bits != 0 && v.kind == Kind::kUint) return v.uinteger <= (uint64_t{1} << e.bits) - 1;
  if (e.float32 && v.kind == Kind::kFloat) return !Float32Overflows(v.real);
  if (e.float32 && v.kind == Kind::kComplex) {
    return !Float32Overflows(v.real) && !Float32Overflows(v.imag);
  }
  return true;
}

Kind KindOfBasic(int32_t id) {
  switch (id) {
    case kBoolId:
      return Kind::kBool;
    case kIntId:
      return Kind::kInt;
    case kUintId:
      return Kind::kUint;
    case kFloatId:
      return Kind::kFloat;
    case kBytesId:
      return Kind::kBytes;
    case kStringId:
      return Kind::kString;
    case kComplexId:
      return Kind::kComplex;
    default:
      return Kind::kInterface;
  }
}

Result<void> Check(const Document& doc, const Value& v) {
  if (v.kind == Kind::kInterface && !v.items.empty()) {
    if (auto e = ExpectedFor(v.name)) {
      const Value& c = v.items[0];
      auto mismatch = [] { return Bad("a value of another type under a name Go registers"); };
      if (e->slice) {
        auto t = doc.types.find(c.type_id);
        if (c.kind != Kind::kSlice || t == doc.types.end() || t->second.elem != e->wire) {
          return mismatch();
        }
        for (const Value& item : c.items) {
          if (!InRange(item, *e)) return Bad("value out of range of its registered type");
        }
      } else {
        if (c.kind != KindOfBasic(e->wire) || c.type_id != 0) return mismatch();
        if (!InRange(c, *e)) return Bad("value out of range of its registered type");
      }
    }
  }
  for (const Value& item : v.items) {
    if (auto ok = Check(doc, item); !ok) return ok;
  }
  return {};
}

// ---- writer ----------------------------------------------------------------------------------

constexpr int32_t kSessionMapId = 65;      // the first id a Go process gives a user type
constexpr int32_t kInterfaceSliceId = 66;  // []interface {} after it
constexpr std::string_view kSessionMapType = "map[interface {}]interface {}";
constexpr std::string_view kInterfaceSliceType = "[]interface {}";
// Nesting the writer follows (a bound on its recursion; what Read accepts is far below it).
constexpr int kMaxWriteDepth = 1000;

void PutUint(std::string& b, uint64_t x) {
  if (x <= 0x7f) {
    b.push_back(static_cast<char>(x));
    return;
  }
  const int bytes = 8 - std::countl_zero(x) / 8;
  b.push_back(static_cast<char>(static_cast<uint8_t>(256 - bytes)));
  for (int i = bytes - 1; i >= 0; --i) b.push_back(static_cast<char>(x >> (8 * i)));
}

void PutInt(std::string& b, int64_t i) { PutUint(b, FromInt(i)); }

// wireType{MapT|SliceT: {CommonType{Id: id}, [Key,] Elem: interface}} as Go's struct encoder
// writes it: the member's delta, CommonType (the empty name omitted), the ids, terminators.
void PutDefinition(std::string& b, int32_t id) {
  PutInt(b, -id);
  PutUint(b, id == kSessionMapId ? 4 : 2);  // MapT is member 3, SliceT member 1
  PutUint(b, 1);                            // CommonType
  PutUint(b, 2);                            // its Id (Name is empty)
  PutInt(b, id);
  PutUint(b, 0);
  PutUint(b, 1);  // Key (map) or Elem (slice)
  PutInt(b, kInterfaceId);
  if (id == kSessionMapId) {
    PutUint(b, 1);  // Elem
    PutInt(b, kInterfaceId);
  }
  PutUint(b, 0);
  PutUint(b, 0);
}

int32_t BasicId(Kind k) {
  switch (k) {
    case Kind::kBool:
      return kBoolId;
    case Kind::kInt:
      return kIntId;
    case Kind::kUint:
      return kUintId;
    case Kind::kFloat:
      return kFloatId;
    case Kind::kBytes:
      return kBytesId;
    case Kind::kString:
      return kStringId;
    case Kind::kComplex:
      return kComplexId;
    default:
      return 0;
  }
}

// encoding/gob's Encoder for one session, with its quirk kept: a type definition needed inside
// a value is written to the innermost writer as a message of everything buffered so far.
class Writer {
 public:
  Result<std::string> Run(const Value& root) {
    if (root.kind != Kind::kMap || root.type != kSessionMapType || root.items.size() % 2 != 0) {
      return Unsupported();
    }
    std::string b;
    PutDefinition(b, kSessionMapId);
    WriteMessage(stream_, b);
    PutInt(b, kSessionMapId);
    PutUint(b, 0);  // singleton delta
    PutUint(b, root.items.size() / 2);
    writers_.push_back(&stream_);
    for (const Value& item : root.items) {
      if (auto ok = Interface(b, item, 0); !ok) return std::unexpected(ok.error());
    }
    WriteMessage(stream_, b);
    return std::move(stream_);
  }

 private:
  static std::unexpected<Error> Unsupported() {
    return Fail(ErrorCode::kInvalidArgument,
                "gob: knox writes a map[interface {}]interface {} of nil, basic values and "
                "[]interface {} only");
  }

  static void WriteMessage(std::string& w, std::string& b) {
    PutUint(w, b.size());
    w += b;
    b.clear();
  }

  Result<void> Interface(std::string& b, const Value& v, int depth) {
    if (depth > kMaxWriteDepth) return Unsupported();
    if (v.kind == Kind::kNil) {
      PutUint(b, 0);
      return {};
    }
    if (v.kind != Kind::kInterface || v.name.empty() || v.items.size() != 1) return Unsupported();
    const Value& c = v.items[0];
    const int32_t basic = BasicId(c.kind);
    const bool slice = c.kind == Kind::kSlice && c.type == kInterfaceSliceType;
    if (basic == 0 && !slice) return Unsupported();
    PutUint(b, v.name.size());
    b += v.name;
    if (slice && !sent_slice_) {
      PutDefinition(b, kInterfaceSliceId);
      WriteMessage(*writers_.back(), b);
      sent_slice_ = true;
    }
    PutInt(b, slice ? kInterfaceSliceId : basic);
    std::string data;
    PutUint(data, 0);  // singleton delta
    switch (c.kind) {
      case Kind::kBool:
        PutUint(data, c.boolean ? 1 : 0);
        break;
      case Kind::kInt:
        PutInt(data, c.integer);
        break;
      case Kind::kUint:
        PutUint(data, c.uinteger);
        break;
      case Kind::kFloat:
        PutUint(data, FloatBits(c.real));
        break;
      case Kind::kComplex:
        PutUint(data, FloatBits(c.real));
        PutUint(data, FloatBits(c.imag));
        break;
      case Kind::kBytes:
      case Kind::kString:
        PutUint(data, c.bytes.size());
        data += c.bytes;
        break;
      default: {  // []interface {}
        PutUint(data, c.items.size());
        writers_.push_back(&b);
        for (const Value& item : c.items) {
          if (auto ok = Interface(data, item, depth + 1); !ok) return ok;
        }
        writers_.pop_back();
        break;
      }
    }
    WriteMessage(b, data);
    return {};
  }

  std::string stream_;
  std::vector<std::string*> writers_;
  bool sent_slice_ = false;
};

}  // namespace

Result<Document> Read(std::string_view stream, const GobLimits& limits) {
  if (stream.size() > limits.max_stream_bytes) return Limit("stream longer than the limit");
  return Reader(stream, limits).Run();
}

Result<void> CheckGoTypes(const Document& doc) { return Check(doc, doc.root); }

bool IsSessionMap(const Document& doc) {
  if (doc.root.kind != Kind::kMap) return false;
  auto it = doc.types.find(doc.root.type_id);
  return it != doc.types.end() && it->second.kind == TypeKind::kMap &&
         it->second.key == kInterfaceId && it->second.elem == kInterfaceId;
}

std::string TypeString(const Document& doc, int32_t id) { return TypeStringAt(doc, id, 0); }

bool SameValue(const Value& a, const Value& b) {
  if (a.kind != b.kind || a.boolean != b.boolean || a.integer != b.integer ||
      a.uinteger != b.uinteger ||
      std::bit_cast<uint64_t>(a.real) != std::bit_cast<uint64_t>(b.real) ||
      std::bit_cast<uint64_t>(a.imag) != std::bit_cast<uint64_t>(b.imag) || a.bytes != b.bytes ||
      a.name != b.name || a.type != b.type || a.fields != b.fields ||
      a.items.size() != b.items.size()) {
    return false;
  }
  if (a.kind == Kind::kEncoded && a.encoding != b.encoding) return false;
  for (size_t i = 0; i < a.items.size(); ++i) {
    if (!SameValue(a.items[i], b.items[i])) return false;
  }
  return true;
}

Value NewSessionMap() {
  Value v;
  v.kind = Kind::kMap;
  v.type = std::string(kSessionMapType);
  return v;
}

Value InterfaceOf(std::string name, Value concrete) {
  Value v;
  v.kind = Kind::kInterface;
  v.name = std::move(name);
  v.items.push_back(std::move(concrete));
  return v;
}

Value InterfaceSlice(std::vector<Value> items) {
  Value slice;
  slice.kind = Kind::kSlice;
  slice.type = std::string(kInterfaceSliceType);
  slice.items = std::move(items);
  return InterfaceOf(std::string(kInterfaceSliceType), std::move(slice));
}

Result<std::string> WriteSession(const Value& root) { return Writer().Run(root); }

}  // namespace knox::token::gob
