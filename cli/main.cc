// knox: the single executable. Dispatches `knox <subcommand> ...` through a table.
#include <algorithm>
#include <iostream>
#include <span>
#include <string>
#include <string_view>

#include "cli/command.h"
#include "cli/commands.h"

namespace knox::cli {
namespace {

constexpr Command kCommands[] = {
    {"audit", "audit the sessions of an HTTP(S) server", RunAudit},
    {"checks", "list the checks of knox audit", RunChecks},
    {"completion", "print a shell completion script (bash, zsh or fish)", RunCompletion},
    {"demo", "serve the reference app on loopback and audit it", RunDemo},
    {"cookie", "what a browser does with Set-Cookie headers", RunCookie},
    {"crack", "find a token's weak signing secret", RunCrack},
    {"entropy", "randomness statistics of session ids", RunEntropy},
    {"serve", "run the reference session server", RunServe},
    {"token", "sign, verify and decode session tokens", RunToken},
    {"version", "print knox's version", RunVersion},
};

void PrintUsage(std::ostream& out) {
  out << "usage: knox <command> [options]   (knox <command> --help for details)\n\ncommands:\n";
  for (const Command& c : kCommands) {
    out << "  " << c.name << std::string(10 - std::min<size_t>(9, c.name.size()), ' ') << c.summary
        << "\n";
  }
}

}  // namespace

std::span<const Command> AllCommands() { return kCommands; }

namespace {

int Main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(std::cerr);
    return kExitUsage;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(std::cout);
    return kExitOk;
  }
  if (name == "--version") name = "version";  // the conventional spelling of `knox version`
  for (const Command& c : kCommands) {
    if (c.name != name) continue;
    std::string program = "knox " + std::string(c.name);
    argv[1] = program.data();
    return c.run(argc - 1, argv + 1);
  }
  PrintError(std::string(name), "unknown command (see knox --help)");
  return kExitUsage;
}

}  // namespace
}  // namespace knox::cli

int main(int argc, char** argv) { return knox::cli::Main(argc, argv); }
