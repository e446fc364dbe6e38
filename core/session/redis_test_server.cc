#include "core/session/redis_test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>
#include <vector>

#include "core/session/redis_store.h"

extern char** environ;

namespace knox::session::testing {

RedisTestServer::~RedisTestServer() { Kill(); }

std::string RedisServerPath() {
  const char* custom = std::getenv("KNOX_REDIS_SERVER");
  return custom != nullptr && *custom != '\0' ? custom : "/usr/bin/redis-server";
}

bool RedisTestServer::Installed() { return access(RedisServerPath().c_str(), X_OK) == 0; }

Result<uint16_t> RedisTestServer::FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Fail(ErrorCode::kUnavailable, "socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  close(fd);
  if (!ok) return Fail(ErrorCode::kUnavailable, "no free port");
  return ntohs(addr.sin_port);
}

Result<void> RedisTestServer::Start(uint16_t port, std::vector<std::string> extra_args) {
  Kill();
  extra_args_ = std::move(extra_args);
  if (port == 0) {
    auto free_port = FreePort();
    if (!free_port) return std::unexpected(free_port.error());
    port = *free_port;
  }
  port_ = port;
  std::vector<std::string> args = {
      RedisServerPath(), "--port", std::to_string(port), "--bind", "127.0.0.1", "--save", "",
      "--appendonly",    "no",     "--loglevel",         "warning"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  int rc = posix_spawn(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    return Fail(ErrorCode::kUnavailable, "cannot spawn redis-server");
  }
  return WaitForPing();
}

Result<void> RedisTestServer::WaitForPing() {
  auto store = RedisStore::Create({.endpoint = {.host = "127.0.0.1", .port = port_},
                                   .pool_size = 1,
                                   .connect_timeout = std::chrono::milliseconds(200),
                                   .command_timeout = std::chrono::milliseconds(200)});
  if (!store) return std::unexpected(store.error());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if ((*store)->Ping()) return {};
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Fail(ErrorCode::kUnavailable, "redis-server exited at start-up");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Fail(ErrorCode::kTimeout, "redis-server did not answer PING within 5 s");
}

void RedisTestServer::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace knox::session::testing
