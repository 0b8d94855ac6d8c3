// check_vs_mysql as a sysadmin runs it: the built binary on host and guest trees,
// with Debian 12's own MariaDB option files (my.cnf -> /etc/alternatives/my.cnf ->
// mariadb.cnf, conf.d/, mariadb.conf.d/) and variants.
#include <gtest/gtest.h>

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
  // A server that will not start binds nothing: the refusal leads the summary.
  const std::string refusal = my_cnf + ":1: MySQL will not start: option outside any [group]";
  EXPECT_EQ(r.out, "VS_MYSQL CRITICAL - " + refusal + "; 2 warnings" + service_perf(1, 1, 1) +
                       "\nCRITICAL " + refusal + "\nWARNING " + my_cnf +
                       ": tcp [::]:3306 (bind-address not set): wildcard (dual-stack: IPv6 and "
                       "IPv4); " +
                       vs::test::kNoGuestsYet + "\n" + vs::test::no_guests_line(t.path(), 1));
}

TEST(CheckVsMysql, MissingConfigurationIsUnknown) {
  TempDir t;
  const auto r = mysql(t);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.first_line(), "VS_MYSQL UNKNOWN - " + t.path() + "/etc/mysql/my.cnf: no such file" +
                                service_perf(0, 0, 0));
}
