// End-to-end wordlist rate of the weak-secret search: `knox crack TOKEN --format flask --wordlist
// LIST --threads N` without the command line around it — the same WordlistReader (1 MiB blocks),
// WordStream cursors and SearchSecret workers — on a list on disk (or "-" for stdin), with each
// thread count given. Compare with crack_bench's crack/flask/<path> (the in-memory rate of one
// thread): end to end should reach kernel rate x threads. The token is crack_bench's 51-character
// Flask cookie, signed with a secret that is in no list, so every run reads the whole list.
//   crack_wordlist_bench LIST [THREADS...]     (default threads: 1 2)
// Prints the wall-clock rate and the rate per CPU-second (user + system time of the process): on a
// shared machine the second is the one to compare with crack_bench, and the load is printed too.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "conformance/analysis/candidate_stream.h"
#include "conformance/analysis/secret_search.h"
#include "conformance/analysis/wordlist_reader.h"
#include "core/token/registry.h"

namespace {

// CPU seconds (user + system) of the whole process so far.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return s(u.ru_utime) + s(u.ru_stime);
}

double LoadAverage() {
  std::ifstream in("/proc/loadavg");
  double load = -1;
  in >> load;
  return load;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: crack_wordlist_bench LIST [THREADS...]\n");
    return 2;
  }
  const std::vector<std::string> paths = {argv[1]};
  std::vector<unsigned> threads;
  for (int i = 2; i < argc; ++i) threads.push_back(static_cast<unsigned>(std::atoi(argv[i])));
  if (threads.empty()) threads = {1, 2};

  const auto* codec = knox::token::FindCodec("flask").value();
  knox::token::Options options;
  options.secrets.emplace_back("the real secret is not in the list");
  auto token = codec->NewSigner(options).value()->Sign(R"({"id":"42"})").value().token;
  auto targets =
      knox::analysis::PlanTargets({.token = token, .format = std::string("flask")}).value();

  for (unsigned t : threads) {
    auto reader = knox::analysis::WordlistReader::Open(paths, {});
    if (!reader) {
      std::fprintf(stderr, "%s\n", reader.error().message.c_str());
      return 2;
    }
    knox::analysis::WordStream stream(**reader, knox::analysis::WordRules::kNone);
    const double load = LoadAverage();
    const double cpu_before = CpuSeconds();
    auto result = knox::analysis::SearchSecret(targets, stream, {.threads = t});
    const double cpu = CpuSeconds() - cpu_before;
    if (!result || result->found) {
      std::fprintf(stderr, "search failed\n");
      return 1;
    }
    // Per CPU second: what one busy core does, comparable with crack_bench's CPU-time rates
    // even when other processes share the cores.
    const double n = static_cast<double>(result->candidates);
    std::printf(
        "%u thread(s): %.2f M candidates/s wall, %.2f M per CPU-second (%llu in %.2f s wall, "
        "%.2f CPU-s, engine fast/%s, load %.1f)\n",
        t, n / result->seconds / 1e6, n / cpu / 1e6,
        static_cast<unsigned long long>(result->candidates), result->seconds, cpu,
        result->simd.c_str(), load);
  }
  return 0;
}
