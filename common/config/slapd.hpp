// SPDX-License-Identifier: GPL-3.0-or-later
// slapd's listeners as Debian's init script (/etc/init.d/slapd, which systemd runs
// too) starts slapd 2.5, from the shell fragment it sources, /etc/default/slapd:
//
//  - the fragment is sourced by sh under `set -e` (shell_vars.hpp): quotes, $VAR and
//    ${VAR:-x} from the assignments before; a syntax error, or a command that is not
//    found (SLAPD_SERVICES=ldap:/// ldapi:/// runs "ldapi:///"), stops the script;
//  - SLAPD_NO_START set, or SLAPD_SENTINEL_FILE naming a file that exists: the script
//    starts nothing ("Not starting slapd");
//  - slapd gets `-h "$SLAPD_SERVICES"` when that is not empty, then $SLAPD_OPTIONS
//    split on blanks; SLAPD_URLS is not read. A -h in SLAPD_OPTIONS decides when
//    SLAPD_SERVICES is empty; -h given twice crashes slapd 2.5 (segmentation fault,
//    seen with Debian 12's). -4 or -6 keep one family. No -h at all: ldap:///.
//  - slapd splits the URLs on spaces only (a tab, a newline or a comma is part of a
//    URL) and reads each with ldap_url_parse(): ldap://, ldaps://, pldap://, pldaps://
//    (the PROXY protocol), ldapi:// (a Unix socket); cldap:// is a parse error in
//    Debian's build. No port: 389, 636 for ldaps only. A DN after the host
//    ("ldap://h/<junk>") is refused. An empty host or "*" is every address; a host is
//    resolved with getaddrinfo() and slapd binds every address it returns (IPv6 ones
//    IPV6_V6ONLY, so "::ffff:a.b.c.d" cannot bind).
//  - every socket is bound before any listens: a URL whose addresses all fail to bind
//    stops slapd, and so does a socket that overlaps an earlier one on its port (the
//    same address twice, or an address beside its family's wildcard) when it listens.
//
// RHEL's /etc/sysconfig/slapd (SLAPD_URLS, passed by the unit as one -h) is read the
// same way, without the Debian script's rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/service_config.hpp"
#include "config/shell_vars.hpp"
#include "fs/location.hpp"
#include "fs/tree.hpp"
#include "net/address.hpp"

namespace vs::config {

// One listen URL as slapd reads it.
struct SlapdUrl {
  enum class Kind { network, local_socket, invalid };
  std::string text;  // as written
  Kind kind = Kind::invalid;
  std::string scheme;      // "ldap", "ldaps", "pldap", "pldaps", "ldapi"
  std::string host;        // percent-decoded; "" for every address ("*" too)
  std::uint16_t port = 0;  // network
  std::string problem;     // invalid: slapd's own message
};

SlapdUrl parse_slapd_url(std::string_view url);

// slapd's split of -h: on spaces only, empty pieces dropped.
std::vector<std::string> split_slapd_urls(std::string_view urls);

// What SLAPD_OPTIONS, split on blanks, tells slapd's getopt().
struct SlapdOptions {
  std::vector<std::string> urls;  // each -h's argument, in order
  int family = 0;                 // AF_UNSPEC; AF_INET with -4, AF_INET6 with -6 (the last)
  std::string problem;            // slapd's complaint about its command line, if any
};

SlapdOptions parse_slapd_options(std::string_view options);

// How the init script (or RHEL's unit) would start slapd, from the variables the
// fragment leaves: pure, for the tests and the fuzzer.
struct SlapdStart {
  // Set: the script starts nothing; says why ("SLAPD_NO_START is set"), at `where`.
  std::string disabled;
  // A file whose existence also means "not starting" (SLAPD_SENTINEL_FILE): the caller
  // checks it in the tree.
  std::string sentinel;
  Location sentinel_where;
  std::string urls;     // slapd's -h, or "" for none (ldap:///)
  Location where;       // where the URLs come from ({file, 0}: slapd's default)
  std::string source;   // "SLAPD_SERVICES", "-h in SLAPD_OPTIONS", ...
  int family = 0;       // -4 / -6
  std::string refusal;  // the script or slapd stops on this
  Location refusal_where;
  std::string unknown;      // the URLs depend on what this reader cannot know
  std::vector<Note> notes;  // ignored variables, expansions of unset ones
};

SlapdStart slapd_start(const ShellRun& run, const std::string& file, bool debian);

// Reads `path` in `tree` (throws fs::FileError) and lists slapd's endpoints and notes;
// host names resolve through the tree's /etc/hosts. Given the machine's addresses
// (`local`), an address it lacks fails to bind (errno 99): slapd goes on with the
// URL's other addresses, and exits when a URL is left with none.
ServiceConfig read_slapd(const fs::Tree& tree, const std::string& path,
                         const std::optional<std::vector<net::Address>>& local = std::nullopt);

}  // namespace vs::config
