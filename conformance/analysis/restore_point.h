// Restore points of `knox crack --restore FILE`: where an interrupted search resumes.
//
// A restore point is the position before which every candidate has been tried, in the units of
// --skip (words of the wordlists; a mask's base words), and the identity of the search it belongs
// to: a SHA-256 over everything that decides the candidate sequence and the targets (the token,
// the format options, the wordlists' paths, sizes and modification times, the rule files' bytes,
// the mask and its charsets, the original --skip and --limit). The token itself is never written.
//
// The file is one JSON object, e.g.
//   {"knox_crack_restore":1,"search":"<64 hex>","skip":123456,"unit":"words"}
// written to FILE.tmp and renamed over FILE, so a reader never sees half a file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace knox::analysis {

struct RestorePoint {
  std::string search;  // lowercase hex SHA-256 of the search's identity (RestoreSearchId)
  uint64_t skip = 0;   // resume with this --skip
  std::string unit;    // "words" or "mask base words" (for people reading the file)
};

// The identity of a search: SHA-256 (hex) of `description`, a canonical text the caller builds
// from every input that decides the search.
std::string RestoreSearchId(std::string_view description);

// The restore point in `path`; nullopt when the file does not exist. kInvalidArgument naming the
// file when it cannot be read or is not a knox restore file.
Result<std::optional<RestorePoint>> LoadRestorePoint(const std::string& path);

// Writes `point` to `path` atomically (path + ".tmp", then rename). kUnavailable on I/O errors.
Result<void> SaveRestorePoint(const std::string& path, const RestorePoint& point);

// Removes `path` (a missing file is not an error).
Result<void> RemoveRestorePoint(const std::string& path);

}  // namespace knox::analysis
