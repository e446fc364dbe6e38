// knox's bundled list of signing secrets that real applications ship because a README, tutorial,
// framework default or online tool showed them. The source of each entry is noted beside it in
// known_secrets.cc. Used by `knox crack` when no wordlist is given, and always by `knox audit`.
#pragma once

#include <span>
#include <string_view>

namespace knox::analysis {

std::span<const std::string_view> KnownSecrets();

}  // namespace knox::analysis
