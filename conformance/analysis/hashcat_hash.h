// A crack target as a hashcat hash line, to take a search to hashcat (GPUs): the format's hashcat
// mode (FormatTraits::hashcat_mode) and the line that mode parses, as hashcat 6.2.6's
// `--example-hashes` shows it:
//   flask           -m 29100  the cookie itself (hashcat fixes Flask's default salt
//                             "cookie-session" and the hmac key derivation);
//   jwt             -m 16500  the token itself (HS256/384/512);
//   express         -m 1450   hex(HMAC-SHA256):message (the unsigned session id);
//   cookie-session  -m 150    hex(HMAC-SHA1):message ("NAME=value", as keygrip signs it); the
//   rack-session    -m 150    same for Rack's HMAC-SHA1 cookies.
// kNotFound with the reason when the format has no mode, or the token's options are ones the mode
// cannot express (another salt, a non-default derivation, a message hashcat cannot take). Pure.
#pragma once

#include <string>

#include "conformance/analysis/secret_search.h"
#include "core/base/result.h"

namespace knox::analysis {

struct HashcatHash {
  int mode = 0;
  std::string hash;
};

Result<HashcatHash> ToHashcat(const CrackTarget& target);

}  // namespace knox::analysis
