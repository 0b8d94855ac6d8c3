// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_nrpe: where the NRPE daemon listens, from nrpe.cfg and what it includes,
// judged for the host or the guest it runs in; and the settings that let clients
// run what they like.
#include "config/nrpe.hpp"
#include "plugin/plugin.hpp"
#include "policy/service_check.hpp"
#include "registry.hpp"

namespace {

const vs::plugin::Spec kSpec{
    .name = "check_vs_nrpe",
    .label = "VS_NRPE",
    .synopsis = vs::policy::service_synopsis(),
    .purpose =
        "Checks where the NRPE agent listens and whom it trusts. It reads\n"
        "nrpe.cfg the way nrpe 4 does (name=value lines with no blanks around '=', the\n"
        "last value wins, include=FILE and include_dir=DIR read in place, a directory's *.cfg\n"
        "files and subdirectories in name order) and judges the address and port nrpe will\n"
        "listen on. Without server_address nrpe binds 0.0.0.0 and :: on server_port (5666):\n"
        "on a VServer host it answers the monitoring server for every guest that has no NRPE\n"
        "of its own, so the guests' checks silently report the host. Set server_address to\n"
        "the host's (or the guest's) own address.",
    .details =
        "No server_address means 0.0.0.0 and an IPv6-only [::]. server_address resolves as\n"
        "getaddrinfo does, from the judged tree's /etc/hosts: nrpe binds every address (a\n"
        "name absent there stays a name: WARNING). What makes nrpe stop is CRITICAL with its\n"
        "reason: a value that is no address and no name (a comma list, quotes, a trailing\n"
        "comment: \"bad addr or host\"), an IPv4-mapped address, a line nrpe rejects in\n"
        "nrpe.cfg (no value, server_port below 1024, a timeout below 1, a line longer than 2046\n"
        "bytes). In an included file such a line is WARNING (nrpe skips the rest of it), and so\n"
        "are a missing include and an include loop. In both roles: dont_blame_nrpe=1 is\n"
        "WARNING, allow_bash_command_substitution=1 CRITICAL, no allowed_hosts WARNING.\n" +
        std::string(vs::policy::kServicePolicyHelp),
    .examples =
        "  check_vs_nrpe\n"
        "      the host's /etc/nagios/nrpe.cfg, as the host\n"
        "  check_vs_nrpe --guest web1 --guest mail\n"
        "      each guest's nrpe.cfg (inside its root), judged against its addresses\n"
        "  check_vs_nrpe --config /usr/local/nagios/etc/nrpe.cfg -vv\n"
        "      a source install; -vv also lists every file read\n",
    .metric = "violations (endpoints the policy does not accept)",
};

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  vs::policy::ServiceOptions service;
  vs::policy::add_service_options(plugin, service, vs::registry::check_vs_nrpe.default_config());
  const vs::policy::ServiceSpec spec{
      .noun = "NRPE",
      .process_names = vs::registry::check_vs_nrpe.process_names(),
      .alternatives = vs::registry::check_vs_nrpe.fallback_configs()};
  return plugin.run(argc, argv, [&](const vs::plugin::StandardOptions& o) {
    return vs::policy::check_service(
        o, service, spec,
        [](const vs::fs::Tree& tree, const std::string& path, const vs::config::Machine& machine) {
          return vs::config::read_nrpe(tree, path, machine.addresses);
        });
  });
}
