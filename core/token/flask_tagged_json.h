// Flask 2.2's TaggedJSONSerializer (flask/json/tag.py) for JSON-only sessions.
//
// Dumping: a one-key object whose key is a registered tag (" di", " t", " b", " m", " u", " d") is
// wrapped as {" di": {"KEY__": ...}}, recursively, exactly as TagDict does; everything else passes.
// Loading: the untag object_hook runs bottom-up and raises for some tagged shapes (e.g. " b" with
// invalid base64, " u" that is not a UUID, " di" around a non-object); Flask turns those into
// BadPayload, so knox reports kMalformed for exactly those. The verified value is the JSON as
// stored (tags left in place; their Python types have no JSON equivalent).
#pragma once

#include "core/base/result.h"
#include "core/token/json_style.h"

namespace knox::token {

Result<Json> FlaskTagForDump(Json doc);
Result<void> FlaskCheckUntag(const Json& doc);
// Whether `doc` untags to Python's None: JSON null, or a tagged datetime werkzeug's parse_date
// reads as None (unparsable text, a field out of range, a falsy value or bytes:
// python_parsedate.h). False when untagging raises.
bool FlaskUntagsToNone(const Json& doc);

}  // namespace knox::token
