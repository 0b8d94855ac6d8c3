// SPDX-License-Identifier: GPL-3.0-or-later
#include "fs/tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <deque>
#include <limits>
#include <system_error>

namespace vs::fs {
namespace {

std::atomic<bool> g_openat2_missing{false};

constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();
std::atomic<std::size_t> g_budget{kUnlimited};  // as set
std::atomic<std::size_t> g_budget_left{kUnlimited};

constexpr int kMaxSymlinks = 40;  // the kernel's own limit (MAXSYMLINKS)
constexpr std::size_t kMaxGlobMatches = 10000;
// openat2 RESOLVE_IN_ROOT answers EAGAIN when a rename or a mount raced with the
// lookup; after these retries the descriptor walk takes over for that one path.
constexpr int kOpenat2Retries = 16;
// Not an errno (those stay below 4096): resolution met a magic link of /proc.
constexpr int kMagicLink = 4096;

std::string reason_of(int err) {
  if (err == ENOENT) return "no such file";
  if (err == ELOOP) return "too many levels of symbolic links";
  if (err == kMagicLink) return "a link into /proc, not a configuration file";
  return std::system_category().message(err);
}

std::string budget_text(std::size_t bytes) {
  constexpr std::size_t mib = 1u << 20;
  if (bytes % mib == 0) return std::to_string(bytes / mib) + " MiB";
  return std::to_string(bytes) + " bytes";
}

struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

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

std::chrono::system_clock::time_point to_time_point(const timespec& ts) {
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)));
}

const char* type_name(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

// procfs's own symlinks (/proc/self, /proc/mounts -> self/mounts) hold relative
// paths inside /proc; its magic links (fd/N, exe, cwd, root, ns/*) read as an
// absolute host path or as "pipe:[123]", "anon_inode:inotify", and would jump
// anywhere, whatever the root.
bool is_magic_link(int dirfd, const std::string& target) {
  if (!target.empty() && target.front() != '/' && target.find(':') == std::string::npos) {
    return false;
  }
  struct statfs fs {};
  return fstatfs(dirfd, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC;
}

struct Walk {
  int fd = -1;                     // O_PATH descriptor of the result, owned; -1 if none
  int error = 0;                   // errno or kMagicLink; 0 on success
  std::vector<std::string> names;  // the result's in-tree path, one component each
};

// Resolves `path` inside the directory `rootfd` by descriptors, one component at a
// time: each name is opened O_PATH|O_NOFOLLOW relative to the directory descriptor
// reached so far, and a symlink is read from the descriptor just opened and
// resolved here, so a component swapped for a symlink between two steps can never
// take the walk out of the root. An absolute target restarts at the root, ".."
// pops the stack of directories and never goes above the root: the answers of
// openat2 RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS. With `missing_ok`, an absent last
// component is a success without descriptor (its name is in `names`).
Walk walk(int rootfd, const std::string& path, bool follow_last, bool missing_ok) {
  Walk w;
  std::vector<int> dirs;  // dirs[i] is the directory named names[i], below the root
  const auto current = [&] { return dirs.empty() ? rootfd : dirs.back(); };
  const auto back_to_root = [&] {
    for (const int fd : dirs)
      ::close(fd);
    dirs.clear();
    w.names.clear();
  };
  std::deque<std::string> pending;
  for (auto& c : split_components(path))
    pending.push_back(std::move(c));
  int links = 0;
  while (!pending.empty() && w.error == 0) {
    const std::string comp = std::move(pending.front());
    pending.pop_front();
    if (comp == ".") continue;
    if (comp == "..") {
      if (!dirs.empty()) {
        ::close(dirs.back());
        dirs.pop_back();
        w.names.pop_back();
      }
      continue;
    }
    const bool last = pending.empty();
    const int fd = ::openat(current(), comp.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT && last && missing_ok) {
        w.names.push_back(comp);
        break;
      }
      w.error = errno;
      break;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0) {
      w.error = errno;
      ::close(fd);
      break;
    }
    if (S_ISLNK(st.st_mode) && (!last || follow_last)) {
      char buf[PATH_MAX];
      const ssize_t n = readlinkat(fd, "", buf, sizeof buf);
      ::close(fd);
      if (n < 0) {
        w.error = errno;
        break;
      }
      const std::string target(buf, static_cast<std::size_t>(n));
      if (is_magic_link(current(), target)) {
        w.error = kMagicLink;
        break;
      }
      if (++links > kMaxSymlinks) {
        w.error = ELOOP;
        break;
      }
      if (!target.empty() && target.front() == '/') back_to_root();
      const auto parts = split_components(target);
      pending.insert(pending.begin(), parts.begin(), parts.end());
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      dirs.push_back(fd);
      w.names.push_back(comp);
      continue;
    }
    if (!last) {
      ::close(fd);
      w.error = ENOTDIR;
      break;
    }
    w.fd = fd;
    w.names.push_back(comp);
  }
  if (w.error == 0 && w.fd < 0 && pending.empty() &&
      (w.names.size() == dirs.size())) {  // ended on a directory (or the root)
    if (!dirs.empty()) {
      w.fd = dirs.back();
      dirs.pop_back();
    } else {
      w.fd = fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
      if (w.fd < 0) w.error = errno;
    }
  }
  for (const int fd : dirs)
    ::close(fd);
  return w;
}

// Takes `bytes` from the run's budget, or throws naming `shown`.
void spend(std::size_t bytes, const std::string& shown) {
  std::size_t left = g_budget_left.load();
  do {
    if (bytes > left) throw ReadBudgetExhausted(shown, budget_text(g_budget.load()));
  } while (!g_budget_left.compare_exchange_weak(left, left - bytes));
}

}  // namespace

void set_read_budget(std::size_t bytes) {
  g_budget = bytes;
  g_budget_left = bytes;
}

std::size_t read_budget_left() {
  return g_budget_left.load();
}

const char* Tree::resolver() {
  return g_openat2_missing ? "component walk" : "openat2";
}

Tree::Tree(const std::string& dir) : root_(dir.empty() ? "/" : dir) {
  fd_ = ::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0) throw FileError(root_, reason_of(errno));
  while (root_.size() > 1 && root_.back() == '/')
    root_.pop_back();
}

Tree::Tree(const Tree& parent, const std::string& path_in_parent) {
  const std::string resolved = parent.resolve(path_in_parent);
  const int fd = parent.open_path(resolved, true);
  if (fd < 0) throw FileError(parent.display(path_in_parent), reason_of(-fd));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw FileError(parent.display(path_in_parent), "not a directory");
  }
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

int Tree::open_path(const std::string& path, bool follow_last) const {
  const std::string rel = path.empty() ? "." : path;
  if (!g_openat2_missing) {
    open_how how{};
    how.flags = O_PATH | O_CLOEXEC | (follow_last ? 0 : O_NOFOLLOW);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    long fd = -1;
    for (int i = 0; i < kOpenat2Retries; ++i) {
      fd = syscall(SYS_openat2, fd_, rel.c_str(), &how, sizeof how);
      if (fd >= 0) return static_cast<int>(fd);
      if (errno != EAGAIN) break;
    }
    const int err = errno;
    if (err == ELOOP) {
      // A symlink loop or a magic link: the walk tells which, for the message.
      const Walk w = walk(fd_, rel, follow_last, false);
      if (w.fd >= 0) ::close(w.fd);
      return w.error == kMagicLink ? -kMagicLink : -ELOOP;
    }
    // EAGAIN after the retries: renames or mounts elsewhere keep invalidating the
    // kernel's lookup (a busy machine, a sandbox); the walk below resolves the same
    // way without that retry condition. ENOSYS: a kernel older than 5.6; EPERM: a
    // seccomp filter refusing it.
    if (err != ENOSYS && err != EPERM && err != EAGAIN) return -err;
    if (err != EAGAIN) g_openat2_missing = true;
  }
  const Walk w = walk(fd_, rel, follow_last, false);
  return w.fd >= 0 ? w.fd : -w.error;
}

std::string Tree::resolve(const std::string& path) const {
  // Fast path: let the kernel resolve it (one openat2) and ask /proc where it landed.
  if (!g_openat2_missing) {
    const int fd = open_path(path, true);
    if (fd >= 0) {
      char buf[PATH_MAX];
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
  const Walk w = walk(fd_, path, true, true);
  if (w.fd >= 0) ::close(w.fd);
  if (w.error != 0) throw FileError(display(path), reason_of(w.error));
  std::string out;
  for (const auto& p : w.names)
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
  const Fd opened(open_path(path, true));
  if (opened.fd < 0) {
    if (opened.fd == -ENOENT && missing_ok) return std::nullopt;
    if (opened.fd == -ENOENT) throw FileMissing(shown, "no such file");
    throw FileError(shown, reason_of(-opened.fd));
  }
  struct stat st {};
  if (fstat(opened.fd, &st) != 0) throw FileError(shown, reason_of(errno));
  // Judged before any open for reading: opening a device runs its driver's code.
  if (!S_ISREG(st.st_mode))
    throw FileError(shown, std::string(type_name(st.st_mode)) + ", not a regular file");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_size) {
    throw FileError(shown, "file is " + std::to_string(size) + " bytes, over the " +
                               std::to_string(max_size) + "-byte limit");
  }
  // The budget is checked before memory is taken for the bytes.
  if (size > read_budget_left()) throw ReadBudgetExhausted(shown, budget_text(g_budget.load()));
  char self[32];
  std::snprintf(self, sizeof self, "/proc/self/fd/%d", opened.fd);
  const Fd file(::open(self, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (file.fd < 0) {
    if (errno == ENOENT)
      throw FileError(shown, "cannot reopen it through /proc/self/fd (no /proc)");
    throw FileError(shown, reason_of(errno));
  }
  FileText text{shown, {}, to_time_point(st.st_mtim)};
  // Bytes beyond the size (procfs says 0, a file may grow) stop at the file cap or
  // at what is left of the budget, whichever comes first.
  const std::size_t limit = std::min(max_size, read_budget_left());
  // One byte more than the size: a regular file that did not grow is read in one call.
  const bool sized = size > 0;
  text.content.resize(static_cast<std::size_t>(size) + 1);
  std::size_t used = 0;
  for (;;) {
    if (used == text.content.size()) {
      if (text.content.size() > limit) break;
      text.content.resize(std::min(limit + 1, std::max<std::size_t>(4096, used * 2)));
    }
    const ssize_t n = ::read(file.fd, text.content.data() + used, text.content.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw FileError(shown, reason_of(errno));
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
    if (sized && used < text.content.size()) break;  // short read of a regular file: its end
  }
  text.content.resize(used);
  if (used > max_size)
    throw FileError(shown, "file is over the " + std::to_string(max_size) + "-byte limit");
  spend(used, shown);
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
  const Fd opened(open_path(dir, true));
  if (opened.fd < 0) {
    if (opened.fd == -ENOENT && missing_ok) return std::nullopt;
    if (opened.fd == -ENOENT) throw FileMissing(shown, "no such directory");
    throw FileError(shown, reason_of(-opened.fd));
  }
  struct stat st {};
  if (fstat(opened.fd, &st) != 0) throw FileError(shown, reason_of(errno));
  if (!S_ISDIR(st.st_mode))
    throw FileError(shown, std::string(type_name(st.st_mode)) + ", not a directory");
  // "." of the O_PATH descriptor: the very directory resolved, opened for reading.
  const int fd = ::openat(opened.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw FileError(shown, reason_of(errno));
  DIR* d = fdopendir(fd);
  if (d == nullptr) {
    const int err = errno;
    ::close(fd);
    throw FileError(shown, reason_of(err));
  }
  std::vector<Entry> entries;
  while (const dirent* de = readdir(d)) {
    const std::string name = de->d_name;
    if (name == "." || name == "..") continue;
    Entry::Type type = Entry::Type::other;
    unsigned char dt = de->d_type;
    if (dt == DT_UNKNOWN) {
      struct stat est {};
      if (fstatat(dirfd(d), de->d_name, &est, AT_SYMLINK_NOFOLLOW) == 0) {
        dt = S_ISDIR(est.st_mode)   ? DT_DIR
             : S_ISREG(est.st_mode) ? DT_REG
             : S_ISLNK(est.st_mode) ? DT_LNK
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

std::optional<std::string> Tree::read_link(const std::string& path) const {
  // O_PATH|O_NOFOLLOW on a magic link gives a descriptor of the link itself, even
  // under RESOLVE_NO_MAGICLINKS.
  const Fd fd(open_path(path, false));
  if (fd.fd < 0) return std::nullopt;
  char buf[PATH_MAX];
  const ssize_t n = readlinkat(fd.fd, "", buf, sizeof buf);
  if (n <= 0 || static_cast<std::size_t>(n) == sizeof buf) return std::nullopt;
  return std::string(buf, static_cast<std::size_t>(n));
}

std::optional<std::vector<Link>> Tree::links_if_exists(const std::string& dir) const {
  const std::string shown = display(dir);
  const Fd opened(open_path(dir, true));
  if (opened.fd == -ENOENT) return std::nullopt;
  if (opened.fd < 0) throw FileError(shown, reason_of(-opened.fd));
  struct stat st {};
  if (fstat(opened.fd, &st) != 0) throw FileError(shown, reason_of(errno));
  if (!S_ISDIR(st.st_mode))
    throw FileError(shown, std::string(type_name(st.st_mode)) + ", not a directory");
  const int fd = ::openat(opened.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    // A process that exits between the two opens takes its fd directory with it.
    if (errno == ENOENT) return std::nullopt;
    throw FileError(shown, reason_of(errno));
  }
  DIR* d = fdopendir(fd);
  if (d == nullptr) {
    const int err = errno;
    ::close(fd);
    throw FileError(shown, reason_of(err));
  }
  std::vector<Link> links;
  while (const dirent* de = readdir(d)) {
    if (de->d_type != DT_LNK && de->d_type != DT_UNKNOWN) continue;
    char buf[PATH_MAX];
    const ssize_t n = readlinkat(dirfd(d), de->d_name, buf, sizeof buf);
    if (n <= 0 || static_cast<std::size_t>(n) == sizeof buf) continue;  // not a link, or gone
    links.push_back({de->d_name, std::string(buf, static_cast<std::size_t>(n))});
  }
  closedir(d);
  std::sort(links.begin(), links.end(),
            [](const Link& a, const Link& b) { return a.name < b.name; });
  return links;
}

Stat Tree::stat_path(const std::string& path, bool follow_last) const {
  Stat result;
  const Fd fd(open_path(path, follow_last));
  if (fd.fd < 0) return result;
  struct stat st {};
  if (fstat(fd.fd, &st) == 0) {
    result.exists = true;
    result.is_directory = S_ISDIR(st.st_mode);
    result.is_regular = S_ISREG(st.st_mode);
    result.is_symlink = S_ISLNK(st.st_mode);
    result.mtime = to_time_point(st.st_mtim);
  }
  return result;
}

Stat Tree::stat(const std::string& path) const {
  return stat_path(path, true);
}

Stat Tree::lstat(const std::string& path) const {
  return stat_path(path, false);
}

bool on_procfs(const std::string& path) {
  struct statfs fs {};
  return statfs(path.c_str(), &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC;
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

std::vector<GlobMatch> glob_matches(const Tree& tree, const std::string& pattern) {
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
  std::vector<GlobMatch> out;
  for (auto& p : current) {
    if (tree.stat(p).exists) {
      out.push_back({std::move(p), false});
    } else if (tree.lstat(p).is_symlink) {
      out.push_back({std::move(p), true});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const GlobMatch& a, const GlobMatch& b) { return a.path < b.path; });
  return out;
}

std::vector<std::string> glob(const Tree& tree, const std::string& pattern) {
  std::vector<std::string> out;
  for (auto& m : glob_matches(tree, pattern)) {
    if (!m.dangling) out.push_back(std::move(m.path));
  }
  return out;
}

}  // namespace vs::fs
