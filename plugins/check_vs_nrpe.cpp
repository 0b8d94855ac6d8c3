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
        "nrpe.cfg the way nrpe 4 does (name=value lines with no spaces around '=', the\n"
        "last value wins, include=FILE and include_dir=DIR read in place, a directory's *.cfg\n"
        "files and subdirectories in name order) and judges the address and port nrpe will\n"
        "listen on. Without server_address nrpe binds 0.0.0.0 and :: on server_port (5666):\n"
        "on a VServer host it answers the monitoring server for every guest that has no NRPE\n"
        "of its own, so the guests' checks silently report the host. Set server_address to\n"
        "the host's (or the guest's) own address.",
    .details =
        "No server_address means 0.0.0.0 and an IPv6-only [::]. In both roles:\n"
        "dont_blame_nrpe=1 is WARNING (clients choose the command arguments),\n"
        "allow_bash_command_substitution=1 is CRITICAL (those arguments may run commands),\n"
        "no allowed_hosts is WARNING (any host that reaches the port may ask). A line nrpe\n"
        "rejects (no value, server_port below 1024) is a refusal in nrpe.cfg itself and\n"
        "WARNING in an included file (nrpe skips the rest of it); an include loop or a\n"
        "missing include is WARNING.\n" +
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
    return vs::policy::check_service(o, service, spec, vs::config::read_nrpe);
  });
}
