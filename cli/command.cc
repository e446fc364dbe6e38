#include "cli/command.h"

#include <ctime>
#include <iostream>

namespace knox::cli {
namespace {

// Set only for the duration of DescribeCommand on this thread (and never otherwise).
thread_local const std::function<void(CLI::App&)>* t_describe = nullptr;

}  // namespace

std::string Rfc3339Now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

void PrintError(std::string_view what, std::string_view why) {
  std::cerr << "knox: " << what << ": " << why << "\n";
}

int Parse(CLI::App& app, int argc, char** argv) {
  if (t_describe != nullptr) {
    (*t_describe)(app);
    t_describe = nullptr;
    return kExitOk;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    PrintError(app.get_name(), std::string(e.what()) + " (see --help)");
    return kExitUsage;
  }
  return -1;
}

bool DescribeCommand(const Command& command, const std::function<void(CLI::App&)>& visit) {
  bool visited = false;
  const std::function<void(CLI::App&)> wrapped = [&](CLI::App& app) {
    visited = true;
    visit(app);
  };
  std::string program = "knox " + std::string(command.name);
  char* argv[] = {program.data(), nullptr};
  t_describe = &wrapped;
  (void)command.run(1, argv);
  t_describe = nullptr;
  return visited;
}

}  // namespace knox::cli
