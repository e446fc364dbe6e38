// Entry points of knox's subcommands; main.cc lists them in its table.
#pragma once

namespace knox::cli {

int RunToken(int argc, char** argv);
int RunVersion(int argc, char** argv);

}  // namespace knox::cli
