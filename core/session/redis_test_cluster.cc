#include "core/session/redis_test_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include "core/session/redis_cluster.h"
#include "core/session/redis_connection.h"

extern char** environ;

namespace knox::session::testing {
namespace {

using namespace std::chrono_literals;

bool PortFree(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

Result<std::vector<uint16_t>> ClusterPorts(size_t count) {
  std::mt19937 pick{std::random_device{}()};
  // Below Linux's ephemeral range (32768..): neither a node's port nor its bus port (+10000) can
  // be taken by a client socket's source port while a node is down.
  std::uniform_int_distribution<int> base(20000, 22760);
  for (int attempt = 0; attempt < 50; ++attempt) {
    const auto first = static_cast<uint16_t>(base(pick));
    std::vector<uint16_t> ports;
    for (size_t i = 0; i < count; ++i) {
      const auto port = static_cast<uint16_t>(first + i);
      if (!PortFree(port) || !PortFree(static_cast<uint16_t>(port + 10000))) break;
      ports.push_back(port);
    }
    if (ports.size() == count) return ports;
  }
  return Fail(ErrorCode::kUnavailable, "no free ports for a test cluster");
}

Result<void> RunAndWait(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Fail(ErrorCode::kUnavailable, "cannot spawn " + args[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Fail(ErrorCode::kUnavailable, args[0] + " failed");
  }
  return {};
}

redis::Pool NodePool(const RedisEndpoint& node) {
  return redis::Pool(
      {.endpoint = node, .pool_size = 1, .connect_timeout = 200ms, .command_timeout = 1000ms});
}

// CLUSTER SLOTS as a live node reports it.
Result<std::vector<redis::SlotRange>> Slots(const std::vector<RedisEndpoint>& nodes) {
  for (const auto& node : nodes) {
    redis::Pool pool = NodePool(node);
    auto replies = pool.Run({{"CLUSTER", "SLOTS"}});
    if (!replies) continue;
    auto ranges = redis::ParseClusterSlots(*replies->front());
    if (ranges && !ranges->empty()) return ranges;
  }
  return Fail(ErrorCode::kUnavailable, "no node answers CLUSTER SLOTS");
}

}  // namespace

std::string RedisCliPath() {
  const char* custom = std::getenv("KNOX_REDIS_CLI");
  return custom != nullptr && *custom != '\0' ? custom : "/usr/bin/redis-cli";
}

RedisTestCluster::~RedisTestCluster() {
  nodes_.clear();  // kills every node
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

bool RedisTestCluster::Installed() {
  return RedisTestServer::Installed() && access(RedisCliPath().c_str(), X_OK) == 0;
}

Result<void> RedisTestCluster::Start() {
  auto ports = ClusterPorts(6);
  if (!ports) return std::unexpected(ports.error());
  char pattern[] = "/tmp/knox-redis-cluster-XXXXXX";
  if (mkdtemp(pattern) == nullptr) return Fail(ErrorCode::kUnavailable, "mkdtemp failed");
  dir_ = pattern;
  std::vector<std::string> create = {RedisCliPath(), "--cluster", "create"};
  for (uint16_t port : *ports) {
    const std::string node_dir = dir_ + "/" + std::to_string(port);
    std::filesystem::create_directory(node_dir);
    auto node = std::make_unique<RedisTestServer>();
    auto started =
        node->Start(port, {"--cluster-enabled", "yes", "--cluster-node-timeout", "1000",
                           "--cluster-config-file", node_dir + "/nodes.conf", "--dir", node_dir});
    if (!started) return std::unexpected(started.error());
    nodes_.push_back(std::move(node));
    create.push_back("127.0.0.1:" + std::to_string(port));
  }
  create.insert(create.end(), {"--cluster-replicas", "1", "--cluster-yes"});
  if (auto ok = RunAndWait(create); !ok) return ok;
  return WaitUntilHealthy(20s);
}

std::vector<RedisEndpoint> RedisTestCluster::seeds() const {
  std::vector<RedisEndpoint> out;
  for (const auto& node : nodes_) {
    out.push_back(RedisEndpoint{.host = "127.0.0.1", .port = node->port()});
  }
  return out;
}

std::string RedisTestCluster::url() const {
  std::string out = "redis-cluster://";
  for (const auto& node : nodes_) {
    if (out.back() != '/') out += ",";
    out += "127.0.0.1:" + std::to_string(node->port());
  }
  return out;
}

// Every live node says cluster_state:ok, and CLUSTER SLOTS shows three ranges' worth of masters,
// each with a replica.
Result<void> RedisTestCluster::WaitUntilHealthy(std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    bool ok = true;
    for (const auto& node : seeds()) {
      redis::Pool pool = NodePool(node);
      auto info = pool.Run({{"CLUSTER", "INFO"}});
      if (!info) continue;  // a killed node
      const redisReply& r = *info->front();
      if (r.type != REDIS_REPLY_STRING ||
          std::string_view(r.str, r.len).find("cluster_state:ok") == std::string_view::npos) {
        ok = false;
      }
    }
    if (ok) {
      for (const auto& node : seeds()) {
        redis::Pool pool = NodePool(node);
        auto slots = pool.Run({{"CLUSTER", "SLOTS"}});
        if (!slots) continue;
        const redisReply& r = *slots->front();
        if (r.type != REDIS_REPLY_ARRAY || r.elements == 0) ok = false;
        for (size_t i = 0; ok && i < r.elements; ++i) {
          if (r.element[i]->elements < 4) ok = false;  // no replica yet
        }
        break;
      }
    }
    if (ok) return {};
    std::this_thread::sleep_for(100ms);
  }
  return Fail(ErrorCode::kTimeout, "test cluster not healthy in time");
}

Result<RedisEndpoint> RedisTestCluster::MasterOf(uint16_t slot) const {
  auto ranges = Slots(seeds());
  if (!ranges) return std::unexpected(ranges.error());
  for (const auto& range : *ranges) {
    if (range.first <= slot && slot <= range.last) return range.master;
  }
  return Fail(ErrorCode::kUnavailable, "slot not served");
}

Result<RedisEndpoint> RedisTestCluster::KillMasterOf(uint16_t slot) {
  auto master = MasterOf(slot);
  if (!master) return master;
  for (auto& node : nodes_) {
    if (node->port() == master->port) {
      node->Kill();
      return master;
    }
  }
  return Fail(ErrorCode::kInternal, "the master is not one of the test nodes");
}

Result<RedisEndpoint> RedisTestCluster::WaitForNewMaster(uint16_t slot, const RedisEndpoint& old,
                                                         std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    auto master = MasterOf(slot);
    if (master && !(*master == old)) {
      // Every live node must agree the cluster is ok again.
      bool ok = true;
      for (const auto& node : seeds()) {
        if (node == old) continue;
        redis::Pool pool = NodePool(node);
        auto info = pool.Run({{"CLUSTER", "INFO"}});
        if (!info) continue;
        const redisReply& r = *info->front();
        if (r.type != REDIS_REPLY_STRING ||
            std::string_view(r.str, r.len).find("cluster_state:ok") == std::string_view::npos) {
          ok = false;
        }
      }
      if (ok) return master;
    }
    std::this_thread::sleep_for(100ms);
  }
  return Fail(ErrorCode::kTimeout, "no failover in time");
}

Result<void> RedisTestCluster::WaitForReplication() {
  auto ranges = Slots(seeds());
  if (!ranges) return std::unexpected(ranges.error());
  for (const auto& range : *ranges) {
    redis::Pool pool = NodePool(range.master);
    auto replies = pool.Run({{"WAIT", "1", "2000"}});
    if (!replies) return std::unexpected(replies.error());
    const redisReply& r = *replies->front();
    if (r.type != REDIS_REPLY_INTEGER || r.integer < 1) {
      return Fail(ErrorCode::kTimeout, "a replica did not acknowledge the writes");
    }
  }
  return {};
}

}  // namespace knox::session::testing
