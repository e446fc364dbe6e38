// Floor numbers for the token benches: one HMAC of a short message per digest, and base64.
#include <benchmark/benchmark.h>

#include <string>

#include "core/base/base64.h"
#include "core/crypto/hmac.h"

namespace {

using knox::crypto::Digest;

void BM_Hmac(benchmark::State& state, Digest digest) {
  knox::crypto::HmacKey key(digest, "a signing secret of typical length");
  std::string message = "eyJ1c2VyX2lkIjoiMTIzIiwicm9sZSI6ImFkbWluIn0.ZxYzAB";
  unsigned char out[knox::crypto::kMaxDigestSize];
  for (auto _ : state) {
    key.Sign({message}, out);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_Hmac, sha1, Digest::kSha1);
BENCHMARK_CAPTURE(BM_Hmac, sha256, Digest::kSha256);
BENCHMARK_CAPTURE(BM_Hmac, sha512, Digest::kSha512);

void BM_Base64UrlEncode(benchmark::State& state) {
  std::string in(static_cast<size_t>(state.range(0)), 'x');
  std::string out;
  for (auto _ : state) {
    out.clear();
    knox::Base64EncodeAppend(in, knox::Base64Alphabet::kUrl, knox::Base64Padding::kUnpadded, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Base64UrlEncode)->Arg(32)->Arg(1024);

}  // namespace
