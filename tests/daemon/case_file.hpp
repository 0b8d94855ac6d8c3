// SPDX-License-Identifier: GPL-3.0-or-later
// One differential case: the files a daemon reads and the addresses of its machine.
//
// A case is a text file, tests/daemon/cases/<daemon>/<name>.case:
//
//   sshd listens on the Port that follows `Match all` (sshd 9.2).   <- what it shows
//   addresses: 192.0.2.1/32 2001:db8::1/128    <- on the namespace's lo (default below)
//   base: sshd/debian12          <- optional: a tree under tests/fixtures, copied first
//   base: postfix/debian12 in etc/postfix   <- ... into that directory of the tree
//   config: /etc/my.cnf          <- optional: the plugin's --config
//   -- etc/ssh/sshd_config --    <- a file of the case's tree, replacing the base's
//   Port 2222
//   -- etc/mysql/my.cnf -> /etc/alternatives/my.cnf --    <- a symbolic link
//
// Header lines other than "key: value" are the description. A file's text is every
// line up to the next "-- ... --" line, each with its newline.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace vs::daemon_test {

struct CaseFile {
  std::string path;     // relative to the tree: "etc/ssh/sshd_config"
  std::string content;  // the file's bytes (a regular file)
  std::string target;   // a symbolic link's target, when not empty
};

struct Case {
  std::string daemon;  // sshd, postfix, apache2, slapd, nrpe, mariadb
  std::string name;    // the file's name without .case: "match-all"
  std::string description;
  std::vector<std::string> addresses;  // "192.0.2.1/32", "2001:db8::1/128"
  std::string base;                    // "apache2/debian12", or empty
  std::string base_into;               // where in the tree the base goes: "etc/postfix"
  std::string config;                  // the plugin's --config, or empty
  std::vector<CaseFile> files;

  // "sshd/match-all": how the case is named in reports and in known-disagreements.txt.
  std::string id() const { return daemon + "/" + name; }
};

// GoogleTest prints a case by its id.
inline void PrintTo(const Case& c, std::ostream* out) {
  *out << c.id();
}

// The addresses a case has when it names none: one of each family besides loopback.
const std::vector<std::string>& default_addresses();

// Parses a case file's text; throws std::runtime_error naming origin:line.
Case parse_case(const std::string& text, const std::string& daemon, const std::string& name,
                const std::string& origin);

// Every cases/<daemon>/<name>.case under `dir`, sorted by id.
std::vector<Case> load_cases(const std::string& dir);

// Writes the case's tree into `root`: its base, then its files, then what every
// machine has and the case did not give (etc/hostname, hosts, resolv.conf from
// `defaults`, and etc/services, host.conf and gai.conf copied from this machine's
// /etc, which the daemon sees under the case's files).
void materialise(const Case& c, const std::string& root, const std::string& fixtures,
                 const std::string& defaults);

}  // namespace vs::daemon_test
