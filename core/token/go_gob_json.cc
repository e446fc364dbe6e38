#include "core/token/go_gob_json.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/base/base64.h"
#include "core/token/rails_message.h"

namespace knox::token::gob {
namespace {

Json Float(double d) {
  if (std::isfinite(d)) return Json(d);
  return Json{{"@go", "float"}, {"value", std::isnan(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf"}};
}

std::string Base64(std::string_view bytes) {
  return Base64Encode(bytes, Base64Alphabet::kStandard, Base64Padding::kPadded);
}

// A string value or an interface holding one, as JSON object key text (nullptr otherwise).
const std::string* KeyText(const Value& v) {
  const Value* s = &v;
  if (v.kind == Kind::kInterface && v.name == "string" && !v.items.empty()) s = &v.items[0];
  if (s->kind != Kind::kString || !rails::ValidUtf8(s->bytes) || s->bytes == "@go") return nullptr;
  return &s->bytes;
}

// The names whose values render as plain JSON, with the kind each holds.
bool Plain(const Value& v) {
  const Kind k = v.items[0].kind;
  return (v.name == "string" && k == Kind::kString) || (v.name == "int" && k == Kind::kInt) ||
         (v.name == "bool" && k == Kind::kBool) || (v.name == "float64" && k == Kind::kFloat) ||
         (v.name == "[]interface {}" && k == Kind::kSlice);
}

std::string_view EncodingName(TypeKind k) {
  switch (k) {
    case TypeKind::kBinaryMarshaler:
      return "BinaryMarshaler";
    case TypeKind::kTextMarshaler:
      return "TextMarshaler";
    default:
      return "GobEncoder";
  }
}

Result<Value> ElementFromJson(const Json& j, int depth) {
  auto refuse = [](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument, "gorilla: " + std::string(why));
  };
  if (depth > 64) return refuse("arrays nested too deeply");
  Value c;
  switch (j.type()) {
    case Json::value_t::null:
      return Value{};
    case Json::value_t::boolean:
      c.kind = Kind::kBool;
      c.boolean = j.get<bool>();
      return InterfaceOf("bool", std::move(c));
    case Json::value_t::number_integer:
      c.kind = Kind::kInt;
      c.integer = j.get<int64_t>();
      return InterfaceOf("int", std::move(c));
    case Json::value_t::number_unsigned:
      if (j.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        return refuse("an integer beyond Go's int");
      }
      c.kind = Kind::kInt;
      c.integer = static_cast<int64_t>(j.get<uint64_t>());
      return InterfaceOf("int", std::move(c));
    case Json::value_t::number_float:
      if (!std::isfinite(j.get<double>())) return refuse("a number beyond float64");
      c.kind = Kind::kFloat;
      c.real = j.get<double>();
      return InterfaceOf("float64", std::move(c));
    case Json::value_t::string:
      c.kind = Kind::kString;
      c.bytes = j.get<std::string>();
      return InterfaceOf("string", std::move(c));
    case Json::value_t::array: {
      std::vector<Value> items;
      for (const Json& e : j) {
        auto item = ElementFromJson(e, depth + 1);
        if (!item) return item;
        items.push_back(std::move(*item));
      }
      return InterfaceSlice(std::move(items));
    }
    default:
      return refuse(
          "a nested object needs a Go type the app registers; knox signs string, number, "
          "boolean, null and array values");
  }
}

}  // namespace

Json ToJson(const Value& v) {
  switch (v.kind) {
    case Kind::kNil:
      return nullptr;
    case Kind::kBool:
      return v.boolean;
    case Kind::kInt:
      return v.integer;
    case Kind::kUint:
      return v.uinteger;
    case Kind::kFloat:
      return Float(v.real);
    case Kind::kComplex:
      return Json{{"@go", "complex"}, {"real", Float(v.real)}, {"imag", Float(v.imag)}};
    case Kind::kBytes:
      return Json{{"@go", "[]byte"}, {"base64", Base64(v.bytes)}};
    case Kind::kString:
      if (rails::ValidUtf8(v.bytes)) return v.bytes;
      return Json{{"@go", "string"}, {"base64", Base64(v.bytes)}};
    case Kind::kInterface:
      if (Plain(v)) return ToJson(v.items[0]);
      return Json{{"@go", v.name}, {"value", ToJson(v.items[0])}};
    case Kind::kMap: {
      bool object = true;
      for (size_t i = 0; object && i < v.items.size(); i += 2) {
        object = KeyText(v.items[i]) != nullptr;
      }
      if (object) {
        Json out = Json::object();
        for (size_t i = 0; i + 1 < v.items.size(); i += 2) {
          out[*KeyText(v.items[i])] = ToJson(v.items[i + 1]);
        }
        return out;
      }
      Json pairs = Json::array();
      for (size_t i = 0; i + 1 < v.items.size(); i += 2) {
        pairs.push_back(Json::array({ToJson(v.items[i]), ToJson(v.items[i + 1])}));
      }
      return Json{{"@go", "map"}, {"type", v.type}, {"pairs", std::move(pairs)}};
    }
    case Kind::kSlice:
    case Kind::kArray: {
      Json out = Json::array();
      for (const Value& item : v.items) out.push_back(ToJson(item));
      return out;
    }
    case Kind::kStruct: {
      Json fields = Json::object();
      for (size_t i = 0; i < v.items.size(); ++i) fields[v.fields[i]] = ToJson(v.items[i]);
      return Json{{"@go", "struct"}, {"type", v.type}, {"fields", std::move(fields)}};
    }
    case Kind::kEncoded:
      return Json{{"@go", EncodingName(v.encoding)}, {"type", v.type}, {"base64", Base64(v.bytes)}};
  }
  return nullptr;
}

Result<Value> SessionFromJson(const Json& object) {
  if (!object.is_object()) {
    return Fail(ErrorCode::kInvalidArgument,
                "gorilla: VALUE must be a JSON object (the gorilla/sessions map)");
  }
  if (object.contains("@go")) {
    return Fail(ErrorCode::kInvalidArgument, "gorilla: knox does not sign this \"@go\" form");
  }
  Value map = NewSessionMap();
  for (const auto& [key, value] : object.items()) {
    Value k;
    k.kind = Kind::kString;
    k.bytes = key;
    auto v = ElementFromJson(value, 0);
    if (!v) return std::unexpected(v.error());
    map.items.push_back(InterfaceOf("string", std::move(k)));
    map.items.push_back(std::move(*v));
  }
  return map;
}

}  // namespace knox::token::gob
