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
        "Checks where Postfix listens: every inet service of master.cf, on the addresses of\n"
        "main.cf's inet_interfaces (or on the host a service names, as in 127.0.0.1:10025),\n"
        "read with Postfix's own rules: continuation lines, the last assignment wins, $name\n"
        "expansion, built-in defaults (inet_interfaces = all, inet_protocols = all) and\n"
        "master_service_disable. In a guest, inet_interfaces = loopback-only stops Postfix\n"
        "from starting: a guest has no loopback interface. On the host, \"all\" answers on\n"
        "port 25 of every guest without its own mail server. The effective inet_interfaces\n"
        "is always shown, with the main.cf line that sets it (or \"default\").",
    .details =
        "--config names the Postfix configuration directory (main.cf and master.cf), or its\n"
        "main.cf; default /etc/postfix, under --root, or inside the guest's root with --guest.\n"
        "inet_interfaces = all is 0.0.0.0 and an IPv6-only [::]. In a guest without loopback,\n"
        "loopback-only stops Postfix (\"Postfix will not start in a guest\"). Postfix also\n"
        "refuses a syntax error, an expansion loop, \"ALL\" or \"Loopback-Only\" (Postfix 3.7\n"
        "wants lower case), an address of a protocol inet_protocols disables. An unknown\n"
        "service name in master.cf is WARNING.\n" +
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
    return vs::policy::check_service(o, service, kService, vs::config::postfix::read_postfix);
  });
}
