// Sign and verify throughput of every registered token format, with the session payload
// {"user_id":"123","role":"admin"} and a ~1 KiB payload. Keys are bound once (Codec::NewSigner),
// as a server would; each iteration is one whole Sign or Verify. Run the `release` preset build.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "core/token/registry.h"

namespace {

using knox::token::Codec;
using knox::token::Signer;

const std::string kSmall = R"({"user_id":"123","role":"admin"})";
const std::string kLarge =
    R"({"user_id":"123","role":"admin","prefs":")" + std::string(960, 'x') + R"("})";

std::unique_ptr<Signer> MakeSigner(const Codec& codec) {
  knox::token::Options options;
  // A fixed 32-byte key in the format's own key form (43+ characters: long enough for iron).
  options.secrets.emplace_back(codec.KeyFromRandomBytes("a benchmark key of 32 bytes....."));
  options.cookie_name = "session";
  auto signer = codec.NewSigner(options);
  if (!signer) std::abort();
  return std::move(*signer);
}

void BM_Sign(benchmark::State& state, const Codec* codec, const std::string* payload) {
  auto signer = MakeSigner(*codec);
  for (auto _ : state) {
    auto token = signer->Sign(*payload);
    benchmark::DoNotOptimize(token);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Verify(benchmark::State& state, const Codec* codec, const std::string* payload) {
  auto signer = MakeSigner(*codec);
  auto token = signer->Sign(*payload);
  if (!token) {
    state.SkipWithError("sign failed");
    return;
  }
  for (auto _ : state) {
    auto verified = signer->Verify(token->token, token->signature);
    benchmark::DoNotOptimize(verified);
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

int main(int argc, char** argv) {
  for (const Codec* codec : knox::token::AllCodecs()) {
    std::string name(codec->name());
    for (auto [label, payload] : {std::pair{"small", &kSmall}, std::pair{"1KiB", &kLarge}}) {
      benchmark::RegisterBenchmark(("sign/" + name + "/" + label).c_str(), BM_Sign, codec, payload);
      benchmark::RegisterBenchmark(("verify/" + name + "/" + label).c_str(), BM_Verify, codec,
                                   payload);
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
