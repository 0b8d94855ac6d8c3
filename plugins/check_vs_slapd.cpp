// SPDX-License-Identifier: GPL-3.0-or-later
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
        "that starts slapd (/etc/default/slapd on Debian, else /etc/sysconfig/slapd) the way\n"
        "Debian's init script uses it: sourced by sh (quotes, $VAR and ${VAR:-x} from earlier\n"
        "lines, the last assignment wins), SLAPD_SERVICES as slapd's -h (SLAPD_URLS is not read\n"
        "there), SLAPD_OPTIONS after it, and judges every address and port of its LDAP URLs.\n"
        "Empty, slapd serves ldap:///: port 389 on every address, which on a VServer host\n"
        "answers LDAP for every guest without a directory of its own. Give each slapd a precise\n"
        "address, e.g. SLAPD_SERVICES=\"ldap://192.0.2.10:389/ ldapi:///\".",
    .details =
        "URLs: ldap:///, ldaps:/// (and pldap, pldaps) are 0.0.0.0 and an IPv6-only [::] on\n"
        "389 (636 for ldaps); ldap://ADDR:PORT/ and ldap://[V6]:PORT/ one address; a host name\n"
        "is resolved through the judged tree's /etc/hosts (slapd binds every address; absent\n"
        "there, it stays a name: WARNING); ldapi:// is a local socket (shown with -v). -h in\n"
        "SLAPD_OPTIONS counts when SLAPD_SERVICES is empty, -4/-6 keep one family.\n"
        "What makes the init script or slapd stop is CRITICAL with their reason: a URL slapd\n"
        "cannot parse (a tab, newline or comma between URLs, cldap://), the same socket twice or\n"
        "an address beside its wildcard, -h given twice, an unclosed quote, an unquoted blank in\n"
        "a value. SLAPD_NO_START (or an existing SLAPD_SENTINEL_FILE) means the script starts\n"
        "nothing: WARNING, slapd is disabled. A value computed by a command is WARNING.\n" +
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
    return vs::policy::check_service(
        o, service, spec,
        [](const vs::fs::Tree& tree, const std::string& path, const vs::config::Machine& machine) {
          return vs::config::read_slapd(tree, path, machine.addresses);
        });
  });
}
