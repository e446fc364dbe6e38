// The registry of token formats, keyed by the names of DESIGN §7. Codecs are static singletons.
// Built-in formats are always present; outer layers add theirs with RegisterCodec (the CLI adds
// knox-sealed, whose core/seal library core/token must not depend on).
#pragma once

#include <span>
#include <string_view>

#include "core/base/result.h"
#include "core/token/codec.h"

namespace knox::token {

// Every registered codec, in DESIGN §7 order.
std::span<const Codec* const> AllCodecs();

// Adds a codec after the built-in ones, both in AllCodecs and in DetectAndDecode's order (last, so
// built-in formats are detected first). The codec must outlive every use (a static singleton). A
// codec whose name is already registered is ignored: the first registration wins.
// Not thread-safe: register at start-up (e.g. first thing in main) before any thread uses the
// registry; after that the registry is only read and safe to share.
void RegisterCodec(const Codec* codec);

// kInvalidArgument naming the known formats when `name` is unknown.
Result<const Codec*> FindCodec(std::string_view name);

// Tries every codec's Decode, most specific format first, and returns the first that succeeds
// (kMalformed when none does). Used by `knox token decode` and the auditor.
Result<Decoded> DetectAndDecode(std::string_view token, const Limits& limits = {});

}  // namespace knox::token
