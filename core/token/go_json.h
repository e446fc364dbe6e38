// Go's encoding/json (Go 1.19) as gorilla/securecookie's JSONEncoder uses it.
//
// Encode writes what json.NewEncoder(w).Encode(v) writes for the value json.Unmarshal makes of the
// document in an interface{} (so numbers are float64 and objects map[string]interface{}): object
// keys sorted by their bytes, `<` `>` `&` U+2028 U+2029 and control characters escaped as
// \u00XX / \u2028 (HTML-safe, Go's lower-case hex; \n \r \t short), floats as Go formats them
// (shortest digits, exponent form below 1e-6 and from 1e21, "e-07" written "e-7"), a trailing
// newline. kInvalidArgument for a number beyond float64 (Go's UnsupportedValueError).
//
// DecodeFirst reads what json.NewDecoder(r).Decode(&v) reads into an interface{}: leading
// whitespace, then the first JSON value — its end as Go's scanner finds it, so bytes after it are
// ignored ("1x" is 1, "01" is 0) — with invalid UTF-8 in strings read as U+FFFD and numbers that
// must fit a float64. kMalformed where Go's Decode fails, kLimitExceeded past `limits` (knox's
// nesting limit, lower than Go's 10000). Known gap: a lone surrogate escape ("\ud800"), which Go
// reads as U+FFFD, is refused. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/token/codec.h"
#include "core/token/json_style.h"

namespace knox::token::gojson {

Result<std::string> Encode(const Json& doc);

// `consumed`, when given, is set to where the value ends (leading whitespace included).
Result<Json> DecodeFirst(std::string_view bytes, const Limits& limits = {},
                         size_t* consumed = nullptr);

// Go's strconv.AppendFloat(f, 'f' or 'e', -1, 64) as encoding/json picks the form (finite f).
std::string FormatFloat(double f);

}  // namespace knox::token::gojson
