// Potfile: the found secrets `knox crack --potfile FILE` remembers, one line per token, in
// hashcat's potfile spirit: `TOKEN:SECRET`, split at the LAST ':' (tokens may contain ':' —
// Django's do — and a secret never does in this form). A secret that is not printable ASCII
// (0x20–0x7e) or contains ':' is written as `$HEX[hex]`, as hashcat does. A later line for the
// same token wins. The file holds secrets in clear — it is the user's explicit request, created
// with mode 0600 — and knox never trusts it: a remembered secret is verified against the token
// again before it is reported.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace knox::analysis {

std::string EncodePotSecret(std::string_view secret);
// nullopt for a malformed `$HEX[...]`.
std::optional<std::string> DecodePotSecret(std::string_view field);
std::string PotLine(std::string_view token, std::string_view secret);  // with the trailing '\n'
// The secret of the last well-formed line for `token` in `potfile`, if any.
std::optional<std::string> FindInPotfile(std::string_view potfile, std::string_view token);

}  // namespace knox::analysis
