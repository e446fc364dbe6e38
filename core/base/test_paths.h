// Where tests find their data: the repository root. Everything a test reads is committed there
// (interop/vectors/, core/*/testdata/), so a clean clone runs every test; nothing outside the
// checkout is read. KNOX_SOURCE_DIR wins; otherwise the path CMake compiled into the test binary
// (knox_test in cmake/knox.cmake) is used. For tests only.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace knox::test_support {

inline std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : std::string(fallback);
}

#ifdef KNOX_TEST_SOURCE_DIR
inline std::string SourceDir() { return EnvOr("KNOX_SOURCE_DIR", KNOX_TEST_SOURCE_DIR); }

// The non-empty lines of the committed file `relative` (a path from the repository root), e.g. one
// JSON record each. None when the file cannot be read: callers assert on the count, so a missing
// file fails the test instead of passing with nothing checked.
inline std::vector<std::string> DataFileLines(const std::string& relative) {
  std::vector<std::string> lines;
  std::ifstream in(SourceDir() + "/" + relative, std::ios::binary);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return lines;
}
#endif

// True when running under CI (CI=true), where a missing external tool (redis-server) is a failure,
// not a skip.
inline bool InCi() { return EnvOr("CI", "") == "true"; }

}  // namespace knox::test_support
