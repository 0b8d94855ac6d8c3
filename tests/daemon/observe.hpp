// SPDX-License-Identifier: GPL-3.0-or-later
// Runs one case both ways in a network namespace of its own: the real daemon on the
// case's files (the truth), and the plugin on the same files (the prediction).
#pragma once

#include <memory>
#include <string>

#include "case_file.hpp"
#include "outcome.hpp"
#include "process.hpp"

namespace vs::daemon_test {

struct Observation {
  Outcome daemon;
  Outcome plugin;
  std::string daemon_log;      // everything the daemon (and its start command) said
  std::string plugin_output;   // the plugin's stdout, then its stderr
  std::string plugin_command;  // to rerun it by hand
  int plugin_reruns = 0;       // runs that ended on EAGAIN from openat2 (see observe.cpp)
  double seconds = 0;
};

// The check_vs plugin that judges `daemon`'s configuration ("sshd" -> "check_vs_sshd").
std::string plugin_for(const std::string& daemon);

// What all cases share in one run: where things are, and MariaDB's initialised data
// directory (made once, on first use, since mariadb-install-db takes seconds).
class Harness {
 public:
  // Paths from VS_SOURCE_ROOT and VS_PLUGIN_DIR (set by meson test and tools/daemon-diff).
  Harness();
  ~Harness();
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  std::string cases_dir() const { return source_ + "/tests/daemon/cases"; }
  std::string known_list() const { return source_ + "/tests/daemon/known-disagreements.txt"; }

  // Starts the daemon, reads its sockets or its refusal, stops every process it
  // started (whatever happens), and runs the plugin. Needs root and ip netns.
  Observation observe(const Case& c);

 private:
  Outcome run_daemon(const Case& c, const std::string& netns, const std::string& tree,
                     const std::string& state, std::string& log);
  std::string mariadb_datadir();

  std::string source_;
  std::unique_ptr<vs::test::TempDir> mariadb_;
  std::string mariadb_error_;
};

}  // namespace vs::daemon_test
