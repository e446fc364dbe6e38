// The files, devices and pipes a subcommand reads from its command line (DESIGN §6, §7). Every path
// given on the command line is opened through OpenInput, and read with a byte or line cap, so that
// a directory, a missing or unreadable path, a device that never ends (/dev/zero) or a huge line is
// a one-line usage error (kInvalidArgument or kLimitExceeded, exit 2), never an exception, an
// abort or an unbounded allocation. Pipes and process substitutions (`<(...)`) are accepted where
// knox reads the file itself; files that OpenSSL opens by name must be regular files.
#pragma once

#include <cstddef>
#include <fstream>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace knox::cli {

// Opens `path` for binary reading. Fails naming `what` (e.g. "--secret-file") and the path when it
// does not exist, is a directory, or cannot be opened.
Result<void> OpenInput(std::string_view what, const std::string& path, std::ifstream& in);

// A path that OpenSSL reads by name (a CA bundle, a certificate, a key): it must be an existing,
// readable regular file of at most `limit` bytes (so /dev/zero cannot make OpenSSL read forever).
// Returns its content.
Result<std::string> ReadRegularFile(std::string_view what, const std::string& path, size_t limit);

// All of `in`, at most `limit` bytes; kLimitExceeded naming `what` beyond.
Result<std::string> ReadAtMost(std::istream& in, size_t limit, std::string_view what);

// Lines of `in` with a trailing CR removed, each at most `max_line` bytes and all together at most
// `max_bytes`; kLimitExceeded naming `what` beyond either.
Result<std::vector<std::string>> ReadLines(std::istream& in, size_t max_line, size_t max_bytes,
                                           std::string_view what);

}  // namespace knox::cli
