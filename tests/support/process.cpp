// SPDX-License-Identifier: GPL-3.0-or-later
#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vs::test {

std::string Run::first_line() const {
  return out.substr(0, out.find('\n'));
}

Run run(const std::vector<std::string>& argv, std::chrono::milliseconds limit,
        const std::map<std::string, std::string>& env) {
  Run result;
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork");
  if (pid == 0) {
    setpgid(0, 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    const int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    for (const auto& [k, v] : env)
      setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      kill(-pid, SIGKILL);
      break;
    }
    if (poll(fds, 2, static_cast<int>(left.count())) < 0) continue;
    for (auto& f : fds) {
      if (f.fd < 0 || (f.revents & (POLLIN | POLLHUP)) == 0) continue;
      char buf[65536];
      const ssize_t n = read(f.fd, buf, sizeof buf);
      if (n <= 0) {
        close(f.fd);
        f.fd = -1;
        --open_fds;
        continue;
      }
      (f.fd == out_pipe[0] ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

Run sh(const std::string& command, std::chrono::milliseconds limit) {
  return run({"/bin/sh", "-c", command}, limit);
}

std::string plugin(const std::string& name) {
  const char* dir = std::getenv("VS_PLUGIN_DIR");
  return std::string(dir != nullptr ? dir : "plugins") + "/" + name;
}

bool plugin_built(const std::string& name) {
  return access(plugin(name).c_str(), X_OK) == 0;
}

std::string generator() {
  return std::filesystem::path(plugin("check_vs_caps")).parent_path().parent_path() / "tools" /
         "vs-nrpe-config";
}

std::string source(const std::string& rel) {
  const char* src = std::getenv("VS_SOURCE_ROOT");
  return std::string(src != nullptr ? src : ".") + "/" + rel;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string fixture(const std::string& rel) {
  const char* dir = std::getenv("VS_FIXTURES");
  return std::string(dir != nullptr ? dir : "tests/fixtures") + "/" + rel;
}

void copy_fixture(const std::string& rel, const std::string& to) {
  std::filesystem::create_directories(to);
  std::filesystem::copy(fixture(rel), to,
                        std::filesystem::copy_options::recursive |
                            std::filesystem::copy_options::copy_symlinks |
                            std::filesystem::copy_options::overwrite_existing);
}

bool is_root() {
  return geteuid() == 0;
}

bool have_program(const std::string& name) {
  return sh("command -v " + name + " >/dev/null 2>&1").exit_code == 0;
}

TempDir::TempDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "check_vs_test.XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp");
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& rel, const std::string& content) const {
  const std::filesystem::path p = std::filesystem::path(path_) / rel;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
  return p.string();
}

std::string TempDir::mkdir(const std::string& rel) const {
  const std::filesystem::path p = std::filesystem::path(path_) / rel;
  std::filesystem::create_directories(p);
  return p.string();
}

std::string TempDir::symlink(const std::string& rel, const std::string& target) const {
  const std::filesystem::path p = std::filesystem::path(path_) / rel;
  std::filesystem::create_directories(p.parent_path());
  std::filesystem::create_symlink(target, p);
  return p.string();
}

void TempDir::write_tree(const FileList& files) const {
  for (const auto& [path, content] : files)
    write(path.substr(std::min(path.find_first_not_of('/'), path.size())), content);
}

}  // namespace vs::test
