// The knox command line: a table of subcommands over the libraries (DESIGN §7). Each subcommand is
// a function that parses its own flags with CLI11 and returns an ExitCode.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <string_view>

namespace knox::cli {

// Exit codes are part of knox's public contract (DESIGN §7).
enum ExitCode : int {
  kExitOk = 0,        // success: valid / no finding at or above --fail-on / secret found
  kExitNegative = 1,  // negative result: invalid token / findings / not found
  kExitUsage = 2,     // usage or configuration error
  kExitNetwork = 3,   // target unreachable or network error
  kExitInterrupted = 130,
};

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(int argc, char** argv);  // argv[0] is "knox <name>"
};

// The current time as RFC 3339 UTC, e.g. 2026-11-26T15:09:43Z (reports' started_at).
std::string Rfc3339Now();

// Prints "knox: <what>: <why>" on stderr.
void PrintError(std::string_view what, std::string_view why);

// Runs CLI11's parser. Returns -1 when the command should go on, otherwise the exit code to
// return (0 after --help, kExitUsage after a usage error, which is reported on one line).
int Parse(CLI::App& app, int argc, char** argv);

// Hands `command`'s CLI::App, fully built, to `visit` without running the command: Parse() sees
// that a description was asked for on this thread, calls `visit` instead of parsing, and returns
// kExitOk, so the subcommand returns before doing anything. This is how `knox completion` and the
// man-page test read every subcommand and option from the parsers themselves (decision 18).
// Returns false when the command never reached Parse().
bool DescribeCommand(const Command& command, const std::function<void(CLI::App&)>& visit);

}  // namespace knox::cli
