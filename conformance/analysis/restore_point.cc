#include "conformance/analysis/restore_point.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/base/hex.h"
#include "core/crypto/digest.h"

namespace knox::analysis {
namespace {

constexpr size_t kMaxRestoreFileBytes = 4096;  // a restore point is about 120 bytes

Result<void> NotRestoreFile(const std::string& path, std::string_view why) {
  return Fail(ErrorCode::kInvalidArgument,
              "--restore " + path + " is not a knox crack restore file (" + std::string(why) + ")");
}

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string RestoreSearchId(std::string_view description) {
  return HexEncode(crypto::Hash(crypto::Digest::kSha256, description));
}

Result<std::optional<RestorePoint>> LoadRestorePoint(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) return std::optional<RestorePoint>{};
  if (ec || status.type() != std::filesystem::file_type::regular) {
    return Fail(ErrorCode::kInvalidArgument,
                "cannot read --restore " + path + ": " +
                    (ec ? ec.message() : std::string("not a regular file")));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kInvalidArgument,
                "cannot read --restore " + path + ": " + std::strerror(errno));
  }
  std::string text(kMaxRestoreFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) {
    return Fail(ErrorCode::kInvalidArgument, "cannot read --restore " + path);
  }
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxRestoreFileBytes) {
    auto failed = NotRestoreFile(path, "too large");
    return std::unexpected(failed.error());
  }
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    auto failed = NotRestoreFile(path, "not a JSON object");
    return std::unexpected(failed.error());
  }
  auto version = json.find("knox_crack_restore");
  auto search = json.find("search");
  auto skip = json.find("skip");
  if (version == json.end() || *version != 1) {
    auto failed = NotRestoreFile(path, "no \"knox_crack_restore\": 1");
    return std::unexpected(failed.error());
  }
  if (search == json.end() || !search->is_string() || search->get<std::string>().size() != 64 ||
      !IsLowerHex(search->get<std::string>())) {
    auto failed = NotRestoreFile(path, "\"search\" is not a SHA-256 in hex");
    return std::unexpected(failed.error());
  }
  if (skip == json.end() || !skip->is_number_unsigned()) {
    auto failed = NotRestoreFile(path, "\"skip\" is not a non-negative integer");
    return std::unexpected(failed.error());
  }
  RestorePoint point{.search = search->get<std::string>(), .skip = skip->get<uint64_t>()};
  if (auto unit = json.find("unit"); unit != json.end() && unit->is_string()) {
    point.unit = unit->get<std::string>();
  }
  return std::optional<RestorePoint>(std::move(point));
}

Result<void> SaveRestorePoint(const std::string& path, const RestorePoint& point) {
  nlohmann::ordered_json json = {{"knox_crack_restore", 1},
                                 {"search", point.search},
                                 {"skip", point.skip},
                                 {"unit", point.unit}};
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << json.dump() << "\n";
    out.flush();
    if (!out) {
      const int e = errno;
      std::remove(tmp.c_str());
      return Fail(ErrorCode::kUnavailable,
                  "cannot write --restore " + path + ": " + std::strerror(e));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    std::remove(tmp.c_str());
    return Fail(ErrorCode::kUnavailable,
                "cannot write --restore " + path + ": " + std::strerror(e));
  }
  return {};
}

Result<void> RemoveRestorePoint(const std::string& path) {
  if (std::remove(path.c_str()) != 0 && errno != ENOENT) {
    return Fail(ErrorCode::kUnavailable,
                "cannot remove --restore " + path + ": " + std::strerror(errno));
  }
  return {};
}

}  // namespace knox::analysis
