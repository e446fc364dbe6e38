// Go gob documents (go_gob.h) as JSON, and JSON objects as the gorilla/sessions map knox signs.
// The rendering is documented in docs/formats.md "Go gob as JSON":
//  - nil interfaces, bools, integers (int, uint), finite floats, slices and arrays: the JSON
//    value; strings that are valid UTF-8: JSON strings;
//  - an interface value shows its concrete value directly under the names gorilla/sessions apps
//    store most (string, int, bool, float64, []interface {}), else as
//    {"@go":NAME,"value":V};
//  - maps whose keys are all such strings (not "@go"): JSON objects (a repeated key keeps the
//    last value); other maps {"@go":"map","type":T,"pairs":[[K,V],...]};
//  - everything else an object whose "@go" member names what it is:
//    {"@go":"float","value":"NaN"|"+Inf"|"-Inf"}, {"@go":"complex","real":R,"imag":I},
//    {"@go":"[]byte","base64":B}, {"@go":"string","base64":B} (bytes that are not UTF-8),
//    {"@go":"struct","type":T,"fields":{...}} (the fields sent: gob omits zero values), and
//    {"@go":"GobEncoder"|"BinaryMarshaler"|"TextMarshaler","type":T,"base64":B}.
// SessionFromJson is the inverse for signing, on the values gorilla/sessions apps store: a JSON
// object becomes a map[interface {}]interface {} with string keys, and each value a nil
// (null), bool, int (an integer in int64's range), float64 (a number with a fraction or an
// exponent), string, or []interface {} (an array, of the same). Pure and thread-safe.
#pragma once

#include "core/base/result.h"
#include "core/token/go_gob.h"
#include "core/token/json_style.h"

namespace knox::token::gob {

Json ToJson(const Value& value);

// kInvalidArgument for anything but a JSON object of the values above.
Result<Value> SessionFromJson(const Json& object);

}  // namespace knox::token::gob
