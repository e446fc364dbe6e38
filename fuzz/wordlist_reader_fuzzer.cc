// The wordlist reader (conformance/analysis/wordlist_reader.cc) over files of any bytes: the input
// is written to one or two files in a per-process temporary directory — as it is, or gzipped
// whole or truncated — and read back through WordlistReader with small blocks, so that lines
// straddle blocks and over-long lines outlast a block. Input: byte 0 flags (bits 0-1: plain,
// gzip, truncated gzip; bit 2: two files, split at byte 5; bit 3: the directory rather than the
// files; bit 4: count words), byte 1 max_line (1..64), byte 2 the extra block bytes, byte 3 skip
// (0..7), byte 4 limit (0..15, or none from 16 up), byte 5 the split point, then the content.
// Properties, against a plain reading of the same content (lines split at '\n', one '\r' before
// it dropped, the last line needing no newline, each file ending its last line; lines over
// max_line skipped; then words [skip, skip + limit)):
//   - the words handed out, in order, are a prefix of the expected words, and all of them when
//     reading ends without an error; an error is possible only for gzip data (kMalformed);
//   - without a limit, the over-long lines counted (by the reader and by ForEachWord) are exactly
//     the expected ones;
//   - with count_words, each block's first_word is skip plus the words handed out before it, and
//     next_word() ends at skip plus all of them;
//   - a missing path among the inputs is an error before any reading (kInvalidArgument).
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/analysis/wordlist_reader.h"

namespace {

namespace fs = std::filesystem;
using knox::analysis::WordlistOptions;
using knox::analysis::WordlistReader;

void Require(bool ok) {
  if (!ok) std::abort();
}

// The per-process directory, removed at exit (never destroyed before the handler runs).
const fs::path& Dir() {
  static const fs::path* const dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "knox-wordlist-fuzz-XXXXXX").string();
    Require(mkdtemp(tmpl.data()) != nullptr);
    return new fs::path(tmpl);
  }();
  static const bool cleanup = std::atexit([] {
                                std::error_code ec;
                                fs::remove_all(*dir, ec);
                              }) == 0;
  (void)cleanup;
  return *dir;
}

std::string Gzip(std::string_view data) {
  z_stream z{};
  Require(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) ==
          Z_OK);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  Require(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

void Write(const fs::path& path, std::string_view bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  Require(f.good());
}

// The words and over-long lines of one file's content, appended.
void Expect(std::string_view content, size_t max_line, std::vector<std::string>& words,
            uint64_t& overlong) {
  while (!content.empty()) {
    const size_t nl = content.find('\n');
    std::string_view line = content.substr(0, nl);
    content = nl == std::string_view::npos ? std::string_view() : content.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > max_line) {
      ++overlong;
    } else {
      words.emplace_back(line);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 6) return 0;
  const uint8_t flags = data[0];
  const unsigned gzip = flags & 3;  // 0 plain, 1 gzip, 2 truncated gzip, 3 plain
  const bool two_files = (flags & 4) != 0;
  const bool as_directory = (flags & 8) != 0;
  WordlistOptions options;
  options.max_line = 1 + data[1] % 64;
  options.block_bytes = 2 * options.max_line + data[2] % 64;
  options.skip = data[3] % 8;
  if (data[4] < 16) options.limit = data[4];
  options.count_words = (flags & 16) != 0;
  const std::string_view content(reinterpret_cast<const char*>(data) + 6, size - 6);
  const size_t split = two_files ? content.size() * data[5] / 255 : content.size();
  const std::vector<std::string_view> parts =
      two_files ? std::vector{content.substr(0, split), content.substr(split)}
                : std::vector{content};

  fs::remove_all(Dir() / "in");
  fs::create_directories(Dir() / "in");
  std::vector<std::string> paths;
  std::vector<std::string> expected;
  uint64_t overlong = 0;
  bool raw_gzip = false;  // plain content that is itself gzip: zlib inflates it
  for (size_t i = 0; i < parts.size(); ++i) {
    const fs::path path = Dir() / "in" / ("part" + std::to_string(i));
    std::string bytes(parts[i]);
    if (gzip == 1 || gzip == 2) {
      bytes = Gzip(parts[i]);
      if (gzip == 2) bytes.resize(bytes.size() * 2 / 3);
    } else if (bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b') {
      raw_gzip = true;
    }
    Write(path, bytes);
    paths.push_back(path.string());
    Expect(parts[i], options.max_line, expected, overlong);
  }
  if (as_directory) paths = {(Dir() / "in").string()};

  std::vector<std::string> missing = paths;
  missing.push_back((Dir() / "absent").string());
  auto refused = WordlistReader::Open(missing, options);
  Require(!refused && refused.error().code == knox::ErrorCode::kInvalidArgument);

  auto reader = WordlistReader::Open(paths, options);
  Require(reader.has_value());
  std::vector<std::string> got;
  std::string block;
  bool failed = false;
  for (;;) {
    uint64_t first = 0;
    auto more = (*reader)->NextBlock(block, &first);
    if (!more) {
      Require(gzip == 2 || raw_gzip);
      Require(more.error().code == knox::ErrorCode::kMalformed);
      failed = true;
      break;
    }
    if (!*more) break;
    if (options.count_words) Require(first == options.skip + got.size());
    (*reader)->CountSkipped(knox::analysis::ForEachWord(
        block, options.max_line, [&](std::string_view w) { got.emplace_back(w); }));
  }
  if (options.count_words) Require((*reader)->next_word() == options.skip + got.size());
  if (raw_gzip) return 0;  // what zlib inflated is not the content: only the above holds

  std::vector<std::string> want;
  for (size_t i = options.skip; i < expected.size(); ++i) {
    if (options.limit && want.size() == *options.limit) break;
    want.push_back(expected[i]);
  }
  Require(got.size() <= want.size());
  for (size_t i = 0; i < got.size(); ++i) Require(got[i] == want[i]);
  if (!failed && gzip != 2) {
    Require(got.size() == want.size());
    if (!options.limit) Require((*reader)->skipped_lines() == overlong);
  }
  return 0;
}
