// A pre-scan that bounds the nesting of JSON text before a parser builds a tree for it (DESIGN §9:
// token payloads, the login body), so that kilobytes of '[' cost a linear scan and no allocation.
// Brackets are counted outside strings (a backslash inside a string escapes the next byte), and a
// stray closer never takes the depth below zero; the text need not be valid JSON — the parser that
// runs afterwards judges that. Pure and thread-safe.
#pragma once

#include <string_view>

namespace knox {

// Whether no array or object in `text` lies more than `max_depth` levels deep ("[]" is depth 1,
// a scalar 0).
bool JsonDepthWithin(std::string_view text, int max_depth);

}  // namespace knox
