#include "fs/tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <deque>
#include <system_error>

namespace vs::fs {
namespace {

std::atomic<bool> g_force_walk{false};
std::atomic<bool> g_openat2_missing{false};

constexpr int kMaxSymlinks = 40;  // the kernel's own limit (MAXSYMLINKS)
constexpr std::size_t kMaxGlobMatches = 10000;

std::string errno_text(int err) {
  return std::system_category().message(err);
}

std::vector<std::string> split_components(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/')
      ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

std::string join_components(const std::vector<std::string>& parts) {
  if (parts.empty()) return ".";
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

std::chrono::system_clock::time_point to_time_point(const timespec& ts) {
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)));
}

const char* type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Resolves `path` against the directory `rootfd` the way RESOLVE_IN_ROOT does:
// absolute symlinks restart at the root and ".." never climbs above it. Returns the
// in-root components, or -errno.
int walk(int rootfd, const std::string& path, std::vector<std::string>& resolved) {
  std::deque<std::string> pending;
  for (auto& c : split_components(path))
    pending.push_back(std::move(c));
  resolved.clear();
  int links = 0;
  while (!pending.empty()) {
    std::string comp = std::move(pending.front());
    pending.pop_front();
    if (comp == ".") continue;
    if (comp == "..") {
      if (!resolved.empty()) resolved.pop_back();
      continue;
    }
    resolved.push_back(comp);
    const std::string rel = join_components(resolved);
    struct stat st {};
    if (fstatat(rootfd, rel.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT && pending.empty()) return 0;  // the final name may be absent
      return -errno;
    }
    if (!S_ISLNK(st.st_mode)) continue;
    if (++links > kMaxSymlinks) return -ELOOP;
    char buf[4096];
    const ssize_t n = readlinkat(rootfd, rel.c_str(), buf, sizeof buf);
    if (n < 0) return -errno;
    const std::string target(buf, static_cast<std::size_t>(n));
    resolved.pop_back();
    if (!target.empty() && target[0] == '/') resolved.clear();
    auto parts = split_components(target);
    pending.insert(pending.begin(), parts.begin(), parts.end());
  }
  return 0;
}

}  // namespace

void Tree::force_component_walk(bool on) {
  g_force_walk = on;
}

Tree::Tree(const std::string& dir) : root_(dir.empty() ? "/" : dir) {
  fd_ = ::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0) throw FileError(root_, errno_text(errno));
  while (root_.size() > 1 && root_.back() == '/')
    root_.pop_back();
}

Tree::Tree(const Tree& parent, const std::string& path_in_parent) {
  const std::string resolved = parent.resolve(path_in_parent);
  const int fd = parent.open_in_tree(resolved, O_PATH | O_DIRECTORY);
  if (fd < 0) throw FileError(parent.display(path_in_parent), errno_text(-fd));
  fd_ = fd;
  root_ = parent.display(resolved);
}

Tree::~Tree() {
  if (fd_ >= 0) ::close(fd_);
}

Tree::Tree(Tree&& other) noexcept : fd_(other.fd_), root_(std::move(other.root_)) {
  other.fd_ = -1;
}

Tree& Tree::operator=(Tree&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    root_ = std::move(other.root_);
    other.fd_ = -1;
  }
  return *this;
}

std::string Tree::display(const std::string& path) const {
  std::string p = path.empty() || path[0] != '/' ? "/" + path : path;
  return root_ == "/" ? p : root_ + p;
}

int Tree::open_in_tree(const std::string& path, int flags) const {
  // openat2 rejects O_PATH combined with anything but O_CLOEXEC, O_DIRECTORY, O_NOFOLLOW.
  flags |= (flags & O_PATH) != 0 ? O_CLOEXEC : O_CLOEXEC | O_NOCTTY;
  const std::string rel = path.empty() ? "." : path;
  if (!g_force_walk && !g_openat2_missing) {
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const long fd = syscall(SYS_openat2, fd_, rel.c_str(), &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    if (errno != ENOSYS && errno != EPERM) return -errno;  // EPERM: seccomp filters
    g_openat2_missing = true;
  }
  std::vector<std::string> parts;
  if (const int rc = walk(fd_, rel, parts); rc < 0) return rc;
  const std::string joined = join_components(parts);
  const int fd = ::openat(fd_, joined.c_str(), flags | O_NOFOLLOW);
  return fd >= 0 ? fd : -errno;
}

std::string Tree::resolve(const std::string& path) const {
  // Fast path: let the kernel resolve it (one openat2) and ask /proc where it landed.
  if (!g_force_walk && !g_openat2_missing) {
    const int fd = open_in_tree(path, O_PATH);
    if (fd >= 0) {
      char buf[4096];
      const ssize_t n = readlink(("/proc/self/fd/" + std::to_string(fd)).c_str(), buf, sizeof buf);
      ::close(fd);
      const std::string host(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
      if (root_ == "/" && !host.empty() && host[0] == '/') return host;
      if (host.size() > root_.size() && host.compare(0, root_.size(), root_) == 0 &&
          host[root_.size()] == '/') {
        return host.substr(root_.size());
      }
      if (host == root_) return "/";
      // A root given through a symlink or relative path: fall back to the walk.
    }
  }
  std::vector<std::string> parts;
  if (const int rc = walk(fd_, path, parts); rc < 0)
    throw FileError(display(path), errno_text(-rc));
  std::string out;
  for (const auto& p : parts)
    out += "/" + p;
  return out.empty() ? "/" : out;
}

FileText Tree::read(const std::string& path, std::size_t max_size) const {
  return *read_file(path, max_size, false);
}

std::optional<FileText> Tree::read_if_exists(const std::string& path, std::size_t max_size) const {
  return read_file(path, max_size, true);
}

std::optional<FileText> Tree::read_file(const std::string& path, std::size_t max_size,
                                        bool missing_ok) const {
  const std::string shown = display(path);
  const int fd = open_in_tree(path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) {
    if (fd == -ENOENT && missing_ok) return std::nullopt;
    if (fd == -ENOENT) throw FileMissing(shown, "no such file");
    if (fd == -ELOOP) throw FileError(shown, "too many levels of symbolic links");
    throw FileError(shown, errno_text(-fd));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (fstat(fd, &st) != 0) throw FileError(shown, errno_text(errno));
  if (!S_ISREG(st.st_mode))
    throw FileError(shown, std::string(type_name(st.st_mode)) + ", not a regular file");
  if (static_cast<std::uint64_t>(st.st_size) > max_size) {
    throw FileError(shown, "file is " + std::to_string(st.st_size) + " bytes, over the " +
                               std::to_string(max_size) + "-byte limit");
  }
  FileText text{shown, {}, to_time_point(st.st_mtim)};
  // One byte more than the size: a regular file that did not grow is read in one call.
  const bool sized = st.st_size > 0;
  text.content.resize(static_cast<std::size_t>(st.st_size) + 1);
  std::size_t used = 0;
  for (;;) {
    if (used == text.content.size()) {
      // procfs and growing files report a size that is not the truth: read on, bounded.
      if (text.content.size() > max_size) {
        throw FileError(shown, "file is over the " + std::to_string(max_size) + "-byte limit");
      }
      text.content.resize(std::min(max_size + 1, std::max<std::size_t>(4096, used * 2)));
    }
    const ssize_t n = ::read(fd, text.content.data() + used, text.content.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw FileError(shown, errno_text(errno));
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
    if (sized && used < text.content.size()) break;  // short read of a regular file: its end
  }
  text.content.resize(used);
  if (used > max_size)
    throw FileError(shown, "file is over the " + std::to_string(max_size) + "-byte limit");
  if (const auto nul = text.content.find('\0'); nul != std::string::npos) {
    const auto line =
        1 + std::count(text.content.begin(), text.content.begin() + static_cast<long>(nul), '\n');
    throw FileError(shown + ":" + std::to_string(line), "binary data (NUL byte), not a text file");
  }
  return text;
}

std::vector<Entry> Tree::list(const std::string& dir) const {
  return *list_dir(dir, false);
}

std::optional<std::vector<Entry>> Tree::list_if_exists(const std::string& dir) const {
  return list_dir(dir, true);
}

std::optional<std::vector<Entry>> Tree::list_dir(const std::string& dir, bool missing_ok) const {
  const std::string shown = display(dir);
  const int fd = open_in_tree(dir, O_RDONLY | O_DIRECTORY);
  if (fd < 0) {
    if (fd == -ENOENT && missing_ok) return std::nullopt;
    if (fd == -ENOENT) throw FileMissing(shown, "no such directory");
    throw FileError(shown, errno_text(-fd));
  }
  DIR* d = fdopendir(fd);
  if (d == nullptr) {
    const int err = errno;
    ::close(fd);
    throw FileError(shown, errno_text(err));
  }
  std::vector<Entry> entries;
  while (const dirent* de = readdir(d)) {
    const std::string name = de->d_name;
    if (name == "." || name == "..") continue;
    Entry::Type type = Entry::Type::other;
    unsigned char dt = de->d_type;
    if (dt == DT_UNKNOWN) {
      struct stat st {};
      if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        dt = S_ISDIR(st.st_mode)   ? DT_DIR
             : S_ISREG(st.st_mode) ? DT_REG
             : S_ISLNK(st.st_mode) ? DT_LNK
                                   : DT_UNKNOWN;
      }
    }
    if (dt == DT_DIR) type = Entry::Type::directory;
    if (dt == DT_REG) type = Entry::Type::file;
    if (dt == DT_LNK) type = Entry::Type::symlink;
    entries.push_back({name, type});
  }
  closedir(d);
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });
  return entries;
}

Stat Tree::stat(const std::string& path) const {
  Stat result;
  const int fd = open_in_tree(path, O_PATH);
  if (fd < 0) return result;
  struct stat st {};
  if (fstat(fd, &st) == 0) {
    result.exists = true;
    result.is_directory = S_ISDIR(st.st_mode);
    result.is_regular = S_ISREG(st.st_mode);
    result.mtime = to_time_point(st.st_mtim);
  }
  ::close(fd);
  return result;
}

std::string join(const std::string& base, const std::string& rel) {
  if (!rel.empty() && rel[0] == '/') return rel;
  if (base.empty()) return "/" + rel;
  return base.back() == '/' ? base + rel : base + "/" + rel;
}

std::string dirname(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

bool match_component(const std::string& pattern, const std::string& name) {
  return fnmatch(pattern.c_str(), name.c_str(), FNM_PERIOD) == 0;
}

std::vector<std::string> glob(const Tree& tree, const std::string& pattern) {
  const auto is_wild = [](const std::string& s) {
    return s.find_first_of("*?[") != std::string::npos;
  };
  std::vector<std::string> current{""};
  for (const auto& comp : split_components(pattern)) {
    std::vector<std::string> next;
    for (const auto& prefix : current) {
      if (!is_wild(comp)) {
        next.push_back(prefix + "/" + comp);
        continue;
      }
      std::vector<Entry> entries;
      try {
        entries = tree.list(prefix.empty() ? "/" : prefix);
      } catch (const FileError&) {
        continue;  // an unreadable or missing directory matches nothing, as in sh
      }
      for (const auto& e : entries) {
        if (match_component(comp, e.name)) next.push_back(prefix + "/" + e.name);
        if (next.size() >= kMaxGlobMatches) break;
      }
    }
    current = std::move(next);
  }
  std::vector<std::string> out;
  for (auto& p : current) {
    if (tree.stat(p).exists) out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace vs::fs
