// Random bytes from the operating system's CSPRNG (OpenSSL RAND_bytes, seeded from getrandom).
// kUnavailable if the generator cannot produce output; callers must fail closed.
#pragma once

#include <cstddef>
#include <string>

#include "core/base/result.h"

namespace knox::crypto {

Result<std::string> RandomBytes(size_t n);

}  // namespace knox::crypto
