// Sign and verify throughput of every registered token format, with the session payload
// {"user_id":"123","role":"admin"} and a ~1 KiB payload. Keys are bound once (Codec::NewSigner),
// as a server would; each iteration is one whole Sign or Verify. Run the `release` preset build.
//
// Each format runs with its library's defaults and the cookie name "session" (what
// bench/compare's peers configure too): rails-signed HMAC-SHA1 and rails-encrypted AES-256-GCM
// under a PBKDF2-SHA1 key with purpose "cookie.session"; rack Marshal + HMAC-SHA1; laravel
// AES-256-CBC + HMAC-SHA256 with EncryptCookies' prefix; gorilla HMAC-SHA256 over gob, no block
// key; jwt HS256. verify/jwt-rs256 and verify/jwt-es256 verify a token PyJWT signed over the small
// payload with the public key beside it (bench/testdata, made by bench/peers/jwt_public_key.py;
// knox signs only HS*, so there is no sign row for them).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "core/token/json_style.h"
#include "core/token/jwt.h"
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

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(KNOX_BENCH_TESTDATA) + "/" + name, std::ios::binary);
  if (!in) std::abort();
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// verify/jwt-<kind>: the committed token under the committed public key (PEM).
void BM_VerifyJwtPublicKey(benchmark::State& state, const std::string& kind) {
  auto keys = knox::token::LoadPublicKeys(ReadTestdata("jwt_" + kind + ".pem"));
  if (!keys) std::abort();
  knox::token::Options options;
  options.public_keys = std::move(*keys);
  auto verifier = knox::token::JwtCodec().NewSigner(options);
  if (!verifier) std::abort();
  const std::string token = ReadTestdata("jwt_" + kind + ".jwt");
  auto verified = (*verifier)->Verify(token);
  if (!verified || knox::token::Json::parse(verified->value, nullptr, false) !=
                       knox::token::Json::parse(kSmall, nullptr, false)) {
    state.SkipWithError("the fixture does not verify as the small payload");
    return;
  }
  for (auto _ : state) {
    auto v = (*verifier)->Verify(token);
    benchmark::DoNotOptimize(v);
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
  for (std::string kind : {"rs256", "es256"}) {
    benchmark::RegisterBenchmark(("verify/jwt-" + kind + "/small").c_str(), BM_VerifyJwtPublicKey,
                                 kind);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
