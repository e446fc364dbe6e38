#include "cli/format_options.h"

#include <string>

#include "cli/command.h"

namespace knox::cli {

token::OptionSet GivenFormatOptions(const CLI::App& app) {
  token::OptionSet given;
  for (token::Opt o : token::AllOpts()) {
    const CLI::Option* option = app.get_option_no_throw(std::string(token::OptFlag(o)));
    if (option != nullptr && option->count() > 0) given.Add(o);
  }
  return given;
}

int CheckFormatOptions(const CLI::App& app, const token::Codec& codec, bool timestamped,
                       std::string_view what) {
  auto applies = token::CheckOptionsApply(codec.traits(), GivenFormatOptions(app), timestamped);
  if (applies) return -1;
  PrintError(what, applies.error().message);
  return kExitUsage;
}

}  // namespace knox::cli
