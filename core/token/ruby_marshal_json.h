// Ruby Marshal documents (ruby_marshal.h) as JSON, and JSON as Marshal documents for signing.
// The rendering is documented in docs/formats.md "Ruby Marshal as JSON":
//  - nil, true, false, integers that fit 64 bits, finite floats, arrays: the JSON value;
//  - strings (UTF-8, US-ASCII or ASCII-8BIT whose bytes are valid UTF-8) and symbols: JSON
//    strings (symbols are not told apart from strings; a symbol name that is not UTF-8 shows
//    U+FFFD);
//  - hashes whose keys are all such strings or symbols: JSON objects (a repeated key keeps the
//    last value, as Ruby);
//  - everything else: an object whose "@ruby" member names what it is —
//    {"@ruby":"Integer","value":"<decimal>"}, {"@ruby":"Float","value":"nan"|"inf"|"-inf"},
//    {"@ruby":"String","encoding":E,"base64":B}, {"@ruby":"Hash","pairs":[[K,V],...]} (+
//    "default":D for a hash with a default), {"@ruby":"Object","class":C,"ivars":{...}},
//    {"@ruby":"Struct","class":C,"members":{...}}, {"@ruby":"UserDefined","class":C,"base64":B},
//    {"@ruby":"UserMarshal"|"Data","class":C,"data":V}, {"@ruby":"Class"|"Module","name":N},
//    {"@ruby":"Extended","module":M,"value":V}, {"@ruby":"UserClass","class":C,"value":V},
//    {"@ruby":"Regexp","source":S,"options":N}, {"@ruby":"Ivars","value":V,"ivars":{...}} (a
//    value carrying instance variables other than its encoding), and
//    {"@ruby":"Link","index":I} for a reference back to a value that contains it (a cycle).
// Object links ('@') are followed, so a value shared twice is shown twice; following them is
// bounded by MarshalLimits (depth, values produced), so a small stream cannot expand without end.
//
// FromJson is the inverse used to sign: JSON values become what Ruby would have dumped for them
// (strings as UTF-8 Strings, object keys as UTF-8 String keys, integers as fixnums or bignums,
// floats in Ruby's text), and every "@ruby" form above becomes that Ruby value again, except
// "Link" (kMalformed). Symbols are written as Marshal.dump writes them (the first occurrence
// defines, later ones link). Pure and thread-safe.
#pragma once

#include "core/base/result.h"
#include "core/token/json_style.h"
#include "core/token/ruby_marshal.h"

namespace knox::token::marshal {

// kMalformed for a document whose links do not resolve; kLimitExceeded past `limits`.
Result<Json> ToJson(const Document& doc, const MarshalLimits& limits = {});

// kMalformed for a malformed "@ruby" form or a "Link".
Result<Document> FromJson(const Json& value);

}  // namespace knox::token::marshal
