// zlib (RFC 1950) compression as Python's zlib.compress(data) produces it (level 6, window 15,
// memLevel 8), and inflation with an output cap so that a small hostile token cannot expand into
// gigabytes. Inflate stops at the end of the first stream and ignores trailing bytes, as Python's
// zlib.decompress does.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox {

std::string ZlibCompress(std::string_view data);

// kMalformed for a corrupt or truncated stream; kLimitExceeded when the output would pass max_out.
Result<std::string> ZlibInflate(std::string_view data, size_t max_out);

}  // namespace knox
