#include "cli/command.h"

#include <ctime>
#include <iostream>

namespace knox::cli {

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

}  // namespace knox::cli
