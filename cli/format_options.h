// The format options a token subcommand was given, checked against the format's traits
// (core/token/format_traits.h): an option that means nothing for the format is a usage error
// naming the option and the format, never silently ignored.
#pragma once

#include <CLI/CLI.hpp>
#include <string_view>

#include "core/token/codec.h"

namespace knox::cli {

// The format options present on `app`'s command line (flags the subcommand does not define
// count as absent).
token::OptionSet GivenFormatOptions(const CLI::App& app);

// -1 when every given option applies to `codec`; otherwise prints
// "knox: <what>: --max-age does not apply to format express" and returns kExitUsage.
int CheckFormatOptions(const CLI::App& app, const token::Codec& codec, bool timestamped,
                       std::string_view what);

}  // namespace knox::cli
