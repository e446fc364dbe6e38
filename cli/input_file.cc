#include "cli/input_file.h"

#include <filesystem>
#include <iterator>
#include <system_error>

namespace knox::cli {

Result<void> OpenInput(std::string_view what, const std::string& path, std::ifstream& in) {
  const std::string name = "cannot read " + std::string(what) + (what.empty() ? "" : " ") + path;
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    return Fail(ErrorCode::kInvalidArgument, name + ": no such file");
  }
  if (std::filesystem::is_directory(status)) {
    return Fail(ErrorCode::kInvalidArgument, name + ": is a directory");
  }
  in.open(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kInvalidArgument, name + ": cannot open it");
  return {};
}

Result<std::string> ReadRegularFile(std::string_view what, const std::string& path, size_t limit) {
  std::ifstream in;
  if (auto opened = OpenInput(what, path, in); !opened) return std::unexpected(opened.error());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Fail(ErrorCode::kInvalidArgument,
                "cannot read " + std::string(what) + " " + path + ": not a regular file");
  }
  return ReadAtMost(in, limit, std::string(what) + " " + path);
}

Result<std::string> ReadAtMost(std::istream& in, size_t limit, std::string_view what) {
  std::string text;
  char buffer[64 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    const auto got = static_cast<size_t>(in.gcount());
    if (text.size() + got > limit) {
      return Fail(ErrorCode::kLimitExceeded,
                  std::string(what) + ": longer than " + std::to_string(limit) + " bytes");
    }
    text.append(buffer, got);
  }
  if (in.bad()) return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": read error");
  return text;
}

Result<std::vector<std::string>> ReadLines(std::istream& in, size_t max_line, size_t max_bytes,
                                           std::string_view what) {
  std::vector<std::string> lines;
  std::string line;
  size_t total = 0;
  for (std::istreambuf_iterator<char> it(in), end; it != end; ++it) {
    if (++total > max_bytes) {
      return Fail(ErrorCode::kLimitExceeded,
                  std::string(what) + ": longer than " + std::to_string(max_bytes) + " bytes");
    }
    if (*it == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(std::move(line));
      line.clear();
      continue;
    }
    if (line.size() == max_line) {
      return Fail(ErrorCode::kLimitExceeded, std::string(what) + ": a line is longer than " +
                                                 std::to_string(max_line) + " bytes");
    }
    line.push_back(*it);
  }
  if (in.bad()) return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": read error");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace knox::cli
