// The compression rule of itsdangerous's URLSafeSerializer and Django's
// signing.dumps(compress=True): compress with zlib (Python's zlib.compress, level 6) and keep the
// result only when len(compressed) < len(data) - 1.
//
// Running deflate costs far more than signing a small cookie (deflateInit allocates ~256 KiB), so
// a provable lower bound on the compressed size is checked first: when it already rules the rule
// out, zlib is not run. The bound is exact reasoning about any deflate stream (literal-only
// positions, Huffman/Kraft entropy bound, minimal block headers), never a heuristic, so the
// outcome is always the library's. Only used for inputs of at most 4096 bytes (one deflate block).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace knox::token {

// A lower bound on len(zlib.compress(data)); 0 when no useful bound is computed (large inputs).
size_t ZlibCompressedSizeLowerBound(std::string_view data);

// The compressed bytes when the library would use them, nullopt when it keeps `data` as is.
std::optional<std::string> CompressIfShorter(std::string_view data);

}  // namespace knox::token
