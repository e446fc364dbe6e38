// The registry of token formats (DESIGN §4 "token", §7 format list): one list of codecs, each a
// static singleton that describes itself through Codec::traits() (format_traits.h). Adding a
// format is one codec file plus one line in registry.cc. Read-only after static initialisation;
// safe to share between threads.
#pragma once

#include <span>
#include <string_view>

#include "core/base/result.h"
#include "core/token/codec.h"

namespace knox::token {

// Every format, most specific first: the order DetectAndDecode tries them in.
std::span<const Codec* const> AllCodecs();

// The codec named `name` or one of its aliases; kInvalidArgument naming the known formats
// otherwise.
Result<const Codec*> FindCodec(std::string_view name);

// Tries every codec's Decode in AllCodecs() order and returns the first that succeeds
// (kMalformed when none does). Used by `knox token decode` and the auditor.
Result<Decoded> DetectAndDecode(std::string_view token, const Limits& limits = {});

}  // namespace knox::token
