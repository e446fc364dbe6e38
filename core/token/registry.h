// The registry of token formats, keyed by the names of DESIGN §7. Codecs are static singletons.
#pragma once

#include <span>
#include <string_view>

#include "core/base/result.h"
#include "core/token/codec.h"

namespace knox::token {

// Every registered codec, in DESIGN §7 order.
std::span<const Codec* const> AllCodecs();

// kInvalidArgument naming the known formats when `name` is unknown.
Result<const Codec*> FindCodec(std::string_view name);

// Tries every codec's Decode, most specific format first, and returns the first that succeeds
// (kMalformed when none does). Used by `knox token decode` and the auditor.
Result<Decoded> DetectAndDecode(std::string_view token, const Limits& limits = {});

}  // namespace knox::token
