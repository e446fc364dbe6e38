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
};

inline std::vector<FormatUnderTest> MakeSigners() {
  const std::string raw = crypto::RandomBytes(32).value();
  std::vector<FormatUnderTest> out;
  for (const token::Codec* codec : token::AllCodecs()) {
    token::Options options;
    options.secrets.emplace_back(codec->KeyFromRandomBytes(raw));
    options.cookie_name = "session";
    options.max_age_seconds = 1000;
    auto signer = codec->NewSigner(options);
    if (!signer) std::abort();  // Defaults must always make a signer.
    out.push_back({codec, std::move(*signer)});
  }
  return out;
}

}  // namespace knox::fuzz
