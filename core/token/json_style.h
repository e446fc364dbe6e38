// JSON as the libraries behind each token format write it, byte for byte.
//
// Serializer-style formats sign the *text* of a JSON document, so knox must reproduce the exact
// bytes a library emits: Python's json.dumps (separators, ensure_ascii, sort_keys, float repr) or
// JavaScript's JSON.stringify (no ASCII escaping, integer-like keys first, Number formatting).
// Documents are parsed into an insertion-ordered tree (duplicate keys: the last value wins at the
// first key's position, as in Python and JavaScript).
//
// Known gaps (docs/formats.md): integers outside the 64-bit range become doubles; lone UTF-16
// surrogate escapes are rejected at parse time (Python accepts them).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/token/codec.h"

namespace knox::token {

using Json = nlohmann::ordered_json;

// RFC 8259 text (must be valid UTF-8) into a document. kMalformed on bad JSON, kLimitExceeded past
// limits.max_json_depth nesting or limits.max_decompressed_bytes of text.
Result<Json> ParseJson(std::string_view text, const Limits& limits = {});

struct PyJsonStyle {
  bool compact = true;       // separators=(",", ":"); otherwise Python's default (", ", ": ")
  bool ensure_ascii = true;  // Python's default
  bool sort_keys = false;
};

// json.dumps(obj, separators=..., ensure_ascii=..., sort_keys=...) of CPython 3.11.
std::string PyJsonDumps(const Json& doc, const PyJsonStyle& style);

// JSON.stringify(obj) of V8 / Node.js.
std::string JsJsonStringify(const Json& doc);

}  // namespace knox::token
