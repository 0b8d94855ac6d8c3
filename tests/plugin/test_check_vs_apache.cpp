// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_apache as a sysadmin runs it: the built binary on copies of Debian 12's
// stock /etc/apache2 (symlinks kept), on guests, and on a RHEL-style httpd tree.
#include <gtest/gtest.h>

#include <algorithm>

#include "plugin_output.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::add_guest;
using vs::test::TempDir;
using Outcome = vs::test::Run;

using vs::test::expect_summary;
using vs::test::findings;

using vs::test::service_perf;

namespace {

// Copies Debian's stock /etc/apache2 to `dir` (a path inside `t`, "" for its root).
void copy_debian_apache(const TempDir& t, const std::string& dir = "") {
  vs::test::copy_fixture("apache2/debian12", t.path() + dir);
}

// a2enmod ssl: the symlinks Debian's a2enmod makes (ssl depends on socache_shmcb).
void enable_ssl(const TempDir& t, const std::string& dir = "") {
  for (const char* f : {"ssl.load", "ssl.conf", "socache_shmcb.load"}) {
    t.symlink(dir + "etc/apache2/mods-enabled/" + f, std::string("../mods-available/") + f);
  }
}

Outcome apache(const TempDir& root, std::vector<std::string> args = {}) {
  return vs::test::run_plugin("check_vs_apache", root.path(), args);
}

const std::string kDualStack = ": wildcard (dual-stack: IPv6 and IPv4); ";

}  // namespace

TEST(CheckVsApache, DebianDefaultOnAHostWithoutGuestsWarnsAndSaysSo) {
  TempDir t;
  copy_debian_apache(t);
  const Outcome r = apache(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.first_line(),
            "VS_APACHE WARNING - no guests configured: 1 wildcard bind answers for no guest today" +
                service_perf(1, 1, 1));
  EXPECT_EQ(findings(r), "WARNING " + t.path() + "/etc/apache2/ports.conf:5: Listen 80" +
                             kDualStack + vs::test::kNoGuestsYet + "\n" +
                             vs::test::no_guests_line(t.path(), 1));
}

TEST(CheckVsApache, EnablingSslFlagsListen443Too) {
  TempDir t;
  copy_debian_apache(t);
  enable_ssl(t);
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  const Outcome r = apache(t);
  EXPECT_EQ(r.exit_code, 2);
  expect_summary(r, "VS_APACHE CRITICAL", service_perf(2, 2, 2));
  const std::string ports = t.path() + "/etc/apache2/ports.conf";
  const std::string tail = "answers for guest web1 (192.0.2.40): bind the host's own address\n";
  EXPECT_EQ(findings(r), "CRITICAL " + ports + ":5: Listen 80" + kDualStack + tail + "CRITICAL " +
                             ports + ":8: Listen 443" + kDualStack + tail);
}

TEST(CheckVsApache, HostOnItsOwnAddressIsOkAndAGuestAddressIsNot) {
  TempDir t;
  copy_debian_apache(t);
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  t.write("etc/apache2/ports.conf", "Listen 192.0.2.1:80\n");
  Outcome r = apache(t, {"-v"});
  EXPECT_EQ(r.exit_code, 0);
  expect_summary(r, "VS_APACHE OK", service_perf(1, 0, 0));
  EXPECT_EQ(findings(r), "OK " + t.path() +
                             "/etc/apache2/ports.conf:1: Listen 192.0.2.1:80: a precise address\n");
  t.write("etc/apache2/ports.conf", "Listen 192.0.2.1:80\nListen 192.0.2.40:80\n");
  r = apache(t);
  EXPECT_EQ(r.exit_code, 2);
  expect_summary(r, "VS_APACHE CRITICAL", service_perf(2, 0, 1));
  EXPECT_EQ(
      findings(r),
      "CRITICAL " + t.path() +
          "/etc/apache2/ports.conf:2: Listen 192.0.2.40:80: the host binds guest web1's address "
          "192.0.2.40\n");
}

TEST(CheckVsApache, DebianDefaultInAGuestIsOkAndWarnsWithStrict) {
  TempDir t;
  const std::string root = add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  copy_debian_apache(t, root.substr(t.path().size()));
  Outcome r = apache(t, {"--guest", "web1"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  expect_summary(r, "VS_APACHE OK", service_perf(1, 1, 0));
  EXPECT_EQ(findings(r), "");
  r = apache(t, {"--guest", "web1", "--strict"});
  EXPECT_EQ(r.exit_code, 1);
  expect_summary(r, "VS_APACHE WARNING", service_perf(1, 1, 1));
  EXPECT_EQ(findings(r), "WARNING " + root + "/etc/apache2/ports.conf:5: Listen 80" + kDualStack +
                             "--strict: bind guest web1's own address\n");
}

TEST(CheckVsApache, GuestLoopbackIsCriticalUnlessItHasLoopback) {
  TempDir t;
  const std::string root = add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  const std::string rel = root.substr(t.path().size() + 1);
  copy_debian_apache(t, "/" + rel);
  t.write(rel + "/etc/apache2/ports.conf", "Listen 127.0.0.1:8080\nListen 192.0.2.40:80\n");
  Outcome r = apache(t, {"--guest", "web1", "--proc", vs::test::vs22_proc()});
  EXPECT_EQ(r.exit_code, 2);
  expect_summary(r, "VS_APACHE CRITICAL", service_perf(2, 0, 1));
  EXPECT_EQ(
      findings(r),
      "CRITICAL " + root +
          "/etc/apache2/ports.conf:1: Listen 127.0.0.1:8080: loopback address, but guest web1 has "
          "no loopback (vs2.2 kernel): the bind fails\n");
  t.write("etc/vservers/web1/nflags", "lback_remap\n");
  r = apache(t, {"--guest", "web1", "--proc", vs::test::vs22_proc()});
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(CheckVsApache, IncludeCycleIsCritical) {
  TempDir t;
  t.write("etc/apache2/apache2.conf", "Listen 192.0.2.1:80\nInclude a.conf\n");
  t.write("etc/apache2/a.conf", "Include b.conf\n");
  t.write("etc/apache2/b.conf", "Include a.conf\n");
  const Outcome r = apache(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 2);
  expect_summary(r, "VS_APACHE CRITICAL", service_perf(0, 0, 0));  // it binds nothing
  const std::string d = t.path() + "/etc/apache2/";
  EXPECT_EQ(findings(r), "CRITICAL " + d + "b.conf:1: Apache will not start: include loop: " + d +
                             "apache2.conf -> " + d + "a.conf -> " + d + "b.conf -> " + d +
                             "a.conf\n");
}

TEST(CheckVsApache, DefineOptionOpensIfDefine) {
  TempDir t;
  t.write("etc/apache2/apache2.conf",
          "Listen 192.0.2.1:80\n<IfDefine PUBLIC>\n  Listen 8080\n</IfDefine>\n");
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  EXPECT_EQ(apache(t, {"--role", "host"}).exit_code, 0);
  const Outcome r = apache(t, {"--role", "host", "--define", "PUBLIC"});
  EXPECT_EQ(r.exit_code, 2);
  expect_summary(r, "VS_APACHE CRITICAL", service_perf(2, 1, 1));
  EXPECT_EQ(findings(r), "CRITICAL " + t.path() + "/etc/apache2/apache2.conf:3: Listen 8080" +
                             kDualStack +
                             "answers for guest web1 (192.0.2.40): bind the host's own address\n");
}

TEST(CheckVsApache, RhelLayoutIsTheFallback) {
  TempDir t;
  t.write("etc/httpd/conf/httpd.conf",
          "ServerRoot \"/etc/httpd\"\nListen 192.0.2.1:80\nInclude "
          "conf.modules.d/*.conf\nIncludeOptional "
          "conf.d/*.conf\n");
  t.write("etc/httpd/conf.modules.d/00-ssl.conf", "LoadModule ssl_module modules/mod_ssl.so\n");
  t.write("etc/httpd/conf.d/ssl.conf", "<IfModule mod_ssl.c>\nListen 443 https\n</IfModule>\n");
  add_guest(t, {.name = "web1", .ips = {"2001:db8::40"}});
  const Outcome r = apache(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 2);
  expect_summary(r, "VS_APACHE CRITICAL", service_perf(2, 1, 1));
  EXPECT_EQ(findings(r),
            "CRITICAL " + t.path() + "/etc/httpd/conf.d/ssl.conf:2: Listen 443 https" + kDualStack +
                "answers for guest web1 (2001:db8::40): bind the host's own address\n");
}

TEST(CheckVsApache, HostNameAndShellComputedVariableAreWarnings) {
  TempDir t;
  t.write("etc/apache2/envvars", "export ADDR=$(hostname -i)\n");
  t.write("etc/apache2/apache2.conf", "Listen www.example.org:80\nListen ${ADDR}:81\n");
  const Outcome r = apache(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 1);
  expect_summary(r, "VS_APACHE WARNING", service_perf(1, 0, 1));
  const std::string f = t.path() + "/etc/apache2/apache2.conf";
  EXPECT_EQ(findings(r),
            "WARNING " + f +
                ":1: Listen www.example.org:80: host name 'www.example.org' instead of an address: "
                "cannot judge a name\nWARNING " +
                f +
                ":2: Listen ${ADDR}:81: ${ADDR} comes from envvars with a value only the shell "
                "knows: not judged\n");
}

// A name in the tree's /etc/hosts is judged as the address it is, and says so.
TEST(CheckVsApache, NamesFromTheTreesHostsFile) {
  TempDir t;
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  t.write("etc/hosts", "127.0.0.1\tlocalhost\n192.0.2.40\tweb1.example\n");
  t.write("etc/apache2/apache2.conf", "Listen web1.example:80\n");
  const Outcome r = apache(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(findings(r), "CRITICAL " + t.path() +
                             "/etc/apache2/apache2.conf:1: Listen web1.example:80; web1.example "
                             "is 192.0.2.40 (" +
                             t.path() +
                             "/etc/hosts:2): the host binds guest web1's address 192.0.2.40\n");
}

// httpd leaves a variable defined nowhere as written: the Listen is then a syntax error.
TEST(CheckVsApache, AnUndefinedVariableStopsHttpd) {
  TempDir t;
  t.write("etc/apache2/envvars", "PORT=8080\n");  // not exported: httpd never sees it
  t.write("etc/apache2/apache2.conf", "Listen ${PORT}\n");
  const Outcome r = apache(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.first_line(),
            "VS_APACHE CRITICAL - " + t.path() +
                "/etc/apache2/apache2.conf:1: Apache will not start: Listen ${PORT}: Port must be "
                "specified (AH00111: Config variable ${PORT} is not defined)" +
                service_perf(0, 0, 0));
}

TEST(CheckVsApache, MissingConfigurationIsUnknown) {
  TempDir t;
  const Outcome r = apache(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(
      r.first_line().rfind("VS_APACHE UNKNOWN - " + t.path() + "/etc/apache2/apache2.conf: ", 0),
      0u)
      << r.out;
}

TEST(CheckVsApache, HelpAndVersion) {
  const Outcome help = vs::test::run({vs::test::plugin("check_vs_apache"), "--help"});
  EXPECT_EQ(help.exit_code, 3);
  EXPECT_NE(help.out.find("--define"), std::string::npos);
  EXPECT_NE(help.out.find("IfModule"), std::string::npos);
  const Outcome version = vs::test::run({vs::test::plugin("check_vs_apache"), "-V"});
  EXPECT_EQ(version.exit_code, 3);
  EXPECT_EQ(version.out.rfind("check_vs_apache v", 0), 0u);
}
