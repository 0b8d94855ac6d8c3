// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_apache: where Apache httpd's configuration makes it listen, judged for
// the host or the guest it runs in.
#include "config/apache.hpp"
#include "plugin/plugin.hpp"
#include "policy/service_check.hpp"
#include "registry.hpp"

namespace {

namespace apache = vs::config::apache;

const vs::plugin::Spec kSpec{
    .name = "check_vs_apache",
    .label = "VS_APACHE",
    .synopsis = vs::policy::service_synopsis({}, "[--define NAME]..."),
    .purpose =
        "Checks where Apache httpd listens on a VServer host or guest. It reads the\n"
        "configuration the way httpd does (Include and IncludeOptional\n"
        "with globs under ServerRoot, <IfModule> decided by the LoadModule lines read before\n"
        "it, so Debian's mods-enabled/*.load decide, <IfDefine>, ${VAR} from Debian's envvars,\n"
        "continuation lines) and judges every Listen directive. `Listen 80` binds every\n"
        "address: on a VServer host it answers for every guest address that has no web server\n"
        "of its own on that port. Reads /etc/apache2/apache2.conf, else\n"
        "/etc/httpd/conf/httpd.conf.",
    .details =
        "A Listen without an address (or with *, [::]) is one dual-stack wildcard; a host name\n"
        "is every address the tree's /etc/hosts gives it. A ${VAR} defined nowhere (neither\n"
        "Defined before nor exported by envvars) stays as written, as in httpd; one envvars\n"
        "exports with a value only the shell computes is WARNING. httpd refuses an Include of\n"
        "a missing file or a dangling symlink, an include loop, an unclosed section, no Listen,\n"
        "the same Listen twice, and a socket it cannot bind (0.0.0.0:80 then 80, an address\n"
        "and the wildcard on one port). <IfVersion>, <IfDirective> and <IfSection> are taken\n"
        "as true.\n" +
        std::string(vs::policy::kServicePolicyHelp),
    .examples =
        "  check_vs_apache\n"
        "      the host's Apache, as the host: Debian's stock `Listen 80` is CRITICAL\n"
        "  check_vs_apache --guest web1\n"
        "      guest web1's Apache (inside its root), judged against web1's addresses\n"
        "  check_vs_apache --define SSL --config /etc/apache2/apache2.conf\n"
        "      as started with `apache2 -D SSL`\n",
    .metric = "violations (endpoints the policy does not accept)",
};

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  vs::policy::ServiceOptions service;
  apache::Options options;
  vs::policy::add_service_options(plugin, service, vs::registry::check_vs_apache.default_config());
  plugin.add_options()("define", vs::plugin::po::value(&options.defines)->value_name("NAME"),
                       "as httpd's -D NAME: makes <IfDefine NAME> true; repeatable");
  const vs::policy::ServiceSpec spec{
      .noun = "Apache",
      .process_names = vs::registry::check_vs_apache.process_names(),
      .alternatives = vs::registry::check_vs_apache.fallback_configs()};
  return plugin.run(argc, argv, [&](const vs::plugin::StandardOptions& o) {
    return vs::policy::check_service(
        o, service, spec,
        [&](const vs::fs::Tree& tree, const std::string& path, const vs::config::Machine& machine) {
          apache::Options with_machine = options;
          with_machine.local_addresses = machine.addresses;
          return apache::service_config(apache::read_apache(tree, path, with_machine));
        });
  });
}
