// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_postfix: where Postfix's master(8) will listen, judged for the host or
// a guest. The talk's lesson: in a guest, inet_interfaces = loopback-only stops
// Postfix from starting (no loopback); on the host, "all" answers on every guest's
// port 25.
#include "config/postfix_listen.hpp"
#include "plugin/plugin.hpp"
#include "policy/service_check.hpp"
#include "registry.hpp"

namespace {

// main.cf and master.cf are read from one directory, as postfix -c DIR does.
const vs::policy::ConfigOption kConfig{
    .value_name = "DIR",
    .what = "the Postfix configuration directory (main.cf and master.cf), or a main.cf in it"};

const vs::plugin::Spec kSpec{
    .name = "check_vs_postfix",
    .label = "VS_POSTFIX",
    .synopsis = vs::policy::service_synopsis(kConfig),
    .purpose =
        "Checks where Postfix listens and whether it starts at all: every inet service of\n"
        "master.cf, on the addresses of main.cf's inet_interfaces (or on the host a service\n"
        "names, as in 127.0.0.1:10025), read the way \"postfix start\" reads them (Postfix\n"
        "3.7): continuation lines, the last assignment wins, $name expansion with Postfix's\n"
        "built-in values (myhostname is the machine's name), master_service_disable, host\n"
        "names and service names through the judged tree's /etc/hosts and /etc/services. In a\n"
        "guest without loopback (a vs2.2 kernel, or nflags ~lback_remap on vs2.3: the\n"
        "running kernel decides), inet_interfaces = loopback-only stops Postfix from\n"
        "starting. On the host, \"all\" answers on port 25 of every guest without\n"
        "its own mail server. The effective inet_interfaces is always shown, with the main.cf\n"
        "line that sets it (or \"default\").",
    .details =
        "--config names the Postfix configuration directory (main.cf and master.cf), or its\n"
        "main.cf; default /etc/postfix, under --root, or inside the guest's root with --guest.\n"
        "inet_interfaces = all is 0.0.0.0 and an IPv6-only [::]. In a guest without loopback,\n"
        "loopback-only stops Postfix (\"Postfix will not start in a guest\"). Postfix also\n"
        "refuses, in its own words: a syntax error, an expansion loop, \"ALL\" (its keywords\n"
        "are lower case), an empty inet_interfaces, a host not found (\"mx.\" after an unset\n"
        "$mydomain: postconf, which \"postfix start\" runs, knows no built-in values), an\n"
        "address that is not one of the machine's interfaces (\"no local interface found\":\n"
        "0.0.0.0, 127.0.1.1), \"127.1:2525\" in master.cf (inet_aton forms are fine in\n"
        "inet_interfaces only), a service name that is nowhere. The machine's name is its\n"
        "/etc/hostname (a guest's: /etc/vservers/NAME/uts/nodename); its addresses are its\n"
        "interfaces (a guest's: its interfaces directory); under another --root they are\n"
        "unknown unless --local-addresses gives them, and no address is claimed missing. A\n"
        "host name that /etc/hosts does not know is WARNING (DNS is not asked).\n" +
        std::string(vs::policy::kServicePolicyHelp),
    .examples =
        "  check_vs_postfix\n"
        "      this machine; on a host, CRITICAL for inet_interfaces = all\n"
        "  check_vs_postfix --guest mail\n"
        "      guest mail's Postfix, read from its root: CRITICAL for loopback-only\n"
        "  check_vs_postfix --role guest --config /etc/postfix-out\n"
        "      run inside a guest, for a second Postfix instance\n",
    .metric = "violations (binds the policy rejects)",
};

const vs::policy::ServiceSpec kService{
    .noun = "Postfix",
    .process_names = vs::registry::check_vs_postfix.process_names(),
    .alternatives = vs::registry::check_vs_postfix.fallback_configs()};

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  vs::policy::ServiceOptions service;
  vs::policy::add_service_options(plugin, service, vs::registry::check_vs_postfix.default_config(),
                                  kConfig);
  return plugin.run(argc, argv, [&](const vs::plugin::StandardOptions& o) {
    return vs::policy::check_service(o, service, kService,
                                     vs::policy::MachineReader(vs::config::postfix::read_postfix));
  });
}
