#include "core/token/registry.h"

#include <array>
#include <string>

#include "core/token/codecs.h"

namespace knox::token {
namespace {

// DESIGN §7 order. Detection (DetectAndDecode) walks kDetectionOrder instead.
const std::vector<const Codec*>& Codecs() {
  static const std::vector<const Codec*> codecs = {
  };
  return codecs;
}

// Most specific first: formats with a distinctive prefix or structure before generic ones.
const std::vector<const Codec*>& DetectionOrder() {
  static const std::vector<const Codec*> order = {
  };
  return order;
}

}  // namespace

std::span<const Codec* const> AllCodecs() { return Codecs(); }

Result<const Codec*> FindCodec(std::string_view name) {
  for (const Codec* c : Codecs()) {
    if (c->name() == name) return c;
  }
  std::string known;
  for (const Codec* c : Codecs()) known += (known.empty() ? "" : ", ") + std::string(c->name());
  return Fail(ErrorCode::kInvalidArgument, "unknown format (known: " + known + ")");
}

Result<Decoded> DetectAndDecode(std::string_view token, const Limits& limits) {
  if (token.size() > limits.max_token_bytes) {
    return Fail(ErrorCode::kLimitExceeded, "token longer than the limit");
  }
  for (const Codec* c : DetectionOrder()) {
    if (auto decoded = c->Decode(token, limits)) return decoded;
  }
  return Fail(ErrorCode::kMalformed, "not a token of any known format");
}

}  // namespace knox::token
