// SPDX-License-Identifier: GPL-3.0-or-later
// Bounded, safe reading of files inside a root directory.
//
// A plugin runs as root and reads files that guests control. A `Tree` is a
// directory that every path is resolved inside: absolute symlinks and ".." never
// leave it (openat2 RESOLVE_IN_ROOT where the kernel has it, an equivalent walk by
// file descriptors otherwise, one component at a time, so a guest renaming
// directories under our feet cannot redirect it). Every file is first opened
// O_PATH and fstat'ed: only a regular file is reopened for reading, so a FIFO or a
// device node is an error and never opened (a host driver's open() has side
// effects). A link into /proc (`/dev/stdin` -> /proc/self/fd/0) is refused.
// Reads stop at a size cap per file, and all reads of the process share one
// budget, so no include bomb holds more than that in memory.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vs::fs {

// Every failure: the message names the path (as shown to the user) and the reason.
class FileError : public std::runtime_error {
 public:
  FileError(const std::string& path, const std::string& reason)
      : FileError(path, reason, path + ": " + reason) {}
  const std::string& path() const { return path_; }
  const std::string& reason() const { return reason_; }

 protected:
  FileError(const std::string& path, const std::string& reason, const std::string& what)
      : std::runtime_error(what), path_(path), reason_(reason) {}

 private:
  std::string path_;
  std::string reason_;
};

// Raised for files that do not exist, so callers can treat "absent" as a fact.
class FileMissing : public FileError {
 public:
  using FileError::FileError;
};

// The run's read budget is spent. Every later read fails the same way, so a
// reader that reports it and carries on ends quickly. what():
// "read budget of 16 MiB exhausted at /etc/ssh/big.conf".
class ReadBudgetExhausted : public FileError {
 public:
  ReadBudgetExhausted(const std::string& path, const std::string& budget)
      : FileError(path, "read budget of " + budget + " exhausted",
                  "read budget of " + budget + " exhausted at " + path) {}
};

inline constexpr std::size_t kDefaultMaxFileSize = 4u << 20;  // 4 MiB a file
inline constexpr std::size_t kDefaultReadBudget = 16u << 20;  // 16 MiB a run

// The total number of bytes the Trees of this process may still read: a run sets
// it once (plugin::Plugin::run does, to kDefaultReadBudget); unlimited until then.
// Setting it starts the count afresh.
void set_read_budget(std::size_t bytes);
std::size_t read_budget_left();

struct FileText {
  std::string path;     // display path (inside the tree, e.g. "/etc/ssh/sshd_config")
  std::string content;  // the bytes, checked to contain no NUL
  std::chrono::system_clock::time_point mtime{};  // from the same open: no second stat
};

struct Entry {
  std::string name;
  enum class Type { file, directory, symlink, other } type;
};

// A symbolic link of a directory and the text it holds ("socket:[12345]").
struct Link {
  std::string name;
  std::string target;
};

struct Stat {
  bool exists = false;
  bool is_directory = false;
  bool is_regular = false;
  bool is_symlink = false;  // only from lstat(): stat() follows links
  std::chrono::system_clock::time_point mtime{};
};

class Tree {
 public:
  // Opens `dir` (a host path) as a tree root. Throws FileError.
  explicit Tree(const std::string& dir);
  // A directory inside `parent` as a tree of its own (a guest's root directory).
  Tree(const Tree& parent, const std::string& path_in_parent);
  ~Tree();
  Tree(Tree&&) noexcept;
  Tree& operator=(Tree&&) noexcept;
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;

  // The host path of this tree's root ("/" or "/var/lib/vservers/web1").
  const std::string& root() const { return root_; }
  // How a path inside the tree is shown: the host path for a sub-tree, the path
  // itself for "/".
  std::string display(const std::string& path) const;

  // Reads a regular file; `path` is absolute inside the tree (relative is taken
  // from the tree's root). Throws FileMissing / FileError / ReadBudgetExhausted.
  FileText read(const std::string& path, std::size_t max_size = kDefaultMaxFileSize) const;
  // Same, but nullopt when the file does not exist. Absence is a normal fact here,
  // so nothing is thrown for it: a first exception costs a static binary a
  // millisecond of unwinder set-up, more than a plugin's whole run.
  std::optional<FileText> read_if_exists(const std::string& path,
                                         std::size_t max_size = kDefaultMaxFileSize) const;
  // Directory entries sorted by name (without "." and ".."). Throws FileError.
  std::vector<Entry> list(const std::string& dir) const;
  // Same, but nullopt when the directory does not exist (nothing thrown).
  std::optional<std::vector<Entry>> list_if_exists(const std::string& dir) const;
  // stat following symlinks inside the tree; never throws (exists is false).
  Stat stat(const std::string& path) const;
  // Same without following a final symlink (is_symlink tells); never throws.
  Stat lstat(const std::string& path) const;
  // The text of the symlink `path` (its last component is not followed; /proc's magic
  // links such as PID/fd/N and PID/ns/net are read, never entered); nullopt when
  // `path` does not exist or is not a symlink. Never throws.
  std::optional<std::string> read_link(const std::string& path) const;
  // The symlinks of directory `dir` with their text, sorted by name (other entries are
  // skipped): one directory read for all of /proc/PID/fd. nullopt when `dir` does not
  // exist; throws FileError when it cannot be read (another user's /proc/PID/fd).
  std::optional<std::vector<Link>> links_if_exists(const std::string& dir) const;
  // The fully resolved path of `path` inside the tree (symlinks followed, clamped);
  // the last component may be absent. Throws FileError.
  std::string resolve(const std::string& path) const;

  // "openat2" or "component walk": which resolver this process uses (the walk
  // when the kernel or a seccomp filter refuses openat2). For -vv and the tests.
  static const char* resolver();

 private:
  // An O_PATH descriptor of `path` resolved in the tree, or -errno.
  int open_path(const std::string& path, bool follow_last) const;
  Stat stat_path(const std::string& path, bool follow_last) const;
  std::optional<FileText> read_file(const std::string& path, std::size_t max_size,
                                    bool missing_ok) const;
  std::optional<std::vector<Entry>> list_dir(const std::string& dir, bool missing_ok) const;
  int fd_ = -1;
  std::string root_;
};

// Whether the host path `path` is on a procfs (a live /proc, or a PID directory of it
// bind-mounted elsewhere), not a recording of one. False when it cannot be stat'ed.
bool on_procfs(const std::string& path);

// Joins an absolute in-tree path with a relative one ("a/b" + "../c").
std::string join(const std::string& base, const std::string& rel);
// Directory part of a path ("/etc/ssh/sshd_config" -> "/etc/ssh").
std::string dirname(const std::string& path);

struct GlobMatch {
  std::string path;  // in-tree path as matched, e.g. "/etc/ssh/sshd_config.d/a.conf"
  // A symlink whose target does not exist (or loops). sshd -T and apache2 -t
  // refuse a whole configuration whose Include glob matches one; sh-style globs
  // list it like any name.
  bool dangling = false;
};

// Shell-style glob on path components ("*.conf", "sshd_config.d/*"): expands
// `pattern` (absolute in the tree) against directory listings, sorted by path.
// Every match that exists, and dangling symlinks flagged as such.
std::vector<GlobMatch> glob_matches(const Tree& tree, const std::string& pattern);
// The same without the dangling symlinks: paths that exist.
std::vector<std::string> glob(const Tree& tree, const std::string& pattern);
// fnmatch(3) with FNM_PERIOD, on one component.
bool match_component(const std::string& pattern, const std::string& name);

}  // namespace vs::fs
