// The weak-secret decision of the audit (docs/audit.md step 9): the observed session token put
// through knox crack's search, the bundled list of known secrets (with rules) first, then the
// user's wordlist. A hit counts when the format's codec verifies the token with it (re-signing
// the payload need not reproduce the token: randomised formats, lossy renderings). No I/O with the
// target: a function of the token and the options (the wordlist is read from disk), like the
// deciders of deciders.h.
#pragma once

#include <optional>
#include <string>

#include "conformance/analysis/secret_search.h"
#include "conformance/checks/facts.h"
#include "conformance/flows/auditor.h"
#include "conformance/flows/deciders.h"
#include "conformance/flows/token_probe.h"
#include "core/crypto/secret_bytes.h"

namespace knox::flows {

// A secret that signs the token, and the format and options it does so with (to forge tokens).
struct FoundSecret {
  crypto::SecretBytes secret;
  analysis::CrackTarget target;
};

struct WeakSecretDecision {
  Decision<checks::WeakSecret> weak_secret;
  // When found: the format the secret verifies (it overrides the decoded one; a Starlette cookie
  // is also a valid itsdangerous token), nullopt when no planned format verifies it.
  std::optional<std::string> format;
  std::optional<std::string> sha256_prefix;  // of the secret found (8 hex digits)
  std::optional<std::string> secret;         // the secret itself, only with show_secrets
  // When a format verifies it and re-signing is faithful (reproduces the token, or the format is
  // randomised): what the audit forges tokens with.
  std::optional<FoundSecret> found;
};

// Uses options.wordlist_path, threads, show_secrets and progress.
WeakSecretDecision DecideWeakSecret(const TokenView& view, const AuditOptions& options);

}  // namespace knox::flows
