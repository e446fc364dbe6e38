// knox entropy FILE|- [--json]: randomness statistics of one token per line (DESIGN §7).
#include <cmath>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/input_file.h"
#include "conformance/analysis/entropy.h"
#include "core/base/clock.h"

namespace knox::cli {
namespace {

using analysis::EntropyLimits;
using analysis::EntropyReport;

// Reads one token per line (blank lines skipped, CR stripped) without ever buffering more than
// one line past the limits.
Result<std::vector<std::string>> ReadTokens(std::istream& in, const EntropyLimits& limits) {
  std::vector<std::string> tokens;
  std::string line;
  auto flush = [&]() -> Result<void> {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) return {};
    if (tokens.size() == limits.max_samples) {
      return Fail(ErrorCode::kLimitExceeded,
                  "more than " + std::to_string(limits.max_samples) + " tokens");
    }
    tokens.push_back(std::move(line));
    line.clear();
    return {};
  };
  for (std::istreambuf_iterator<char> it(in), end; it != end; ++it) {
    if (*it == '\n') {
      if (auto ok = flush(); !ok) return std::unexpected(ok.error());
      continue;
    }
    if (line.size() > limits.max_token_length) {
      return Fail(ErrorCode::kLimitExceeded,
                  "a line is longer than " + std::to_string(limits.max_token_length) + " bytes");
    }
    line.push_back(*it);
  }
  if (auto ok = flush(); !ok) return std::unexpected(ok.error());
  return tokens;
}

nlohmann::ordered_json ToJson(const EntropyReport& r) {
  nlohmann::ordered_json positions = nlohmann::ordered_json::array();
  for (const auto& p : r.positions) {
    positions.push_back({{"position", p.position},
                         {"samples", p.samples},
                         {"distinct", p.distinct},
                         {"shannon_bits", p.shannon_bits},
                         {"uniform_p", p.uniform_p},
                         {"credited_bits", p.credited_bits}});
  }
  nlohmann::ordered_json structure = nlohmann::ordered_json::array();
  for (const auto& f : r.structure) structure.push_back({{"kind", f.kind}, {"detail", f.detail}});
  nlohmann::ordered_json bits = nullptr;
  if (r.bit_tests) {
    const auto& t = *r.bit_tests;
    bits = {{"bits", t.bits},      {"monobit_p", t.monobit_p},   {"poker_p", t.poker_p},
            {"runs_p", t.runs_p},  {"long_run_p", t.long_run_p}, {"longest_run", t.longest_run},
            {"passed", t.passed()}};
  }
  return {{"samples", r.samples},
          {"min_length", r.min_length},
          {"max_length", r.max_length},
          {"alphabet", r.alphabet},
          {"alphabet_size", r.alphabet_size},
          {"effective_bits", r.effective_bits},
          {"confidence", r.confidence},
          {"low_entropy", r.low_entropy},
          {"below_128", r.below_128},
          {"non_random", r.non_random},
          {"bit_tests", bits},
          {"bit_tests_note", r.bit_tests_note},
          {"serial_correlation", r.serial_correlation},
          {"compression_ratio", r.compression_ratio},
          {"random_compression_ratio", r.random_compression_ratio},
          {"structure", structure},
          {"positions", positions}};
}

void PrintText(const EntropyReport& r) {
  std::cout << "samples:            " << r.samples << " (confidence " << r.confidence << ")\n"
            << "length:             " << r.min_length;
  if (r.max_length != r.min_length) std::cout << ".." << r.max_length;
  std::cout << "\nalphabet:           " << r.alphabet << " (" << r.alphabet_size << " symbols)\n";
  std::cout << "effective entropy:  " << static_cast<int>(r.effective_bits) << " bits"
            << (r.low_entropy ? "  LOW (< 64 bits, ASVS 4.0.3 3.2.2)"
                : r.below_128 ? "  (< 128 bits recommended by ASVS 5.0 7.2.3)"
                              : "")
            << "\n";
  if (r.bit_tests) {
    const auto& t = *r.bit_tests;
    std::cout << "FIPS 140-2 tests:   " << (t.passed() ? "pass" : "FAIL") << " over " << t.bits
              << " bits (p: monobit " << t.monobit_p << ", poker " << t.poker_p << ", runs "
              << t.runs_p << ", long run " << t.long_run_p << ")\n";
  } else {
    std::cout << "FIPS 140-2 tests:   not run: " << r.bit_tests_note << "\n";
  }
  std::cout << "serial correlation: " << r.serial_correlation << "\n"
            << "compression ratio:  " << r.compression_ratio << " (random text in this alphabet: ~"
            << r.random_compression_ratio << ")\n";
  for (const auto& f : r.structure)
    std::cout << "structure:          " << f.kind << ": " << f.detail << "\n";
  std::cout << "bits per position: ";
  for (const auto& p : r.positions) std::cout << " " << std::lround(p.credited_bits);
  std::cout << "\nverdict:            "
            << (r.low_entropy || r.non_random ? "predictable" : "no weakness found") << "\n";
}

}  // namespace

int RunEntropy(int argc, char** argv) {
  CLI::App app("Randomness statistics of session ids: one token per line (FILE or - for stdin).",
               "knox entropy");
  std::string input;
  bool json = false;
  app.add_option("FILE", input, "file with one token per line, or - for stdin")->required();
  app.add_flag("--json", json, "one JSON object on stdout");
  app.footer(
      "Exit codes: 0 no weakness found, 1 low entropy (< 64 bits) or non-random, 2 usage error.");
  if (int rc = Parse(app, argc, argv); rc >= 0) return rc;

  EntropyLimits limits;
  std::ifstream file;
  if (input != "-") {
    if (auto opened = OpenInput("", input, file); !opened) {
      PrintError("entropy", opened.error().message);
      return kExitUsage;
    }
  }
  auto tokens = ReadTokens(input == "-" ? std::cin : file, limits);
  if (!tokens) {
    PrintError("entropy", tokens.error().message);
    return kExitUsage;
  }
  auto report = analysis::AnalyzeTokens(*tokens, SystemClock::Instance().NowSeconds(), limits);
  if (!report) {
    PrintError("entropy", report.error().message);
    return kExitUsage;
  }
  if (json) {
    std::cout << ToJson(*report).dump() << "\n";
  } else {
    PrintText(*report);
  }
  return report->low_entropy || report->non_random ? kExitNegative : kExitOk;
}

}  // namespace knox::cli
