// Test helper: loads JSON-lines interop vectors (interop/vectors/*.jsonl) written by the generators
// under interop/, located through KNOX_SOURCE_DIR, which knox_test sets for every test.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/base/test_paths.h"
#include "core/token/codec.h"
#include "core/token/json_style.h"

namespace knox::token::testing {

// Every vector of `file`. Fails the test (not skips) when the file is missing: the vectors are
// checked in.
inline std::vector<Json> LoadAllVectors(const std::string& file) {
  std::vector<Json> out;
  std::ifstream in(knox::test_support::SourceDir() + "/interop/vectors/" + file);
  if (!in) {
    ADD_FAILURE() << "cannot read interop/vectors/" << file;
    return out;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(Json::parse(line));
  }
  return out;
}

// Every vector of `file` whose "format" is `format`.
inline std::vector<Json> LoadVectors(const std::string& file, const std::string& format) {
  std::vector<Json> out;
  for (Json& v : LoadAllVectors(file)) {
    if (v.value("format", "") == format) out.push_back(std::move(v));
  }
  return out;
}

inline std::vector<crypto::SecretBytes> Secrets(const Json& v) {
  std::vector<crypto::SecretBytes> out;
  for (const auto& s : v.at("secrets")) out.emplace_back(s.get<std::string>());
  return out;
}

// Node vectors hold header values as the JavaScript strings Node makes of them (latin1): this
// returns the header bytes, i.e. each code point (all <= U+00FF) as one byte.
inline std::string HeaderBytes(const std::string& js_utf8) {
  std::string out;
  for (size_t i = 0; i < js_utf8.size(); ++i) {
    const auto b = static_cast<unsigned char>(js_utf8[i]);
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
    } else {
      EXPECT_TRUE(b == 0xc2 || b == 0xc3) << "header text beyond latin1";
      out.push_back(static_cast<char>(((b & 0x03) << 6) | (js_utf8[++i] & 0x3f)));
    }
  }
  return out;
}

// The vector outcome name knox's result maps to.
template <class T>
std::string OutcomeOf(const Result<T>& r) {
  if (r) return "ok";
  return std::string(ErrorCodeName(r.error().code));
}

}  // namespace knox::token::testing
