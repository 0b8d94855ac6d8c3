// Bounded, safe reading of files inside a root directory.
//
// A plugin runs as root and reads files that guests control. A `Tree` is a
// directory that every path is resolved inside: absolute symlinks and ".." never
// leave it (openat2 RESOLVE_IN_ROOT where the kernel has it, an equivalent
// component walk otherwise). Reads accept regular files only (a FIFO or device is
// an error, never a hang) and stop at a size cap.
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
      : std::runtime_error(path + ": " + reason), path_(path), reason_(reason) {}
  const std::string& path() const { return path_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string path_;
  std::string reason_;
};

// Raised for files that do not exist, so callers can treat "absent" as a fact.
class FileMissing : public FileError {
 public:
  using FileError::FileError;
};

inline constexpr std::size_t kDefaultMaxFileSize = 4u << 20;  // 4 MiB

struct FileText {
  std::string path;     // display path (inside the tree, e.g. "/etc/ssh/sshd_config")
  std::string content;  // the bytes, checked to contain no NUL
  std::chrono::system_clock::time_point mtime{};  // from the same open: no second stat
};

struct Entry {
  std::string name;
  enum class Type { file, directory, symlink, other } type;
};

struct Stat {
  bool exists = false;
  bool is_directory = false;
  bool is_regular = false;
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
  // from the tree's root). Throws FileMissing / FileError.
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
  // lstat-free stat following symlinks inside the tree; never throws for ENOENT.
  Stat stat(const std::string& path) const;
  // The fully resolved path of `path` inside the tree (symlinks followed, clamped).
  std::string resolve(const std::string& path) const;

  // Testing hook: force the portable component walk instead of openat2.
  static void force_component_walk(bool on);

 private:
  int open_in_tree(const std::string& path, int flags) const;  // returns fd or -errno
  std::optional<FileText> read_file(const std::string& path, std::size_t max_size,
                                    bool missing_ok) const;
  std::optional<std::vector<Entry>> list_dir(const std::string& dir, bool missing_ok) const;
  int fd_ = -1;
  std::string root_;
};

// Joins an absolute in-tree path with a relative one ("a/b" + "../c").
std::string join(const std::string& base, const std::string& rel);
// Directory part of a path ("/etc/ssh/sshd_config" -> "/etc/ssh").
std::string dirname(const std::string& path);

// Shell-style glob on a single path component ("*.conf", "sshd_config.d/*"):
// expands `pattern` (absolute in the tree) against directory listings, sorted.
std::vector<std::string> glob(const Tree& tree, const std::string& pattern);
// fnmatch(3) without flags, on one component.
bool match_component(const std::string& pattern, const std::string& name);

}  // namespace vs::fs
