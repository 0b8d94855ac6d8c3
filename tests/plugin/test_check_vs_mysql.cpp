// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_mysql as a sysadmin runs it: the built binary on host and guest trees,
// with Debian 12's own MariaDB option files (my.cnf -> /etc/alternatives/my.cnf ->
// mariadb.cnf, conf.d/, mariadb.conf.d/) and variants.
#include <gtest/gtest.h>

#include <filesystem>

#include "plugin_output.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::add_guest;
using vs::test::TempDir;

using vs::test::service_perf;

namespace {

vs::test::Run mysql(const TempDir& root, std::vector<std::string> args = {}) {
  return vs::test::run_plugin("check_vs_mysql", root.path(), args);
}

// Debian 12's /etc/mysql (and the alternatives link) into `root` (a host path).
// Debian 12's stock /etc/mysql under `root`.
void install_debian_mysql(const std::string& root) {
  vs::test::copy_fixture("mysql/debian12", root);
}

const std::string kServerCnf = "/etc/mysql/mariadb.conf.d/50-server.cnf";

}  // namespace

TEST(CheckVsMysql, DebianDefaultOnTheHostIsFine) {
  TempDir t;
  add_guest(t, {.name = "db1", .ips = {"192.0.2.50"}});
  install_debian_mysql(t.path());
  const auto r = mysql(t, {"-v"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "VS_MYSQL OK - MySQL: 1 endpoint, all bound as they should be" +
                       service_perf(1, 0, 0) + "\n" + "OK " + t.path() + kServerCnf +
                       ":27: tcp 127.0.0.1:3306 (bind-address = 127.0.0.1): loopback\n");
}

TEST(CheckVsMysql, DebianDefaultInAGuestWithoutLoopbackIsCritical) {
  TempDir t;
  const std::string db1 = add_guest(t, {.name = "db1", .ips = {"192.0.2.50"}});
  install_debian_mysql(db1);
  const auto r = mysql(t, {"--guest", "db1", "--proc", vs::test::vs22_proc()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out,
            "VS_MYSQL CRITICAL - tcp 127.0.0.1:3306 (bind-address = 127.0.0.1) (50-server.cnf:27)" +
                service_perf(1, 0, 1) + "\n" + "CRITICAL " + db1 + kServerCnf +
                ":27: tcp 127.0.0.1:3306 (bind-address = 127.0.0.1): loopback address, but guest "
                "db1 has no loopback (vs2.2 kernel): the bind fails\n");
  EXPECT_EQ(mysql(t, {"--guest", "db1", "--loopback", "yes"}).exit_code, 0);
}

TEST(CheckVsMysql, DebianDefaultInAGuestWithRemappedLoopbackIsFine) {
  TempDir t;
  const std::string db1 =
      add_guest(t, {.name = "db1", .ips = {"192.0.2.50"}, .nflags = {"lback_remap"}});
  install_debian_mysql(db1);
  EXPECT_EQ(mysql(t, {"--guest", "db1"}).exit_code, 0);
  EXPECT_EQ(mysql(t, {"--guest", "db1", "--loopback", "no"}).exit_code, 2);
}

TEST(CheckVsMysql, GaleraFileUncommentedBindsEveryAddress) {
  TempDir t;
  add_guest(t, {.name = "db1", .ips = {"192.0.2.50"}});
  install_debian_mysql(t.path());
  // What the stock 60-galera.cnf suggests: it comes after 50-server.cnf, so it wins.
  t.write("etc/mysql/mariadb.conf.d/60-galera.cnf", "[galera]\nbind-address = 0.0.0.0\n");
  const auto r = mysql(t);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(
      r.out,
      "VS_MYSQL CRITICAL - tcp 0.0.0.0:3306 (bind-address = 0.0.0.0) (60-galera.cnf:2)" +
          service_perf(1, 1, 1) + "\n" + "CRITICAL " + t.path() +
          "/etc/mysql/mariadb.conf.d/60-galera.cnf:2: tcp 0.0.0.0:3306 (bind-address = 0.0.0.0): "
          "wildcard; answers for guest db1 (192.0.2.50): bind the host's own address\n");
}

TEST(CheckVsMysql, AGuestBindingItsOwnAddresses) {
  TempDir t;
  const std::string db1 = add_guest(t, {.name = "db1", .ips = {"192.0.2.50", "2001:db8::50"}});
  install_debian_mysql(db1);
  t.write("vservers/db1/etc/mysql/conf.d/bind.cnf", "[mysqld]\nbind-address = 192.0.2.51\n");
  t.write("vservers/db1/etc/mysql/mariadb.conf.d/90-bind.cnf",
          "[mariadbd]\nbind_address = 192.0.2.50,2001:db8::50\n");
  const auto r = mysql(t, {"--guest", "db1", "-v"});
  EXPECT_EQ(r.exit_code, 0);
  const std::string at = "OK " + db1 + "/etc/mysql/mariadb.conf.d/90-bind.cnf:2: ";
  EXPECT_EQ(r.out,
            "VS_MYSQL OK - MySQL: 2 endpoints, all bound as they should be" +
                service_perf(2, 0, 0) + "\n" + at +
                "tcp 192.0.2.50:3306 (bind_address = 192.0.2.50,2001:db8::50): guest db1's own "
                "address\n" +
                at +
                "tcp [2001:db8::50]:3306 (bind_address = 192.0.2.50,2001:db8::50): guest db1's own "
                "address\n");
}

TEST(CheckVsMysql, SkipNetworkingHasNothingToJudge) {
  TempDir t;
  t.write("etc/my.cnf", "[mysqld]\nbind-address = 0.0.0.0\nskip-networking\n");
  const auto r = mysql(t);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "VS_MYSQL OK - MySQL: 0 endpoints, all bound as they should be" +
                       service_perf(0, 0, 0) + "\n" + "OK " + t.path() +
                       "/etc/my.cnf:3: skip-networking: no TCP listener, only the Unix socket\n");
}

TEST(CheckVsMysql, IncludeDirCyclesEndWithAWarning) {
  TempDir t;
  t.write("etc/mysql/my.cnf",
          "[mysqld]\nbind-address = 192.0.2.1\n!includedir /etc/mysql/conf.d/\n");
  t.write("etc/mysql/conf.d/a.cnf", "[mysqld]\nport = 3307\n!includedir /etc/mysql/conf.d/\n");
  const auto r = mysql(t);
  EXPECT_EQ(r.exit_code, 1);
  const std::string a = t.path() + "/etc/mysql/conf.d/a.cnf";
  const std::string why =
      "include loop: " + t.path() + "/etc/mysql/my.cnf -> " + a + " -> " + a + ": skipped";
  EXPECT_EQ(r.out, "VS_MYSQL WARNING - " + a + ":3: " + why + service_perf(1, 0, 0) + "\n" +
                       "WARNING " + a + ":3: " + why + "\n");
}

TEST(CheckVsMysql, WhatStopsTheServerIsCritical) {
  TempDir t;
  t.write("etc/mysql/my.cnf", "bind-address = 192.0.2.1\n");
  const auto r = mysql(t);
  EXPECT_EQ(r.exit_code, 2);
  const std::string my_cnf = t.path() + "/etc/mysql/my.cnf";
  // A server that will not start binds nothing: the refusal leads the summary, in the
  // server's words.
  const std::string refusal = my_cnf +
                              ":1: MySQL will not start: Found option without preceding group in "
                              "config file: Fatal error in defaults handling";
  EXPECT_EQ(r.out, "VS_MYSQL CRITICAL - " + refusal + "; 3 warnings" + service_perf(2, 2, 2) +
                       "\nCRITICAL " + refusal + "\nWARNING " + my_cnf +
                       ": tcp 0.0.0.0:3306 (bind-address not set): wildcard; " +
                       vs::test::kNoGuestsYet + "\nWARNING " + my_cnf +
                       ": tcp [::]:3306 (bind-address not set): wildcard (IPv6 only); " +
                       vs::test::kNoGuestsYet + "\n" + vs::test::no_guests_line(t.path(), 2));
}

TEST(CheckVsMysql, MissingConfigurationIsUnknown) {
  TempDir t;
  const auto r = mysql(t);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.first_line(), "VS_MYSQL UNKNOWN - " + t.path() +
                                "/etc/mysql/my.cnf: no such file (nor " + t.path() +
                                "/etc/my.cnf)" + service_perf(0, 0, 0));
  EXPECT_EQ(mysql(t, {"--config", "/etc/my.cnf"}).first_line(),
            "VS_MYSQL UNKNOWN - " + t.path() + "/etc/my.cnf: no such file" + service_perf(0, 0, 0));
}

// mariadbd reads /etc/my.cnf, then /etc/mysql/my.cnf: every one that exists, later
// values winning. --config is --defaults-file: that file alone.
TEST(CheckVsMysql, EveryDefaultFileIsRead) {
  TempDir t;
  install_debian_mysql(t.path());
  t.write("etc/my.cnf", "[mysqld]\nport = 3307\nbind-address = 192.0.2.1\n");
  const auto r = mysql(t, {"-vvv"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("OK " + t.path() + kServerCnf + ":27: binds tcp 127.0.0.1:3307\n"),
            std::string::npos)
      << r.out;
  const auto first = r.out.find(t.path() + "/etc/my.cnf: read");
  const auto second = r.out.find(t.path() + "/etc/mysql/my.cnf: read");
  EXPECT_NE(first, std::string::npos) << r.out;
  EXPECT_NE(second, std::string::npos) << r.out;
  EXPECT_LT(first, second) << "the server's order";

  const auto one = mysql(t, {"--config", "/etc/my.cnf", "-vvv"});
  EXPECT_NE(one.out.find("OK " + t.path() + "/etc/my.cnf:3: binds tcp 192.0.2.1:3307\n"),
            std::string::npos)
      << one.out;
  EXPECT_EQ(one.out.find("/etc/mysql/my.cnf: read"), std::string::npos) << one.out;
}

// [mysqld-X.Y] groups count for the server's own version only: from dpkg's status
// in the judged tree, or --server-version.
TEST(CheckVsMysql, VersionedGroups) {
  TempDir t;
  install_debian_mysql(t.path());  // with the dpkg status of MariaDB 10.11
  t.write("etc/mysql/mariadb.conf.d/99-local.cnf",
          "[mysqld-10.6]\nbind-address = 192.0.2.6\n[mariadb-10.11]\nport = 3307\n");
  const auto r = mysql(t, {"-vvv"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("binds tcp 127.0.0.1:3307\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[mysqld-10.6] is read only by MariaDB 10.6, and this server is 10.11 (" +
                       t.path() + "/var/lib/dpkg/status:68): skipped"),
            std::string::npos)
      << r.out;

  const auto old = mysql(t, {"--server-version", "10.6.21", "-vvv"});
  EXPECT_NE(old.out.find("binds tcp 192.0.2.6:3306\n"), std::string::npos) << old.out;

  std::filesystem::remove(t.path() + "/var/lib/dpkg/status");
  const auto unknown = mysql(t);
  EXPECT_EQ(unknown.exit_code, 1) << unknown.out;
  EXPECT_NE(unknown.out.find("the server's version is unknown (" + t.path() +
                             "/var/lib/dpkg/status: no such file): its lines are not counted; "
                             "say it with --server-version"),
            std::string::npos)
      << unknown.out;

  const auto bad = mysql(t, {"--server-version", "ten"});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_EQ(bad.first_line(),
            "VS_MYSQL UNKNOWN - --server-version must be the server's version, such as 10.11, not "
            "'ten'");
}

// Issue 15: through sudo or NRPE arguments, --config can name a root-only file. What
// does not parse is named by file and line only.
TEST(CheckVsMysql, ASecretFileIsNotEchoed) {
  TempDir t;
  const std::string hash = "$6$rounds=5000$Secr3tSalt$0123456789abcdefghijklmnopqrstuvwxyz";
  t.write("etc/shadow", "root:" + hash + ":19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
  const auto r = mysql(t, {"--config", "/etc/shadow", "-vvv"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out.find("Secr3t"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(t.path() + "/etc/shadow:1: MySQL will not start: Found option without "
                                  "preceding group"),
            std::string::npos)
      << r.out;
}
