// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_postfix as a sysadmin runs it: the built binary on host and guest trees,
// and postconf(1) as the oracle for the effective inet_interfaces.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config/postfix.hpp"
#include "plugin_output.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::add_guest;
using vs::test::TempDir;

using vs::test::service_perf;

namespace {

const std::string& debian_main() {
  static const std::string text =
      vs::test::read_file(vs::test::fixture("postfix/debian12/main.cf"));
  return text;
}

const std::string& debian_master() {
  static const std::string text =
      vs::test::read_file(vs::test::fixture("postfix/debian12/master.cf"));
  return text;
}

// Writes main.cf and master.cf into <root>/etc/postfix (or another directory).
void write_postfix(const TempDir& t, const std::string& main_cf,
                   const std::string& master_cf = debian_master(),
                   const std::string& dir = "etc/postfix") {
  t.write(dir + "/main.cf", main_cf);
  t.write(dir + "/master.cf", master_cf);
}

vs::test::Run postfix(const TempDir& root, std::vector<std::string> args = {}) {
  return vs::test::run_plugin("check_vs_postfix", root.path(), args);
}

// Adds a guest and writes its Postfix files inside its root directory.
std::string add_postfix_guest(const TempDir& t, const vs::test::GuestSpec& spec,
                              const std::string& main_cf,
                              const std::string& master_cf = debian_master()) {
  const std::string root = add_guest(t, spec);
  write_postfix(t, main_cf, master_cf, root.substr(t.path().size() + 1) + "/etc/postfix");
  return root;
}

}  // namespace

TEST(CheckVsPostfix, DebianDefaultOnTheHostIsCritical) {
  TempDir t;
  add_guest(t, {.name = "mail", .ips = {"192.0.2.41", "2001:db8::41"}});
  write_postfix(t, debian_main());
  const vs::test::Run r = postfix(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 2);
  const std::string master = t.path() + "/etc/postfix/master.cf:12";
  const std::string why =
      ": wildcard; answers for guest mail (192.0.2.41): bind the host's own address";
  const std::string v6 =
      ": wildcard (IPv6 only); answers for guest mail (2001:db8::41): bind the host's own "
      "address";
  EXPECT_EQ(r.out,
            "VS_POSTFIX CRITICAL - smtp tcp 0.0.0.0:25 (master.cf:12), smtp tcp [::]:25 "
            "(master.cf:12)" +
                service_perf(2, 2, 2) + "\nCRITICAL " + master + ": smtp tcp 0.0.0.0:25" + why +
                "\nCRITICAL " + master + ": smtp tcp [::]:25" + v6 + "\nOK " + t.path() +
                "/etc/postfix/main.cf:34: inet_interfaces = all\n");
}

TEST(CheckVsPostfix, HostWildcardNamesTheGuestsItAnswersFor) {
  TempDir t;
  add_guest(t, {.name = "mail", .ips = {"192.0.2.41"}});
  write_postfix(t, "inet_protocols = ipv4\n");
  const vs::test::Run r = postfix(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("CRITICAL " + t.path() +
                       "/etc/postfix/master.cf:12: smtp tcp 0.0.0.0:25: wildcard; answers for "
                       "guest mail (192.0.2.41): bind the host's own address\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("OK default: inet_interfaces = all\n"), std::string::npos) << r.out;
}

TEST(CheckVsPostfix, HostLoopbackOnlyIsOkAndShowsTheEffectiveValue) {
  TempDir t;
  write_postfix(
      t, "inet_interfaces = all\n# Debian's \"Local only\"\ninet_interfaces = loopback-only\n");
  const vs::test::Run r = postfix(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "VS_POSTFIX OK - Postfix: 2 endpoints, all bound as they should be" +
                       service_perf(2, 0, 0) + "\nOK " + t.path() +
                       "/etc/postfix/main.cf:3: inet_interfaces = loopback-only\n");
}

TEST(CheckVsPostfix, HostBindingAGuestAddressIsCritical) {
  TempDir t;
  add_guest(t, {.name = "mail", .ips = {"192.0.2.41"}});
  write_postfix(t, "my_ip = 192.0.2.41\ninet_interfaces = $my_ip\n");
  const vs::test::Run r = postfix(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.first_line(),
            "VS_POSTFIX CRITICAL - smtp tcp 192.0.2.41:25 (master.cf:12)" + service_perf(1, 0, 1));
  EXPECT_NE(r.out.find("CRITICAL " + t.path() +
                       "/etc/postfix/master.cf:12: smtp tcp 192.0.2.41:25: the host binds guest "
                       "mail's address 192.0.2.41\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("OK " + t.path() +
                       "/etc/postfix/main.cf:2: inet_interfaces = 192.0.2.41 (written: $my_ip)\n"),
            std::string::npos)
      << r.out;
}

TEST(CheckVsPostfix, GuestWithLoopbackOnlyWillNotStart) {
  TempDir t;
  const std::string root =
      add_postfix_guest(t, {.name = "mail", .ips = {"192.0.2.41"}},
                        "myhostname = mail\ninet_interfaces = loopback-only\n");
  const vs::test::Run r = postfix(t, {"--guest", "mail", "--proc", vs::test::vs22_proc()});
  EXPECT_EQ(r.exit_code, 2);
  const std::string where = root + "/etc/postfix/main.cf:2";
  const std::string master = root + "/etc/postfix/master.cf:12";
  const std::string why =
      ": loopback address, but guest mail has no loopback (vs2.2 kernel): the bind fails\n";
  EXPECT_EQ(r.out,
            "VS_POSTFIX CRITICAL - Postfix will not start in a guest: no loopback interface" +
                service_perf(2, 0, 2) + "\n" + "CRITICAL " + master + ": smtp tcp 127.0.0.1:25" +
                why + "CRITICAL " + master + ": smtp tcp [::1]:25" + why + "CRITICAL " + where +
                ": Postfix will not start in a guest: no loopback interface "
                "(inet_interfaces = loopback-only): "
                "use all or the guest's own address; no loopback (vs2.2 kernel)\n"
                "OK " +
                where + ": inet_interfaces = loopback-only\n");
}

TEST(CheckVsPostfix, GuestLoopbackIsFineWithLbackRemapOrLoopbackYes) {
  TempDir t;
  const std::string root =
      add_postfix_guest(t, {.name = "mail", .ips = {"192.0.2.41"}, .nflags = {"lback_remap"}},
                        "inet_interfaces = localhost\n");
  std::ofstream(root + "/etc/hosts") << "127.0.0.1 localhost\n";
  EXPECT_EQ(postfix(t, {"--guest", "mail"}).exit_code, 0);
  EXPECT_EQ(postfix(t, {"--guest", "mail", "--loopback", "no"}).exit_code, 2);
  EXPECT_EQ(postfix(t, {"--guest", "mail", "--loopback", "yes"}).exit_code, 0);
}

TEST(CheckVsPostfix, GuestAllOrOwnAddressIsOkAndForeignAddressCritical) {
  TempDir t;
  const std::string root =
      add_postfix_guest(t, {.name = "mail", .ips = {"192.0.2.41"}}, debian_main());
  const vs::test::Run all = postfix(t, {"--guest", "mail"});
  EXPECT_EQ(all.exit_code, 0) << all.out;
  EXPECT_EQ(all.first_line(), "VS_POSTFIX OK - Postfix: 2 endpoints, all bound as they should be" +
                                  service_perf(2, 2, 0));
  EXPECT_EQ(postfix(t, {"--guest", "mail", "--strict"}).exit_code, 1);
  std::ofstream(root + "/etc/postfix/main.cf") << "inet_interfaces = 192.0.2.41\n";
  EXPECT_EQ(postfix(t, {"--guest", "mail"}).exit_code, 0);
  std::ofstream(root + "/etc/postfix/main.cf") << "inet_interfaces = 192.0.2.40\n";
  const vs::test::Run foreign = postfix(t, {"--guest", "mail"});
  EXPECT_EQ(foreign.exit_code, 2);
  // Postfix itself refuses an address none of the guest's interfaces has.
  EXPECT_EQ(foreign.first_line(),
            "VS_POSTFIX CRITICAL - " + root +
                "/etc/postfix/main.cf:1: Postfix will not start: parameter inet_interfaces: no "
                "local interface found for 192.0.2.40: none of guest mail's interfaces (" +
                t.path() + "/etc/vservers/mail/interfaces) has it" + service_perf(1, 0, 1));
  EXPECT_NE(
      foreign.out.find("smtp tcp 192.0.2.40:25: address 192.0.2.40 is not guest mail's (it owns "
                       "192.0.2.41): the bind fails"),
      std::string::npos)
      << foreign.out;
}

TEST(CheckVsPostfix, AGuestsNameIsItsUtsNodename) {
  TempDir t;
  const std::string root = add_postfix_guest(t, {.name = "mail", .ips = {"192.0.2.41"}},
                                             "inet_interfaces = $myhostname\n");
  std::ofstream(root + "/etc/hosts") << "127.0.0.1 localhost\n192.0.2.41 mx.example.org\n";
  // The guest's own /etc/hostname is not what its kernel context is called.
  std::ofstream(root + "/etc/hostname") << "other\n";
  std::filesystem::create_directories(t.path() + "/etc/vservers/mail/uts");
  std::ofstream(t.path() + "/etc/vservers/mail/uts/nodename") << "mx.example.org\n";
  const vs::test::Run r = postfix(t, {"--guest", "mail", "-v"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("smtp tcp 192.0.2.41:25, as mx.example.org is 192.0.2.41 (" + root +
                       "/etc/hosts:2)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("myhostname is mx.example.org, from the machine's name mx.example.org (" +
                       t.path() + "/etc/vservers/mail/uts/nodename:1)"),
            std::string::npos)
      << r.out;
  // Without uts/nodename the name is unknown: not judged.
  std::filesystem::remove(t.path() + "/etc/vservers/mail/uts/nodename");
  const vs::test::Run unknown = postfix(t, {"--guest", "mail"});
  EXPECT_EQ(unknown.exit_code, 1) << unknown.out;
  EXPECT_NE(unknown.out.find("$myhostname defaults to the machine's name, which is unknown (" +
                             t.path() + "/etc/vservers/mail/uts/nodename does not exist)"),
            std::string::npos)
      << unknown.out;
}

TEST(CheckVsPostfix, LocalAddressesTellARootTreeItsInterfaces) {
  TempDir t;
  write_postfix(t, "inet_interfaces = 192.0.2.1\n");
  // Unknown under --root: nothing claimed, said at -v.
  const vs::test::Run unknown = postfix(t, {"--role", "host", "-v"});
  EXPECT_EQ(unknown.exit_code, 0) << unknown.out;
  EXPECT_NE(unknown.out.find("not checked against the machine's interfaces (192.0.2.1)"),
            std::string::npos)
      << unknown.out;
  EXPECT_EQ(postfix(t, {"--role", "host", "--local-addresses", "127.0.0.1, 192.0.2.1"}).exit_code,
            0);
  const vs::test::Run other = postfix(t, {"--role", "host", "--local-addresses", "192.0.2.2"});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.out.find("Postfix will not start: parameter inet_interfaces: no local interface "
                           "found for 192.0.2.1: none of --local-addresses has it"),
            std::string::npos)
      << other.out;
  const vs::test::Run bad = postfix(t, {"--role", "host", "--local-addresses", "192.0.2.300"});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_EQ(bad.first_line(),
            "VS_POSTFIX UNKNOWN - --local-addresses takes live or addresses "
            "separated by commas, not '192.0.2.300'");
  add_guest(t, {.name = "mail", .ips = {"192.0.2.41"}});
  EXPECT_EQ(postfix(t, {"--guest", "mail", "--local-addresses", "live"}).exit_code, 3);
}

TEST(CheckVsPostfix, GuestServicePinnedToLoopbackIsCritical) {
  TempDir t;
  const std::string root = add_postfix_guest(
      t, {.name = "mail", .ips = {"192.0.2.41"}}, "inet_interfaces = 192.0.2.41\n",
      "smtp inet n - y - - smtpd\n127.0.0.1:10025 inet n - n - - smtpd\n");
  const vs::test::Run r = postfix(t, {"--guest", "mail", "--proc", vs::test::vs22_proc()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.first_line(),
            "VS_POSTFIX CRITICAL - 127.0.0.1:10025 tcp 127.0.0.1:10025 (master.cf:2)" +
                service_perf(2, 0, 1));
  EXPECT_NE(r.out.find("CRITICAL " + root +
                       "/etc/postfix/master.cf:2: 127.0.0.1:10025 tcp 127.0.0.1:10025: loopback "
                       "address, but guest mail has no loopback (vs2.2 kernel): the bind fails\n"),
            std::string::npos)
      << r.out;
}

TEST(CheckVsPostfix, MissingMainCfIsUnknownNamingThePath) {
  TempDir t;
  const vs::test::Run r = postfix(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.first_line(), "VS_POSTFIX UNKNOWN - " + t.path() +
                                "/etc/postfix/main.cf: no such file" + service_perf(0, 0, 0));
}

TEST(CheckVsPostfix, ConfigTakesADirectoryOrItsMainCf) {
  TempDir t;
  write_postfix(t, "inet_interfaces = 127.0.0.1\n", "smtp inet n - y - - smtpd\n",
                "etc/postfix-out");
  EXPECT_EQ(postfix(t, {"--role", "host", "--config", "/etc/postfix-out"}).exit_code, 0);
  const vs::test::Run file = postfix(t, {"--role", "host", "--config", "/etc/postfix-out/main.cf"});
  EXPECT_EQ(file.exit_code, 0);
  EXPECT_EQ(file.out, "VS_POSTFIX OK - Postfix: 1 endpoint, all bound as they should be" +
                          service_perf(1, 0, 0) + "\nOK " + t.path() +
                          "/etc/postfix-out/main.cf:1: inet_interfaces = 127.0.0.1\n");
}

TEST(CheckVsPostfix, WhatStopsPostfixIsCritical) {
  TempDir t;
  write_postfix(t, "inet_interfaces = ALL\n");
  const vs::test::Run r = postfix(t, {"--role", "guest", "--loopback", "yes"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.first_line(),
            "VS_POSTFIX CRITICAL - " + t.path() +
                "/etc/postfix/main.cf:1: Postfix will not start: config variable "
                "inet_interfaces: host not found: ALL (Postfix's keywords are lower case: all, "
                "loopback-only)" +
                service_perf(2, 2, 0));
  write_postfix(t, "inet_interfaces = $a\na = $b\nb = $a\n");
  EXPECT_NE(postfix(t, {"--role", "host"})
                .out.find("CRITICAL " + t.path() +
                          "/etc/postfix/main.cf:1: Postfix will not start: inet_interfaces: "
                          "expansion loop: inet_interfaces -> a -> b -> a\n"),
            std::string::npos);
}

TEST(CheckVsPostfix, ServiceNamesFromTheTreesServicesAndUnknownHostNames) {
  TempDir t;
  t.write("etc/services", "smtp 25/tcp mail\namavisfeed 10024/tcp\n");
  write_postfix(t, "inet_interfaces = 127.0.0.1\n", "127.0.0.1:amavisfeed inet n - n - - smtpd\n");
  const vs::test::Run known = postfix(t, {"--role", "host", "-vvv"});
  EXPECT_EQ(known.exit_code, 0) << known.out;
  EXPECT_NE(known.out.find("binds tcp 127.0.0.1:10024"), std::string::npos) << known.out;
  // A name in neither known_tcp_ports nor /etc/services stops master(8).
  write_postfix(t, "inet_interfaces = 127.0.0.1\n", "127.0.0.1:vs-none inet n - n - - smtpd\n");
  const vs::test::Run unknown = postfix(t, {"--role", "host"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.first_line(),
            "VS_POSTFIX CRITICAL - " + t.path() +
                "/etc/postfix/master.cf:1: Postfix will not start: 127.0.0.1:vs-none: Servname not "
                "supported for ai_socktype (\"vs-none\" is neither in known_tcp_ports nor in "
                "/etc/services)" +
                service_perf(0, 0, 0));
  // A host name /etc/hosts does not know: DNS is not asked, it is not judged.
  write_postfix(t, "inet_interfaces = mail.example.org\n", "smtp inet n - y - - smtpd\n");
  const vs::test::Run name = postfix(t, {"--role", "host"});
  EXPECT_EQ(name.exit_code, 1);
  EXPECT_NE(name.out.find("WARNING " + t.path() +
                          "/etc/postfix/master.cf:1: smtp tcp mail.example.org:25: host name "
                          "'mail.example.org' instead of an address: cannot judge a name\n"),
            std::string::npos)
      << name.out;
}

TEST(CheckVsPostfix, GarbageNeverCrashes) {
  TempDir t;
  std::string junk;
  for (int i = 0; i < 4096; ++i)
    junk += static_cast<char>(1 + (i * 7919) % 255);
  write_postfix(t, junk, junk);
  const vs::test::Run r = postfix(t, {"--role", "host", "-vvv"});
  EXPECT_GE(r.exit_code, 0);
  EXPECT_LE(r.exit_code, 3);
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.first_line().rfind("VS_POSTFIX ", 0), 0u) << r.out;
}

TEST(CheckVsPostfix, HelpIsUnknownAndNamesTheConfigDirectory) {
  const vs::test::Run r = vs::test::run({vs::test::plugin("check_vs_postfix"), "--help"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.out.find("--config names the Postfix configuration directory"), std::string::npos);
}

// The oracle: Postfix's own postconf computes the effective inet_interfaces. For a
// main.cf postconf accepts, the plugin must show the same items; for one it rejects
// (postconf exits non-zero), the plugin must say that Postfix will not start.
namespace {

std::string postconf_path() {
  if (access("/usr/sbin/postconf", X_OK) == 0) return "/usr/sbin/postconf";
  return vs::test::have_program("postconf") ? "postconf" : "";
}

// Postfix re-reads a file modified in the last second or so, sleeping in between
// (dict_load_file): a fresh main.cf costs each postconf run two seconds.
void age(const std::string& path) {
  std::filesystem::last_write_time(path,
                                   std::filesystem::last_write_time(path) - std::chrono::hours(1));
}

struct Variant {
  std::string name;
  std::string main_cf;
};

std::vector<Variant> oracle_variants() {
  return {
      {"debian12", debian_main()},
      {"empty file", ""},
      {"loopback-only", "inet_interfaces = loopback-only\n"},
      {"one address", "inet_interfaces = 127.0.0.1\n"},
      {"last wins (keyword)", "inet_interfaces = 127.0.0.1\ninet_interfaces = loopback-only\n"},
      {"last wins (all)", "inet_interfaces = loopback-only\ninet_interfaces=all\n"},
      {"continuation", "inet_interfaces = 127.0.0.1,\n  localhost\n"},
      {"continuation across a comment", "inet_interfaces = 127.0.0.1\n# comment\n\n\tlocalhost\n"},
      {"commented out", "#inet_interfaces = 127.0.0.1\n"},
      {"indented first line", "  inet_interfaces = 127.0.0.1\n"},
      {"$name", "inet_interfaces = $my_if\nmy_if = 127.0.0.1\n"},
      {"${name} recursive", "inet_interfaces = ${my_if}\nmy_if = $other\nother = localhost\n"},
      {"$(name)", "inet_interfaces = $(my_if)\nmy_if=loopback-only\n"},
      {"${name?value}", "inet_interfaces = ${flag?127.0.0.1}\nflag = yes\n"},
      {"${name:value} undefined", "inet_interfaces = ${flag:loopback-only}\n"},
      {"${name?{a}:{b}} empty", "inet_interfaces = ${flag?{127.0.0.1}:{all}}\nflag =\n"},
      {"commas and blanks", "inet_interfaces = 127.0.0.1,,  localhost\n"},
      {"empty value", "inet_interfaces =\n"},
      {"name case", "Inet_Interfaces = 127.0.0.1\n"},
      {"crlf", "inet_interfaces = loopback-only\r\n"},
      {"upper-case ALL", "inet_interfaces = ALL\n"},
      {"mixed-case Loopback-Only", "inet_interfaces = Loopback-Only\n"},
      {"all inside a list", "inet_interfaces = all, 127.0.0.1\n"},
      {"expansion loop", "inet_interfaces = $a\na = $b\nb = $a\n"},
      {"self reference", "inet_interfaces = $inet_interfaces\n"},
      {"syntax error", "garbage\ninet_interfaces = 127.0.0.1\n"},
      {"IPv6 address with ipv4 only", "inet_protocols = ipv4\ninet_interfaces = [::1]\n"},
      {"bad inet_protocols", "inet_protocols = IPv4\n"},
  };
}

// The plugin's "inet_interfaces = VALUE" line, VALUE split into items.
std::vector<std::string> plugin_items(const std::string& out) {
  const std::string key = ": inet_interfaces = ";
  const auto at = out.find(key);
  if (at == std::string::npos) return {"<no inet_interfaces line>"};
  std::string value = out.substr(at + key.size(), out.find('\n', at) - at - key.size());
  if (const auto written = value.find(" (written: "); written != std::string::npos)
    value.resize(written);
  return vs::config::postfix::split_list(value);
}

}  // namespace

TEST(CheckVsPostfixOracle, EffectiveInetInterfacesMatchesPostconf) {
  const std::string postconf = postconf_path();
  if (postconf.empty()) GTEST_SKIP() << "postconf not installed (Debian package postfix)";
  int compared = 0;
  for (const auto& v : oracle_variants()) {
    SCOPED_TRACE(v.name);
    TempDir t;
    write_postfix(t, v.main_cf);
    age(t.path() + "/etc/postfix/main.cf");
    const vs::test::Run want =
        vs::test::run({postconf, "-c", t.path() + "/etc/postfix", "-x", "-h", "inet_interfaces"});
    // Guest role with loopback: the policy accepts every bind, so only Postfix's own
    // verdict on the configuration decides the exit code.
    const vs::test::Run got =
        postfix(t, {"--role", "guest", "--loopback", "yes", "--max-output", "0"});
    if (want.exit_code == 0) {
      // postconf's value; master(8) may still refuse what postconf does not check (an
      // empty inet_interfaces): tests/daemon compares with the whole "postfix start".
      EXPECT_EQ(plugin_items(got.out), vs::config::postfix::split_list(want.out)) << got.out;
    } else {
      EXPECT_EQ(got.exit_code, 2) << "postconf: " << want.err << "plugin: " << got.out;
      EXPECT_NE(got.out.find("Postfix will not start"), std::string::npos) << got.out;
    }
    ++compared;
  }
  EXPECT_GE(compared, 15);
}
