// token_interop_sign: a test-only helper for the reverse interop tests. Reads JSON-lines requests
// {"format", "options", "input"} on stdin (options as in interop/vectors/python.jsonl) and writes
// one line per request: {"token": ...} or {"error": "<kind>: <message>"}. The interop scripts
// (interop/python/verify_knox.py) then verify each token with the real library.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/token/registry.h"

namespace {

using knox::token::Options;

nlohmann::json SignOne(const nlohmann::json& req) {
  auto codec = knox::token::FindCodec(req.at("format").get<std::string>());
  if (!codec) return {{"error", codec.error().message}};
  const auto& o = req.at("options");
  Options opt;
  for (const auto& s : o.at("secrets")) opt.secrets.emplace_back(s.get<std::string>());
  if (o.contains("salt") && !o["salt"].is_null()) opt.salt = o["salt"].get<std::string>();
  if (o.contains("digest") && !o["digest"].is_null()) {
    auto d = knox::crypto::ParseDigest(o["digest"].get<std::string>());
    if (!d) return {{"error", d.error().message}};
    opt.digest = *d;
  }
  if (o.contains("key_derivation") && !o["key_derivation"].is_null()) {
    auto k = knox::token::ParseKeyDerivation(o["key_derivation"].get<std::string>());
    if (!k) return {{"error", k.error().message}};
    opt.key_derivation = *k;
  }
  if (o.contains("sep") && !o["sep"].is_null()) opt.separator = o["sep"].get<std::string>();
  if (o.contains("timestamped")) opt.timestamped = o["timestamped"].get<bool>();
  if (o.contains("timestamp") && !o["timestamp"].is_null()) {
    opt.timestamp = o["timestamp"].get<int64_t>();
  }
  if (o.contains("cookie_name") && !o["cookie_name"].is_null()) {
    opt.cookie_name = o["cookie_name"].get<std::string>();
  }
  if (o.contains("expires") && !o["expires"].is_null()) {
    opt.expires = o["expires"].get<int64_t>();
  }
  if (o.contains("cipher") && !o["cipher"].is_null()) opt.cipher = o["cipher"].get<std::string>();
  if (o.contains("block_keys")) {
    for (const auto& k : o["block_keys"]) opt.block_keys.emplace_back(k.get<std::string>());
  }
  if (o.contains("serializer") && !o["serializer"].is_null()) {
    opt.serializer = o["serializer"].get<std::string>();
  }
  if (o.contains("max_age") && !o["max_age"].is_null()) {
    opt.max_age_seconds = o["max_age"].get<int64_t>();
  }
  opt.limits.max_token_bytes = 1 << 20;
  auto signer = (*codec)->NewSigner(opt);
  if (!signer) return {{"error", signer.error().message}};
  auto token = (*signer)->Sign(req.at("input").get<std::string>());
  if (!token) return {{"error", token.error().message}};
  if (!token->signature.empty()) return {{"token", token->token}, {"signature", token->signature}};
  return {{"token", token->token}};
}

}  // namespace

int main() {
  for (std::string line; std::getline(std::cin, line);) {
    if (line.empty()) continue;
    nlohmann::json out;
    try {
      out = SignOne(nlohmann::json::parse(line));
    } catch (const nlohmann::json::exception& e) {
      out = {{"error", std::string("bad request: ") + e.what()}};
    }
    std::cout << out.dump() << "\n";
  }
  return 0;
}
