// Where tests find their data: the repository root and the shared/ folder beside the clone
// (public conformance suites, never copied into the repo). The environment variables
// KNOX_SOURCE_DIR / KNOX_SHARED_DIR win; otherwise the paths CMake compiled into the test binary
// (knox_test in cmake/knox.cmake) are used. For tests only.
#pragma once

#include <cstdlib>
#include <string>

namespace knox::test_support {

inline std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : std::string(fallback);
}

#ifdef KNOX_TEST_SOURCE_DIR
inline std::string SourceDir() { return EnvOr("KNOX_SOURCE_DIR", KNOX_TEST_SOURCE_DIR); }
inline std::string SharedDir() { return EnvOr("KNOX_SHARED_DIR", KNOX_TEST_SHARED_DIR); }
#endif

// True when running under CI (CI=true), where missing shared data is a failure, not a skip.
inline bool InCi() { return EnvOr("CI", "") == "true"; }

}  // namespace knox::test_support
