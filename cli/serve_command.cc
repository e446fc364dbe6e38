// knox serve: runs the reference server (core/server) until SIGINT/SIGTERM (DESIGN §7).
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/input_file.h"
#include "core/crypto/secret_bytes.h"
#include "core/server/listen_address.h"
#include "core/server/reference_server.h"
#include "core/server/termination_signal.h"
#include "core/server/user_store.h"

namespace knox::cli {
namespace {

using server::ReferenceOptions;
using server::SessionMode;

struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  std::string store = "memory";
  std::string mode = "id";
  std::string tls_cert;
  std::string tls_key;
  std::string key_file;
  std::vector<std::string> users;
  unsigned threads = 0;
  unsigned workers = 0;
  size_t max_login_queue = 0;
  unsigned pbkdf2_iterations = 600'000;
  double header_timeout = 10;
  double idle_timeout = 30;
  bool insecure_demo = false;
  bool public_listen = false;
};

// Sealed-mode keys: one `k<ID>:<KEY>` per line, oldest first (the last is the primary); blank
// lines and lines starting with '#' are skipped.
Result<std::vector<std::string>> ReadKeyFile(const std::string& path) {
  std::ifstream in;
  if (auto opened = OpenInput("", path, in); !opened) return std::unexpected(opened.error());
  auto lines = ReadLines(in, 4096, size_t{1} << 20, path);
  if (!lines) return std::unexpected(lines.error());
  std::vector<std::string> keys;
  for (std::string& line : *lines) {
    if (!line.empty() && line.front() != '#') keys.push_back(line);
    crypto::Cleanse(line.data(), line.size());
  }
  if (keys.empty()) return Fail(ErrorCode::kInvalidArgument, path + " holds no key");
  return keys;
}

// The TLS files are read by OpenSSL by name once the server starts: check them first, so that a
// directory or a device is a usage error and never a read that does not end.
Result<void> CheckTlsFiles(const ServeFlags& flags) {
  for (const auto& [what, path] :
       {std::pair<std::string_view, const std::string&>{"--tls-cert", flags.tls_cert},
        {"--tls-key", flags.tls_key}}) {
    if (path.empty()) continue;
    auto text = ReadRegularFile(what, path, size_t{1} << 20);
    if (!text) return std::unexpected(text.error());
    crypto::Cleanse(text->data(), text->size());
  }
  return {};
}

std::chrono::milliseconds Millis(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}

Result<ReferenceOptions> ToOptions(const ServeFlags& flags) {
  auto listen = server::ParseListenAddress(flags.listen);
  if (!listen) return Fail(ErrorCode::kInvalidArgument, "--listen: " + listen.error().message);
  if (!listen->loopback && !flags.public_listen) {
    return Fail(ErrorCode::kInvalidArgument,
                "--listen " + listen->ToString() + " is not a loopback address (add --public)");
  }
  if ((flags.tls_cert.empty()) != (flags.tls_key.empty())) {
    return Fail(ErrorCode::kInvalidArgument, "--tls-cert and --tls-key go together");
  }
  if (auto tls = CheckTlsFiles(flags); !tls) return std::unexpected(tls.error());
  ReferenceOptions options;
  options.server.address = listen->host;
  options.server.port = listen->port;
  options.server.threads = flags.threads;
  options.server.workers = flags.workers;
  options.server.max_offloaded = flags.max_login_queue;
  options.server.limits.header_timeout = Millis(flags.header_timeout);
  options.server.limits.body_timeout = Millis(flags.header_timeout);
  options.server.limits.idle_timeout = Millis(flags.idle_timeout);
  if (!flags.tls_cert.empty()) options.server.tls = server::TlsFiles{flags.tls_cert, flags.tls_key};
  options.mode = flags.insecure_demo      ? SessionMode::kInsecureDemo
                 : flags.mode == "sealed" ? SessionMode::kSealed
                                          : SessionMode::kId;
  options.store = flags.store;
  options.pbkdf2_iterations = flags.pbkdf2_iterations;
  for (const auto& spec : flags.users) {
    auto user = server::ParseUserSpec(spec);
    if (!user) return Fail(ErrorCode::kInvalidArgument, "--user: " + user.error().message);
    options.users.push_back(std::move(*user));
  }
  if (!flags.key_file.empty()) {
    auto keys = ReadKeyFile(flags.key_file);
    if (!keys) return Fail(ErrorCode::kInvalidArgument, "--key-file: " + keys.error().message);
    options.sealed_keys = std::move(*keys);
  }
  return options;
}

void AddFlags(CLI::App& app, ServeFlags& f) {
  app.add_option("--listen", f.listen, "HOST:PORT to listen on (IP literal, [IPv6] or localhost)")
      ->capture_default_str();
  app.add_option("--store", f.store,
                 "memory, redis://HOST:PORT or redis-cluster://HOST:PORT[,HOST:PORT...]: id "
                 "mode's sessions, sealed mode's revocations (shared by every server on it)")
      ->capture_default_str();
  app.add_option("--mode", f.mode, "id (server-side sessions) or sealed (knox-sealed cookie)")
      ->check(CLI::IsMember({"id", "sealed"}))
      ->capture_default_str();
  app.add_option("--tls-cert", f.tls_cert, "PEM certificate chain: serve HTTPS");
  app.add_option("--tls-key", f.tls_key, "PEM private key of --tls-cert");
  app.add_option(
      "--key-file", f.key_file,
      "sealed mode: file of k<ID>:<KEY> lines, oldest first (default: random per process)");
  app.add_flag("--insecure-demo", f.insecure_demo,
               "reproduce the classic session mistakes ON PURPOSE (docs/serve.md)");
  app.add_option("--user", f.users, "NAME:PASSWORD, repeatable (default alice:wonderland)");
  app.add_option("--threads", f.threads, "I/O threads (default: one per core)");
  app.add_option("--workers", f.workers,
                 "password-hashing (login) threads, off the I/O threads (default: one per core)")
      ->check(CLI::Range(1u, 1024u));
  app.add_option("--max-login-queue", f.max_login_queue,
                 "logins queued or hashing at once; beyond it 503 + Retry-After (default: 8 per "
                 "worker)")
      ->check(CLI::Range(size_t{1}, size_t{1'000'000}));
  app.add_option("--pbkdf2-iterations", f.pbkdf2_iterations,
                 "PBKDF2-HMAC-SHA256 iterations of the password hashes (min 1000)")
      ->capture_default_str();
  app.add_option("--header-timeout", f.header_timeout,
                 "seconds for a request's header (and body) to arrive")
      ->check(CLI::Range(0.05, 3600.0))
      ->capture_default_str();
  app.add_option("--idle-timeout", f.idle_timeout, "seconds a kept-alive connection may idle")
      ->check(CLI::Range(0.05, 3600.0))
      ->capture_default_str();
  app.add_flag("--public", f.public_listen, "allow a non-loopback --listen address");
}

}  // namespace

int RunServe(int argc, char** argv) {
  CLI::App app("Runs knox's reference server: POST /login, GET /me, POST /logout, GET /.",
               "knox serve");
  ServeFlags flags;
  AddFlags(app, flags);
  app.footer(
      "Stops cleanly on SIGINT/SIGTERM (exit 0). Exit 2 on a configuration error, 3 when "
      "the address cannot be bound or Redis does not answer.");
  if (int rc = Parse(app, argc, argv); rc >= 0) return rc;
  if (flags.insecure_demo &&
      (app.count("--mode") > 0 || app.count("--store") > 0 || app.count("--key-file") > 0)) {
    PrintError("serve",
               "--insecure-demo has its own session handling: no --mode, --store, --key-file");
    return kExitUsage;
  }
  auto options = ToOptions(flags);
  if (!options) {
    PrintError("serve", options.error().message);
    return kExitUsage;
  }
  server::BlockTerminationSignals();  // before any server thread exists
  auto running = server::ReferenceServer::Start(std::move(*options));
  if (!running) {
    PrintError("serve", running.error().message);
    return running.error().code == ErrorCode::kUnavailable ? kExitNetwork : kExitUsage;
  }
  auto listen = *server::ParseListenAddress(flags.listen);
  listen.port = (*running)->port();
  std::cerr << "knox serve: listening on " << ((*running)->tls() ? "https://" : "http://")
            << listen.ToString() << " (mode " << (*running)->mode() << ", store "
            << (*running)->store() << ")\n";  // std::cerr is unbuffered
  server::WaitForTerminationSignal();
  (*running)->Stop();
  std::cerr << "knox serve: stopped\n";
  return kExitOk;
}

}  // namespace knox::cli
