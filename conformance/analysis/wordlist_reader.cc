#include "conformance/analysis/wordlist_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace knox::analysis {

// One open input: a file descriptor read through zlib's gz reader (transparent for plain data).
struct WordlistReader::Input {
  gzFile gz = nullptr;
  std::string name;
  ~Input() {
    if (gz != nullptr) gzclose_r(gz);
  }
};

namespace {

std::string ErrnoText(int e) { return std::strerror(e); }

// Opens `path` for reading ("-": a duplicate of stdin, so gzclose leaves fd 0 alone).
Result<int> OpenFd(const std::string& path) {
  int fd = path == "-" ? dup(STDIN_FILENO) : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Fail(ErrorCode::kInvalidArgument, "cannot read " + path + ": " + ErrnoText(errno));
  }
  struct stat st{};
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    return Fail(ErrorCode::kInvalidArgument, "cannot read " + path + ": a directory");
  }
  return fd;
}

}  // namespace

WordlistReader::~WordlistReader() = default;

Result<std::unique_ptr<WordlistReader>> WordlistReader::Open(std::span<const std::string> paths,
                                                             const WordlistOptions& options) {
  std::unique_ptr<WordlistReader> r(new WordlistReader());
  r->options_ = options;
  r->options_.block_bytes = std::max(options.block_bytes, 2 * options.max_line + 2);
  r->skip_left_ = options.skip;
  r->limit_left_ = options.limit;
  r->next_word_ = options.skip;
  bool stdin_used = false;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (path != "-" && std::filesystem::is_directory(path, ec)) {
      std::vector<std::string> files;
      std::filesystem::directory_iterator it(path, ec), end;
      if (ec) {
        return Fail(ErrorCode::kInvalidArgument, "cannot read " + path + ": " + ec.message());
      }
      for (; it != end; it.increment(ec)) {
        if (ec) break;
        std::error_code kind;
        if (it->is_regular_file(kind)) files.push_back(it->path().string());
      }
      if (ec) {
        return Fail(ErrorCode::kInvalidArgument, "cannot read " + path + ": " + ec.message());
      }
      if (files.empty()) {
        return Fail(ErrorCode::kInvalidArgument, path + ": a directory with no regular file");
      }
      std::sort(files.begin(), files.end());
      r->inputs_.insert(r->inputs_.end(), files.begin(), files.end());
    } else {
      r->inputs_.push_back(path);
    }
  }
  // Every input must open now, so that a bad one is a usage error before the search starts.
  for (const std::string& input : r->inputs_) {
    if (input == "-") {
      stdin_used = true;
      continue;
    }
    auto fd = OpenFd(input);
    if (!fd) return std::unexpected(fd.error());
    struct stat st{};
    if (fstat(*fd, &st) == 0 && S_ISREG(st.st_mode)) r->total_bytes_ += st.st_size;
    close(*fd);
  }
  if (stdin_used) r->total_bytes_ = 0;
  // A list too small for kBlocksPerWorker full blocks per worker is cut finer, so that a slow
  // format's workers all get a share (one 1 MiB block would go to one worker).
  if (options.workers > 1 && r->total_bytes_ > 0) {
    const uint64_t share = r->total_bytes_ / (uint64_t{options.workers} * kBlocksPerWorker);
    r->options_.block_bytes = static_cast<size_t>(
        std::clamp<uint64_t>(share, 2 * options.max_line + 2, r->options_.block_bytes));
  }
  return r;
}

Result<bool> WordlistReader::OpenNext() {
  current_.reset();
  if (next_input_ >= inputs_.size()) return false;
  const std::string& path = inputs_[next_input_++];
  auto fd = OpenFd(path);
  if (!fd) return Fail(ErrorCode::kUnavailable, fd.error().message);
  auto input = std::make_unique<Input>();
  input->name = path;
  input->gz = gzdopen(*fd, "rb");
  if (input->gz == nullptr) {
    close(*fd);
    return Fail(ErrorCode::kUnavailable, "cannot read " + path + ": out of memory");
  }
  gzbuffer(input->gz, 1u << 17);
  current_ = std::move(input);
  current_bytes_ = 0;
  return true;
}

bool WordlistReader::Select(std::string& block) {
  if (skip_left_ == 0 && !limit_left_) return true;
  const size_t max_line = options_.max_line;
  size_t begin = 0;
  size_t pos = 0;
  uint64_t skipped = 0;
  while (pos < block.size()) {
    const size_t nl = block.find('\n', pos);
    const size_t end = nl == std::string::npos ? block.size() : nl;
    size_t n = end - pos;
    if (n > 0 && block[end - 1] == '\r') --n;
    const size_t next = end + 1;
    if (skip_left_ > 0) {  // an over-long line in the skipped part is not a word either
      if (n > max_line) {
        ++skipped;
      } else {
        --skip_left_;
      }
      begin = next;
    } else if (limit_left_ && n <= max_line) {
      if (*limit_left_ == 0) {
        block.resize(pos);
        break;
      }
      --*limit_left_;
    }
    pos = next;
  }
  CountSkipped(skipped);
  if (limit_left_ && *limit_left_ == 0) done_ = true;
  block.erase(0, std::min(begin, block.size()));
  return !block.empty();
}

bool WordlistReader::Hand(std::string& block, uint64_t* first_word) {
  if (!Select(block)) return false;
  if (options_.count_words) {
    if (first_word != nullptr) *first_word = next_word_;
    ForEachWord(block, options_.max_line, [this](std::string_view) { ++next_word_; });
  }
  return true;
}

uint64_t WordlistReader::next_word() const {
  std::lock_guard lock(mutex_);
  return next_word_;
}

Result<bool> WordlistReader::NextBlock(std::string& block, uint64_t* first_word) {
  std::lock_guard lock(mutex_);
  const size_t max_line = options_.max_line;
  for (;;) {
    if (done_) return false;
    if (!current_) {
      auto opened = OpenNext();
      if (!opened) return std::unexpected(opened.error());
      if (!*opened) {
        done_ = true;
        return false;
      }
    }
    const size_t have = carry_.size();
    block.resize(have + options_.block_bytes);
    std::memcpy(block.data(), carry_.data(), have);
    const int n =
        gzread(current_->gz, block.data() + have, static_cast<unsigned>(options_.block_bytes));
    if (n < 0) {
      int errnum = 0;
      const char* message = gzerror(current_->gz, &errnum);
      const bool io = errnum == Z_ERRNO;
      const std::string why = io ? ErrnoText(errno) : std::string(message ? message : "");
      const std::string path = current_->name;
      current_.reset();
      done_ = true;
      return Fail(io ? ErrorCode::kUnavailable : ErrorCode::kMalformed,
                  "cannot read " + path + ": " + why);
    }
    current_bytes_ = static_cast<uint64_t>(gzoffset(current_->gz));
    size_t total = have + static_cast<size_t>(n);
    if (n == 0) {  // end of this input: its last line needs no newline
      int errnum = Z_OK;
      gzerror(current_->gz, &errnum);
      if (errnum == Z_BUF_ERROR) {  // the file ended inside a gzip stream: zlib says so only here
        const std::string path = current_->name;
        current_.reset();
        done_ = true;
        return Fail(ErrorCode::kMalformed, "cannot read " + path + ": gzip data cut short");
      }
      finished_bytes_ += current_bytes_.exchange(0);
      current_.reset();
      carry_.clear();
      if (discarding_) {
        discarding_ = false;
        continue;
      }
      if (total == 0) continue;
      block.resize(total);
      block.push_back('\n');
      if (Hand(block, first_word)) return true;
      continue;
    }
    const void* last = memrchr(block.data(), '\n', total);
    if (last == nullptr) {
      if (discarding_ || total > max_line + 1) {  // +1: a '\r' may still be dropped
        if (!discarding_) CountSkipped(1);
        discarding_ = true;
        carry_.clear();
      } else {
        carry_.assign(block.data(), total);
      }
      continue;
    }
    const size_t end = static_cast<size_t>(static_cast<const char*>(last) - block.data()) + 1;
    carry_.assign(block.data() + end, total - end);
    block.resize(end);
    if (discarding_) {
      block.erase(0, block.find('\n') + 1);
      discarding_ = false;
    }
    if (carry_.size() > max_line + 1) {
      CountSkipped(1);
      discarding_ = true;
      carry_.clear();
    }
    if (!block.empty() && Hand(block, first_word)) return true;
  }
}

double WordlistReader::Progress() const {
  if (total_bytes_ == 0) return -1;
  const double done = static_cast<double>(finished_bytes_.load() + current_bytes_.load());
  return std::min(1.0, done / static_cast<double>(total_bytes_));
}

}  // namespace knox::analysis
