// check_vs_slapd: where OpenLDAP's slapd listens, from the SLAPD_SERVICES (Debian)
// or SLAPD_URLS (RHEL) its init script or unit passes to slapd -h, judged for the
// host or the guest it runs in.
#include "config/slapd.hpp"
#include "plugin/plugin.hpp"
#include "policy/service_check.hpp"
#include "registry.hpp"

namespace {

const vs::plugin::Spec kSpec{
    .name = "check_vs_slapd",
    .label = "VS_SLAPD",
    .synopsis = vs::policy::service_synopsis(),
    .purpose =
        "Checks where slapd listens on a VServer host or guest. It reads the shell fragment\n"
        "that starts OpenLDAP's slapd (/etc/default/slapd on Debian, else\n"
        "/etc/sysconfig/slapd) the way the shell does (quotes, comments, the last assignment\n"
        "wins) and judges every address and port in its SLAPD_SERVICES (or SLAPD_URLS) list of\n"
        "LDAP URLs. Unset, slapd serves ldap:///: port 389 on every address, which on a\n"
        "VServer host answers LDAP for every guest without a directory of its own. Give\n"
        "each slapd a precise address, e.g. SLAPD_SERVICES=\"ldap://192.0.2.10:389/ ldapi:///\".",
    .details =
        "URLs: ldap:/// and ldaps:/// are wildcards (ports 389 and 636); ldap://ADDR:PORT/ and\n"
        "ldap://[V6]:PORT/ one address; ldap://NAME/ a host name; ldapi:// is a local socket and\n"
        "never a finding (shown with -v). A wildcard is 0.0.0.0 and an IPv6-only [::]. slapd\n"
        "refuses a URL it cannot parse and a file the shell cannot read (an unclosed quote); a\n"
        "value that needs shell expansion ($VAR) is WARNING.\n" +
        std::string(vs::policy::kServicePolicyHelp),
    .examples =
        "  check_vs_slapd\n"
        "      the host's /etc/default/slapd (or /etc/sysconfig/slapd), as the host\n"
        "  check_vs_slapd --guest ldap1\n"
        "      guest ldap1's file (inside its root), judged against ldap1's addresses\n"
        "  check_vs_slapd --config /etc/sysconfig/slapd -v\n"
        "      a RHEL layout; -v also lists ldapi:// sockets and accepted endpoints\n",
    .metric = "violations (endpoints the policy does not accept)",
};

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  vs::policy::ServiceOptions service;
  vs::policy::add_service_options(plugin, service, vs::registry::check_vs_slapd.default_config());
  const vs::policy::ServiceSpec spec{
      .noun = "slapd",
      .process_names = vs::registry::check_vs_slapd.process_names(),
      .alternatives = vs::registry::check_vs_slapd.fallback_configs()};
  return plugin.run(argc, argv, [&](const vs::plugin::StandardOptions& o) {
    return vs::policy::check_service(o, service, spec, vs::config::read_slapd);
  });
}
