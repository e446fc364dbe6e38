// Accessors for every built-in codec; registry.cc lists them in DESIGN §7 order. Each is defined in
// the codec's own file.
#pragma once

#include "core/token/codec.h"

namespace knox::token {

// Declarations are added here as codecs land, e.g.:
// const Codec& ItsdangerousSignerCodec();

}  // namespace knox::token
