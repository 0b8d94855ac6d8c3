// SPDX-License-Identifier: GPL-3.0-or-later
// Guarding include expansion (sshd Include, Apache Include, NRPE include_dir,
// MySQL !includedir): a depth limit, cycle detection on resolved paths, and a cap
// on the number of files, so a hostile or broken tree ends with a clear message
// instead of a hang or a stack overflow.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fs/location.hpp"
#include "fs/tree.hpp"

namespace vs::config {

class IncludeGuard {
 public:
  static constexpr int kMaxDepth = 16;
  static constexpr std::size_t kMaxFiles = 512;

  explicit IncludeGuard(const fs::Tree& tree) : tree_(tree) {}

  // Call before reading `path` included from `from`. Returns "" when it may be read
  // (and records it on the stack), or why not: "include loop: a -> b -> a",
  // "includes nested deeper than 16", "more than 512 files included".
  std::string enter(const std::string& path);
  // Call when done with the file entered last.
  void leave();

  const std::vector<std::string>& files_read() const { return read_; }

 private:
  const fs::Tree& tree_;
  std::vector<std::string> stack_;  // resolved in-tree paths
  std::vector<std::string> read_;   // display paths, every file entered
};

}  // namespace vs::config
