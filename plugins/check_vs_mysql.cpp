// check_vs_mysql: where MariaDB or MySQL listens, from my.cnf and the files it
// includes, judged for the host or the guest it runs in.
#include "config/mysql.hpp"
#include "plugin/plugin.hpp"
#include "policy/service_check.hpp"
#include "registry.hpp"

namespace {

const vs::plugin::Spec kSpec{
    .name = "check_vs_mysql",
    .label = "VS_MYSQL",
    .synopsis = vs::policy::service_synopsis(),
    .purpose =
        "Checks where MySQL/MariaDB listens on a VServer host or guest. It reads the\n"
        "option files the way the server does ([group] sections,\n"
        "!include FILE, !includedir DIR with its *.cnf files in name order, later values win,\n"
        "'-' and '_' alike in names) and judges the addresses in bind-address (a comma list\n"
        "since MariaDB 10.11 and MySQL 8.0.13) on port (3306), and MariaDB's extra-port.\n"
        "Without bind-address the server listens on every address. Debian's stock\n"
        "50-server.cnf binds 127.0.0.1: fine on the host, but a guest has no loopback unless\n"
        "its nflags say lback_remap or lback_allow, so there the server cannot bind at all.",
    .details =
        "Groups read: mysqld, server, mariadb, mariadbd, client-server, galera and the\n"
        "versioned mysqld-V, mariadb-V, mariadbd-V (any version). skip-networking means no\n"
        "TCP listener: OK, nothing to judge. No bind-address (or *, ::) is one dual-stack\n"
        "wildcard. What stops the server (an option before any [group], a missing\n"
        "!includedir directory, a bad port) is a refusal in the first file, and WARNING in an\n"
        "included one (the server then skips the rest of that file); an include loop is\n"
        "WARNING.\n" +
        std::string(vs::policy::kServicePolicyHelp),
    .examples =
        "  check_vs_mysql\n"
        "      the host's /etc/mysql/my.cnf (else /etc/my.cnf), as the host\n"
        "  check_vs_mysql --guest db1\n"
        "      guest db1's my.cnf (inside its root): 127.0.0.1 is CRITICAL without loopback\n"
        "  check_vs_mysql --guest db1 --loopback yes\n"
        "      the same for a guest known to have a (remapped) loopback\n",
    .metric = "violations (endpoints the policy does not accept)",
};

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  vs::policy::ServiceOptions service;
  vs::policy::add_service_options(plugin, service, vs::registry::check_vs_mysql.default_config());
  const vs::policy::ServiceSpec spec{
      .noun = "MySQL",
      .process_names = vs::registry::check_vs_mysql.process_names(),
      .alternatives = vs::registry::check_vs_mysql.fallback_configs()};
  return plugin.run(argc, argv, [&](const vs::plugin::StandardOptions& o) {
    return vs::policy::check_service(o, service, spec, vs::config::read_mysql);
  });
}
