# Helpers that give every knox target the same flags, and keep CMakeLists files short.

# Designated initializers that omit defaulted members are the house style (STYLE.md), so the
# -Wextra warning about "missing" initializers is off.
set(KNOX_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion -Wno-sign-conversion
  -Wno-missing-field-initializers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # g++ 12 reports a false positive inside Asio's coroutine frames (DESIGN §2).
  list(APPEND KNOX_WARNINGS -Wno-mismatched-new-delete)
  # g++ 12 at -O3 reports false -Wrestrict overlaps inside std::string's own insert/replace (GCC
  # PR105651); the release preset would otherwise fail on correct code.
  list(APPEND KNOX_WARNINGS -Wno-restrict)
  # g++ 12 at -O3 reports std::string members of default-constructed option structs
  # (ReferenceOptions' CookieOptions::path) as "maybe used uninitialized" (the GCC PR 105562
  # family); -O2 builds keep the warning.
  list(APPEND KNOX_WARNINGS $<$<CONFIG:Release>:-Wno-maybe-uninitialized>)
endif()
if(KNOX_WERROR)
  list(APPEND KNOX_WARNINGS -Werror)
endif()

if(KNOX_SANITIZE)
  add_compile_options(-fsanitize=${KNOX_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${KNOX_SANITIZE})
endif()

# The fuzz build instruments everything the fuzzers link (libraries included) for coverage, so
# libFuzzer sees the edges of the code under test, not only the harnesses'; fuzz/CMakeLists.txt
# checks every library object for it.
if(KNOX_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

function(knox_apply_flags target)
  target_compile_options(${target} PRIVATE ${KNOX_WARNINGS})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()

# knox_library(NAME SOURCES a.cc b.cc DEPS knox_core_base ...)
function(knox_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  knox_apply_flags(${name})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# knox_test(NAME SOURCES a_test.cc DEPS lib ... [LABELS l ...]): one gtest binary, each test
# registered with ctest under the labels given (default `unit`; DESIGN §8 lists the labels).
include(GoogleTest)
function(knox_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  knox_apply_flags(${name})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  # The repository root is compiled in (core/base/test_paths.h; docs/decisions.md 1), so a test
  # binary finds its committed data however it is run.
  target_compile_definitions(${name} PRIVATE KNOX_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST)
  # The labels are set after discovery, on the test list it records in ${name}_TESTS: CMake 3.25's
  # gtest_discover_tests(PROPERTIES LABELS "a;b") would give the tests only the first label.
  set(labels_file "${CMAKE_CURRENT_BINARY_DIR}/${name}_labels.cmake")
  file(WRITE "${labels_file}" "if(${name}_TESTS)\n"
    "  set_tests_properties(\${${name}_TESTS} PROPERTIES LABELS \"${ARG_LABELS}\")\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${labels_file}")
endfunction()
