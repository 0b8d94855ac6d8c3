// SPDX-License-Identifier: GPL-3.0-or-later
// Running programs from tests: the built plugins, ip netns, real daemons.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace vs::test {

struct Run {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  int signal = 0;
  bool timed_out = false;
  std::string out;  // stdout
  std::string err;  // stderr

  // First line of stdout, without the newline.
  std::string first_line() const;
};

// Runs argv[0] (searched in PATH) with a hard time limit; never throws for a failing
// program. `env` entries are added to (or replace) the environment.
Run run(const std::vector<std::string>& argv,
        std::chrono::milliseconds limit = std::chrono::seconds(30),
        const std::map<std::string, std::string>& env = {});

// Shell command through /bin/sh -c.
Run sh(const std::string& command, std::chrono::milliseconds limit = std::chrono::seconds(30));

// Path of a built plugin: $VS_PLUGIN_DIR/name (set by meson test).
std::string plugin(const std::string& name);
// Whether the plugin `name` is built in this configuration (an executable there).
bool plugin_built(const std::string& name);
// The built vs-nrpe-config, next to the plugins' build directory (build/tools).
std::string generator();
// Path in the source tree: $VS_SOURCE_ROOT/rel.
std::string source(const std::string& rel);
// The whole content of the file at `path` ("" when it cannot be read).
std::string read_file(const std::string& path);
// Path under tests/fixtures: $VS_FIXTURES/rel.
std::string fixture(const std::string& rel);
// Copies the fixture tree `rel` into the directory `to` (created if needed),
// symlinks kept as symlinks, over what is there.
void copy_fixture(const std::string& rel, const std::string& to);

bool is_root();
bool have_program(const std::string& name);

// Files of a tree: in-tree absolute path ("/etc/nagios/nrpe.cfg") -> content.
using FileList = std::vector<std::pair<std::string, std::string>>;

// A temporary directory removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `content` to path()/rel, creating parent directories.
  std::string write(const std::string& rel, const std::string& content) const;
  std::string mkdir(const std::string& rel) const;
  std::string symlink(const std::string& rel, const std::string& target) const;
  // Writes each file of `files` under path().
  void write_tree(const FileList& files) const;

 private:
  std::string path_;
};

}  // namespace vs::test
