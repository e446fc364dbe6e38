#include <iostream>

#include "cli/command.h"
#include "cli/commands.h"

namespace knox::cli {

int RunVersion(int argc, char** argv) {
  CLI::App app("Print knox's version.", "knox version");
  if (int rc = Parse(app, argc, argv); rc >= 0) return rc;
  std::cout << "knox " << KNOX_VERSION << "\n";
  return kExitOk;
}

}  // namespace knox::cli
