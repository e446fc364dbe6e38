// Entry points of knox's subcommands; main.cc lists them in its table.
#pragma once

#include <span>

#include "cli/command.h"

namespace knox::cli {

// The table of subcommands, in the order `knox --help` lists them (main.cc).
std::span<const Command> AllCommands();

int RunAudit(int argc, char** argv);
int RunChecks(int argc, char** argv);
int RunCompletion(int argc, char** argv);
int RunCookie(int argc, char** argv);
int RunDemo(int argc, char** argv);
int RunCrack(int argc, char** argv);
int RunEntropy(int argc, char** argv);
int RunServe(int argc, char** argv);
int RunToken(int argc, char** argv);
int RunVersion(int argc, char** argv);

}  // namespace knox::cli
