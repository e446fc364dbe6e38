// Escaping of untrusted text (cookie names, URLs, evidence from the audited target) for each
// output format the renderers write (DESIGN §6: everything that came from the target is escaped).
// All functions are total: any byte string in, a string that is safe for the format out. Invalid
// UTF-8 bytes become U+FFFD in every format, so no later encoder (nlohmann::json, an XML parser)
// ever sees them.
#pragma once

#include <string>
#include <string_view>

namespace knox::reports {

// The input with each invalid UTF-8 byte replaced by U+FFFD.
std::string ValidUtf8(std::string_view text);

// For a terminal: valid UTF-8 in which no character can move the cursor, change colours or
// reorder text. C0 controls (including ESC, tab and newline), DEL, C1 controls (U+0080..U+009F)
// and the bidirectional embedding/override/isolate controls (U+202A..U+202E, U+2066..U+2069)
// are written as `\xNN` / `\u{NNNN}`; a backslash is doubled so escapes stay unambiguous.
std::string TerminalSafe(std::string_view text);

// For XML 1.0 and HTML5 text and attribute values: `& < > " '` become character references;
// characters XML 1.0 forbids (U+0000..U+0008, U+000B, U+000C, U+000E..U+001F, U+FFFE, U+FFFF),
// DEL and the C1 controls it discourages (U+007F..U+009F) and the bidi controls (as for
// TerminalSafe) become U+FFFD. Tab, newline and carriage return are written as `&#9;` `&#10;`
// `&#13;` when for_attribute is set, since attribute-value normalisation would turn them into
// spaces.
std::string MarkupEscape(std::string_view text, bool for_attribute = false);

// For a URI field (SARIF artifactLocation.uri): bytes RFC 3986 does not allow in a URI, and a
// `%` not followed by two hex digits, are percent-encoded; allowed characters pass unchanged.
std::string UriEscape(std::string_view text);

}  // namespace knox::reports
