// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_mysql: where MariaDB or MySQL listens, from its option files, judged for
// the host or the guest it runs in.
#include <vector>

#include "config/dpkg_status.hpp"
#include "config/mysql.hpp"
#include "plugin/plugin.hpp"
#include "policy/service_check.hpp"
#include "registry.hpp"

namespace {

const vs::plugin::Spec kSpec{
    .name = "check_vs_mysql",
    .label = "VS_MYSQL",
    .synopsis = vs::policy::service_synopsis({}, "[--server-version X.Y]"),
    .purpose =
        "Checks where MySQL/MariaDB listens on a VServer host or guest. It reads the option\n"
        "files the way mariadbd does: every default file that exists, /etc/my.cnf then\n"
        "/etc/mysql/my.cnf, later values winning (--config PATH reads that one file only, as\n"
        "--defaults-file), with [group] sections, !include FILE and !includedir DIR (its *.cnf\n"
        "files in name order). It judges the addresses in bind-address (a comma list) on port\n"
        "and MariaDB's extra-port. Without bind-address the server listens on 0.0.0.0 and on an\n"
        "IPv6-only [::]. Debian's stock 50-server.cnf binds 127.0.0.1: fine on the host, but in\n"
        "a guest without loopback the server cannot bind at all.",
    .details =
        "Groups read: mysqld, server, mariadb, mariadbd, client-server, galera, and\n"
        "mysqld-X.Y, mariadb-X.Y, mariadbd-X.Y for the server's own X.Y only: from\n"
        "--server-version, else from the tree's /var/lib/dpkg/status (mariadb-server-core);\n"
        "unknown, such a group is WARNING. Option names as mariadbd takes them: any case, '-'\n"
        "and '_' alike, an unambiguous prefix (bind = bind-address), loose-, skip-, enable-.\n"
        "Names in bind-address resolve through the tree's /etc/hosts (every address: the\n"
        "server binds them all); a name not there is WARNING (DNS is not asked). port not set\n"
        "or 0 is mysql's port in the tree's /etc/services, else 3306. skip-networking means\n"
        "no TCP listener: OK, nothing to judge. What stops the server is CRITICAL, in its own\n"
        "words: an option before any [group] of a file it reads first-hand, an ambiguous\n"
        "option name, a bad port, an empty entry of bind-address, an address bound twice or\n"
        "overlapping a wildcard bound before, a v4-mapped address. What it skips (the rest of\n"
        "an included file after such a line, an include loop) is WARNING.\n" +
        std::string(vs::policy::kServicePolicyHelp),
    .examples =
        "  check_vs_mysql\n"
        "      the host's /etc/my.cnf and /etc/mysql/my.cnf, as the host\n"
        "  check_vs_mysql --guest db1\n"
        "      guest db1's files (inside its root): 127.0.0.1 is CRITICAL without loopback\n"
        "  check_vs_mysql --guest db1 --loopback yes\n"
        "      the same for a guest known to have a (remapped) loopback\n"
        "  check_vs_mysql --config /etc/mysql/other.cnf --server-version 10.11\n"
        "      a server started with --defaults-file, whose package is not in dpkg's status\n",
    .metric = "violations (endpoints the policy does not accept)",
};

// "10.11", or "10.11.19": the first two numbers are what the option groups name.
std::optional<std::string> parse_server_version(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const bool numbers_and_dots = text.find_first_not_of("0123456789.") == std::string::npos;
  if (!numbers_and_dots || !vs::config::major_minor(text) || text.back() == '.') {
    throw vs::plugin::UsageError(
        "--server-version must be the server's version, such as 10.11, "
        "not '" +
        text + "'");
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  vs::policy::ServiceOptions service;
  const auto& info = vs::registry::check_vs_mysql;
  vs::policy::add_service_options(plugin, service, info.default_config());
  std::string version_text;
  plugin.add_options()(
      "server-version", vs::plugin::po::value(&version_text)->value_name("X.Y"),
      "the server's version (10.11): which [mysqld-X.Y] groups it reads; default: from the "
      "tree's dpkg status");
  const vs::policy::ServiceSpec spec{
      .noun = "MySQL", .process_names = info.process_names(), .alternatives = {}};
  // The server's own search order, every file read.
  const std::vector<std::string> defaults(info.configs.begin(), info.configs.end());
  return plugin.run(argc, argv, [&](const vs::plugin::StandardOptions& o) {
    vs::config::MysqlOptions options;
    options.server_version = parse_server_version(version_text);
    const bool one_file = service.config != service.config_default;
    return vs::policy::check_service(
        o, service, spec, [&](const vs::fs::Tree& tree, const std::string& path) {
          return one_file ? vs::config::read_mysql(tree, path, options)
                          : vs::config::read_mysql_defaults(tree, defaults, options);
        });
  });
}
