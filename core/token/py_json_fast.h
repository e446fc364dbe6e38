// A DOM-free fast path for json.dumps(json.loads(text)) on the JSON that session cookies are made
// of (objects, arrays, plain ASCII strings without escapes, int64 integers, true/false/null).
//
// Building an nlohmann tree costs more than signing a small cookie, so the Python serializer
// formats first try this single pass over the text; whenever it meets anything outside that subset
// (escapes, non-ASCII, floats, "-0", duplicate keys, sort_keys with several keys, depth or size
// past Limits, invalid JSON) it returns nullopt and the caller takes the full path
// (ParseJson + PyJsonDumps), which also produces the errors. On the subset the output is
// byte-identical to PyJsonDumps (py_json_fast_test.cc checks it differentially).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/token/codec.h"
#include "core/token/json_style.h"

namespace knox::token {

std::optional<std::string> FastPyJsonDumps(std::string_view text, const PyJsonStyle& style,
                                           const Limits& limits);

}  // namespace knox::token
