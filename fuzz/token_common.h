// Shared set-up of the token fuzzers: one Signer per registered format, keyed with secrets drawn
// from the CSPRNG at start-up, so that no corpus file can carry a token signed with them.
#pragma once

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/crypto/random.h"
#include "core/token/registry.h"

namespace knox::fuzz {

struct FormatUnderTest {
  const token::Codec* codec;
  std::unique_ptr<token::Signer> signer;
  token::Options options;  // what made `signer` (secrets included)
  std::string secret;      // options.secrets.front(), as text
};

// A signer of `codec` under `options` with `secret`; nullopt when the codec refuses the options.
inline std::unique_ptr<FormatUnderTest> MakeSigner(const token::Codec* codec,
                                                   token::Options options,
                                                   const std::string& secret) {
  options.secrets.clear();
  options.secrets.emplace_back(secret);
  auto signer = codec->NewSigner(options);
  if (!signer) return nullptr;
  return std::make_unique<FormatUnderTest>(
      FormatUnderTest{codec, std::move(*signer), std::move(options), secret});
}

inline std::vector<FormatUnderTest> MakeSigners() {
  const std::string raw = crypto::RandomBytes(32).value();
  std::vector<FormatUnderTest> out;
  for (const token::Codec* codec : token::AllCodecs()) {
    token::Options options;
    options.cookie_name = "session";
    options.max_age_seconds = 1000;
    auto fut = MakeSigner(codec, std::move(options), codec->KeyFromRandomBytes(raw));
    if (!fut) std::abort();  // Defaults must always make a signer.
    out.push_back(std::move(*fut));
  }
  return out;
}

}  // namespace knox::fuzz
