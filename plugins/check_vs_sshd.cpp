// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_sshd: where sshd's configuration makes it listen, judged for the host or
// the guest it runs in, and whether X11 forwarding would point DISPLAY at a
// loopback the guest lacks.
#include "config/sshd.hpp"
#include "plugin/plugin.hpp"
#include "policy/service_check.hpp"
#include "registry.hpp"

namespace {

const vs::plugin::Spec kSpec{
    .name = "check_vs_sshd",
    .label = "VS_SSHD",
    .synopsis = vs::policy::service_synopsis(),
    .purpose =
        "Checks where sshd listens on a VServer host or guest. It reads sshd_config the way\n"
        "sshd does (case-insensitive keywords, the first value of a\n"
        "keyword wins, Port and ListenAddress repeat, Include with globs read in place, Match\n"
        "blocks) and judges every address and port sshd will listen on. Without ListenAddress\n"
        "sshd binds 0.0.0.0 and :: on every Port: on a VServer host that sshd answers ssh for\n"
        "every guest address that has no sshd of its own. In a guest, X11Forwarding yes with\n"
        "X11UseLocalhost yes (the default) sets DISPLAY to localhost, a loopback the guest\n"
        "does not have.",
    .details =
        "No ListenAddress means 0.0.0.0 and an IPv6-only [::] on every Port. Names and\n"
        "services resolve through the tree's /etc/hosts and /etc/services; the same address\n"
        "twice is one socket. X11Forwarding yes with X11UseLocalhost yes is WARNING in a guest\n"
        "without loopback, and without xauth in the guest (XAuthLocation). sshd refuses a\n"
        "keyword it does not know, an include loop, Port or ListenAddress inside a Match\n"
        "block other than Match all, a bad port, addresses it cannot bind at all.\n" +
        std::string(vs::policy::kServicePolicyHelp),
    .examples =
        "  check_vs_sshd\n"
        "      the host's /etc/ssh/sshd_config, as the host\n"
        "  check_vs_sshd --guest web1\n"
        "      guest web1's sshd_config (inside its root), judged against web1's addresses\n"
        "  check_vs_sshd --root /srv/image --role guest --strict\n"
        "      an image about to become a guest; a wildcard is WARNING too\n",
    .metric = "violations (endpoints the policy does not accept)",
};

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  vs::policy::ServiceOptions service;
  vs::policy::add_service_options(plugin, service, vs::registry::check_vs_sshd.default_config());
  const vs::policy::ServiceSpec spec{
      .noun = "sshd",
      .process_names = vs::registry::check_vs_sshd.process_names(),
      .alternatives = vs::registry::check_vs_sshd.fallback_configs()};
  return plugin.run(argc, argv, [&](const vs::plugin::StandardOptions& o) {
    return vs::policy::check_service(
        o, service, spec,
        [](const vs::fs::Tree& tree, const std::string& path, const vs::config::Machine& machine) {
          return vs::config::sshd::read_sshd(tree, path, machine.addresses);
        });
  });
}
