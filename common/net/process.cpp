#include "net/process.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <unordered_set>

#include "fs/proc_field.hpp"
#include "fs/tree.hpp"

namespace vs::net {
namespace {

template <typename T>
std::optional<T> number(std::string_view text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A directory stream that closes itself.
struct Dir {
  DIR* d = nullptr;
  explicit Dir(int fd) : d(fd >= 0 ? fdopendir(fd) : nullptr) {
    if (d == nullptr && fd >= 0) close(fd);
  }
  ~Dir() {
    if (d != nullptr) closedir(d);
  }
  Dir(const Dir&) = delete;
  Dir& operator=(const Dir&) = delete;
};

Process describe(const fs::Tree& proc, int pid) {
  Process p;
  p.pid = pid;
  const std::string base = "/" + std::to_string(pid);
  try {
    if (const auto comm = proc.read_if_exists(base + "/comm", 4096)) {
      p.command = comm->content.substr(0, comm->content.find('\n'));
    }
    if (const auto status = proc.read_if_exists(base + "/status", 1 << 16)) {
      const auto fields = parse_status(status->content);
      p.uid = fields.uid;
      p.vxid = fields.vxid;
    }
  } catch (const fs::FileError&) {
    // The process exited meanwhile or hides its details: keep what is known.
  }
  return p;
}

}  // namespace

std::optional<std::uint64_t> socket_inode(std::string_view link) {
  constexpr std::string_view prefix = "socket:[";
  if (link.size() < prefix.size() + 2 || link.substr(0, prefix.size()) != prefix ||
      link.back() != ']') {
    return std::nullopt;
  }
  return number<std::uint64_t>(link.substr(prefix.size(), link.size() - prefix.size() - 1));
}

StatusFields parse_status(std::string_view text) {
  StatusFields out;
  if (const auto uid = fs::proc_field(text, "Uid")) {
    const std::string_view first = uid->substr(0, uid->find_first_of(" \t"));
    out.uid = number<unsigned>(first).value_or(0);
  }
  if (const auto vxid = fs::proc_field(text, "VxID")) {
    out.vxid = number<unsigned>(vxid->substr(0, vxid->find_first_of(" \t")));
  }
  return out;
}

Owners find_owners(std::span<const std::uint64_t> inodes, const std::string& proc) {
  Owners out;
  std::unordered_set<std::uint64_t> wanted(inodes.begin(), inodes.end());
  wanted.erase(0);  // sockets without an inode (time-wait) have no owner
  if (wanted.empty()) return out;
  const fs::Tree proc_tree(proc);
  Dir processes(open(proc.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (processes.d == nullptr) {
    out.denied = true;
    return out;
  }
  while (const dirent* process = readdir(processes.d)) {
    const auto pid = number<int>(process->d_name);
    if (!pid) continue;
    const std::string fd_dir = proc + "/" + process->d_name + "/fd";
    Dir fds(open(fd_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fds.d == nullptr) {
      if (errno == EACCES || errno == EPERM) out.denied = true;
      continue;  // ENOENT: the process exited meanwhile
    }
    std::optional<Process> owner;  // read once per process, however many sockets it holds
    while (const dirent* fd = readdir(fds.d)) {
      if (fd->d_name[0] == '.') continue;
      char link[64];
      const ssize_t n = readlinkat(dirfd(fds.d), fd->d_name, link, sizeof link);
      if (n <= 0) continue;
      const auto inode = socket_inode(std::string_view(link, static_cast<std::size_t>(n)));
      if (!inode || wanted.erase(*inode) == 0) continue;
      if (!owner) owner = describe(proc_tree, *pid);
      out.by_inode[*inode] = *owner;
      if (wanted.empty()) return out;
    }
  }
  return out;
}

}  // namespace vs::net
