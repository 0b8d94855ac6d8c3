// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/mysql.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "config_lines.hpp"
#include "guests.hpp"
#include "net/names.hpp"
#include "policy/bind_policy.hpp"
#include "process.hpp"

using vs::config::OptionFileItem;
using vs::config::parse_option_file;
using vs::config::ServerGroup;
using vs::plugin::Status;
using vs::test::TempDir;

namespace {

using Strings = std::vector<std::string>;

// "line [group] name=value", "line !include path", "line fatal: why".
Strings items(const std::vector<OptionFileItem>& list) {
  Strings out;
  for (const auto& i : list) {
    const std::string at = std::to_string(i.where.line) + " ";
    switch (i.kind) {
      case OptionFileItem::Kind::option:
        out.push_back(at + "[" + i.group + "] " + i.name + (i.value ? "=" + *i.value : ""));
        break;
      case OptionFileItem::Kind::include:
        out.push_back(at + "!include " + i.name);
        break;
      case OptionFileItem::Kind::includedir:
        out.push_back(at + "!includedir " + i.name);
        break;
      case OptionFileItem::Kind::fatal:
        out.push_back(at + "fatal: " + i.problem);
        break;
    }
  }
  return out;
}

using vs::test::FileList;

const std::vector<std::string> kDefaults = {"/etc/my.cnf", "/etc/mysql/my.cnf"};

// The dpkg status of a Debian 12 machine with MariaDB 10.11.
const std::string kStatus1011 =
    "Package: mariadb-server-core\nStatus: install ok installed\nVersion: 1:10.11.19-0+deb12u1\n";

// A tree holding `files`, read as the server reads it.
struct Files {
  TempDir dir;
  vs::config::MysqlOptions options;
  explicit Files(const FileList& files) { dir.write_tree(files); }
  // --defaults-file=path
  vs::config::ServiceConfig read(const std::string& path = "/etc/mysql/my.cnf") const {
    const vs::fs::Tree tree(dir.path());
    return vs::config::read_mysql(tree, path, options);
  }
  Strings lines(const std::string& path = "/etc/mysql/my.cnf") const {
    return ::vs::test::config_lines(read(path), dir.path());
  }
  // No --defaults-file: every default file.
  Strings default_lines() const {
    const vs::fs::Tree tree(dir.path());
    return ::vs::test::config_lines(vs::config::read_mysql_defaults(tree, kDefaults, options),
                                    dir.path());
  }
  Strings files_read(const std::vector<std::string>& paths = {"/etc/mysql/my.cnf"}) const {
    const vs::fs::Tree tree(dir.path());
    return vs::test::strip_root(vs::config::load_mysql_defaults(tree, paths, options).files_read,
                                dir.path());
  }
};

vs::config::ServiceConfig read(const std::string& content) {
  return Files(FileList{{"/etc/mysql/my.cnf", content}}).read();
}
Strings read_lines(const std::string& content) {
  return Files(FileList{{"/etc/mysql/my.cnf", content}}).lines();
}
// With the tree's /etc/hosts and /etc/host.conf.
Strings read_with_hosts(const std::string& content, const std::string& hosts,
                        const std::string& host_conf = "multi on\n") {
  return Files(FileList{{"/etc/mysql/my.cnf", content},
                        {"/etc/hosts", hosts},
                        {"/etc/host.conf", host_conf}})
      .lines();
}

const Strings kEveryAddress = {"/etc/mysql/my.cnf: tcp 0.0.0.0:3306 (bind-address not set)",
                               "/etc/mysql/my.cnf: tcp [::]:3306 (bind-address not set)"};

Strings plus(Strings a, const Strings& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST(MysqlParse, GroupsOptionsValuesAndComments) {
  const auto f = parse_option_file(
      "# comment\n; comment\n[mysqld]\nbind-address = 127.0.0.1 # inline\n  "
      "port=3307\nskip-networking\n[ client ]\npassword = \"a#b\" # c\nsocket='/run/x y'\nempty "
      "=\n[g] junk\nx=1#c\n",
      "f");
  EXPECT_EQ(items(f),
            (Strings{"4 [mysqld] bind-address=127.0.0.1", "5 [mysqld] port=3307",
                     "6 [mysqld] skip-networking", "8 [ client] password=a#b",
                     "9 [ client] socket=/run/x y", "10 [ client] empty=", "12 [g] x=1"}));
}

TEST(MysqlParse, QuotesAndEscapes) {
  EXPECT_EQ(
      items(parse_option_file("[s]\na=\"x\\ty\\sz\\\\\"\nb='\\q'\nc=\"unbalanced\nd=\"\n", "f")),
      (Strings{"2 [s] a=x\ty z\\", "3 [s] b=\\q", "4 [s] c=\"unbalanced", "5 [s] d=\""}));
}

TEST(MysqlParse, IncludeDirectives) {
  EXPECT_EQ(
      items(parse_option_file("!include /etc/a.cnf\n!includedir /etc/mysql/conf.d/  \n! include  "
                              "b.cnf\n!includes x\n!foo\n",
                              "f")),
      (Strings{"1 !include /etc/a.cnf", "2 !includedir /etc/mysql/conf.d/", "3 !include b.cnf"}));
}

TEST(MysqlParse, FatalLinesEndTheFileInTheServersWords) {
  EXPECT_EQ(items(parse_option_file("port=1\n[mysqld]\nport=2\n", "f")),
            Strings{"1 fatal: Found option without preceding group in config file"});
  EXPECT_EQ(items(parse_option_file("[mysqld\nport=2\n", "f")),
            Strings{"1 fatal: Wrong group definition in config file"});
  EXPECT_EQ(items(parse_option_file("[a]\nx=1\n!includedir\ny=2\n", "f")),
            (Strings{"2 [a] x=1", "3 fatal: Wrong '!includedir' directive in config file"}));
  EXPECT_EQ(items(parse_option_file("!include   \n", "f")),
            Strings{"1 fatal: Wrong '!include' directive in config file"});
}

TEST(MysqlParse, TheVisitorCanStop) {
  int seen = 0;
  vs::config::visit_option_file("[a]\nx=1\ny=2\nz=3\n", "f",
                                [&](const OptionFileItem&) { return ++seen < 2; });
  EXPECT_EQ(seen, 2);
}

TEST(MysqlGroups, TheServersGroups) {
  for (const char* g :
       {"mysqld", "server", "mariadb", "mariadbd", "client-server", "galera", "MYSQLD", "MySQLd"}) {
    EXPECT_EQ(vs::config::server_group(g).kind, ServerGroup::Kind::server) << g;
  }
  for (const auto& [g, v] : {std::pair{"mysqld-8.0", "8.0"},
                             {"MariaDB-10.11", "10.11"},
                             {"mariadbd-10.11", "10.11"},
                             {"mysqld-10.11.19", "10.11.19"}}) {
    const auto s = vs::config::server_group(g);
    EXPECT_EQ(s.kind, ServerGroup::Kind::versioned) << g;
    EXPECT_EQ(s.version, v) << g;
  }
  for (const char* g : {"client", "mysql", "mysqld_safe", "embedded", "client-mariadb", "mysqld-",
                        "mariadb-x", " mysqld", "mysqld-10.", "mysqldump", ""}) {
    EXPECT_EQ(vs::config::server_group(g).kind, ServerGroup::Kind::other) << g;
  }
}

TEST(MysqlRead, DebiansDefaultFilesBindLoopback) {
  const std::string root = vs::test::fixture("mysql/debian12");
  const vs::fs::Tree tree(root);
  const auto c = vs::config::read_mysql_defaults(tree, kDefaults);
  EXPECT_EQ(vs::test::config_lines(c, root),
            Strings{"/etc/mysql/mariadb.conf.d/50-server.cnf:27: tcp "
                    "127.0.0.1:3306 (bind-address = 127.0.0.1)"});
  EXPECT_EQ(vs::test::strip_root(c.files_read, root),
            (Strings{"/etc/mysql/my.cnf", "/etc/mysql/conf.d/mysql.cnf",
                     "/etc/mysql/conf.d/mysqldump.cnf", "/etc/mysql/mariadb.conf.d/50-client.cnf",
                     "/etc/mysql/mariadb.conf.d/50-mysql-clients.cnf",
                     "/etc/mysql/mariadb.conf.d/50-mysqld_safe.cnf",
                     "/etc/mysql/mariadb.conf.d/50-server.cnf",
                     "/etc/mysql/mariadb.conf.d/60-galera.cnf"}));
}

TEST(MysqlDefaults, EveryDefaultFileInTheServersOrderLaterValuesWin) {
  const Files f(FileList{{"/etc/my.cnf", "[mysqld]\nport=3307\nbind-address=192.0.2.1\n"},
                         {"/etc/mysql/my.cnf", "[mysqld]\nbind-address=192.0.2.2\n"}});
  EXPECT_EQ(f.default_lines(),
            Strings{"/etc/mysql/my.cnf:2: tcp 192.0.2.2:3307 (bind-address = 192.0.2.2)"});
  EXPECT_EQ(f.files_read(kDefaults), (Strings{"/etc/my.cnf", "/etc/mysql/my.cnf"}));
  // --defaults-file: that one file only.
  EXPECT_EQ(f.lines("/etc/my.cnf"),
            Strings{"/etc/my.cnf:3: tcp 192.0.2.1:3307 (bind-address = 192.0.2.1)"});
}

TEST(MysqlDefaults, OnlyOneOfThemThere) {
  const Files f(FileList{{"/etc/my.cnf", "[mysqld]\n"}});
  EXPECT_EQ(f.default_lines(), (Strings{"/etc/my.cnf: tcp 0.0.0.0:3306 (bind-address not set)",
                                        "/etc/my.cnf: tcp [::]:3306 (bind-address not set)"}));
}

TEST(MysqlDefaults, NoneThereIsAMissingFile) {
  const Files f(FileList{});
  const vs::fs::Tree tree(f.dir.path());
  try {
    vs::config::read_mysql_defaults(tree, kDefaults);
    FAIL() << "no error";
  } catch (const vs::fs::FileMissing& e) {
    EXPECT_EQ(vs::test::strip_root(e.what(), f.dir.path()),
              "/etc/mysql/my.cnf: no such file (nor /etc/my.cnf)");
  }
  EXPECT_THROW(f.read(), vs::fs::FileMissing);
}

TEST(MysqlDefaults, EachIsReadFirstHand) {
  // A fatal line in the first default file stops the server; the second is read all
  // the same (the reader says what the server would find).
  const Files f(FileList{{"/etc/my.cnf", "port=3307\n"}, {"/etc/mysql/my.cnf", "[mysqld]\n"}});
  EXPECT_EQ(f.default_lines(),
            (Strings{"/etc/mysql/my.cnf: tcp 0.0.0.0:3306 (bind-address not set)",
                     "/etc/mysql/my.cnf: tcp [::]:3306 (bind-address not set)",
                     "refusal /etc/my.cnf:1: Found option without preceding group in config file: "
                     "Fatal error in defaults handling"}));
}

TEST(MysqlDefaults, AnUnreadableDefaultFileIsAnError) {
  Files f(FileList{{"/etc/mysql/my.cnf", "[mysqld]\n"}});
  f.dir.mkdir("etc/my.cnf");  // a directory where the file should be
  const vs::fs::Tree tree(f.dir.path());
  EXPECT_THROW(vs::config::read_mysql_defaults(tree, kDefaults), vs::fs::FileError);
}

TEST(MysqlVersion, VersionedGroupsOfTheInstalledServerOnly) {
  const std::string cnf =
      "[mysqld-10.11]\nport=3307\n[mariadb-10.6]\nbind-address=192.0.2.9\nport=3309\n"
      "[mariadbd-10.11]\nbind-address=192.0.2.1\n[mysqld-10.11.19]\nport=3310\n";
  const Files f(FileList{{"/etc/mysql/my.cnf", cnf}, {"/var/lib/dpkg/status", kStatus1011}});
  EXPECT_EQ(f.lines(),
            (Strings{"/etc/mysql/my.cnf:7: tcp 192.0.2.1:3307 (bind-address = 192.0.2.1)",
                     "info /etc/mysql/my.cnf:4: [mariadb-10.6] is read only by MariaDB 10.6, and "
                     "this server is 10.11 (/var/lib/dpkg/status:3): skipped",
                     "info /etc/mysql/my.cnf:9: [mysqld-10.11.19] is read only by MariaDB "
                     "10.11.19, and this server is 10.11 (/var/lib/dpkg/status:3): skipped"}));
}

TEST(MysqlVersion, GivenOnTheCommandLine) {
  Files f(FileList{{"/etc/mysql/my.cnf", "[mysqld-10.6]\nbind-address=192.0.2.1\n"},
                   {"/var/lib/dpkg/status", kStatus1011}});
  f.options.server_version = "10.6.12";
  EXPECT_EQ(f.lines(),
            Strings{"/etc/mysql/my.cnf:2: tcp 192.0.2.1:3306 (bind-address = 192.0.2.1)"});
}

TEST(MysqlVersion, UnknownVersionIsUnjudged) {
  const Files f(FileList{
      {"/etc/mysql/my.cnf", "[mysqld-10.6]\nbind-address=192.0.2.1\nport=3307\n[mysqld]\n"},
      {"/var/lib/dpkg/status", "Package: postfix\nStatus: install ok installed\nVersion: 3.7\n"}});
  EXPECT_EQ(f.lines(), plus(kEveryAddress,
                            {"unjudged /etc/mysql/my.cnf:2: [mysqld-10.6] is read only by MariaDB "
                             "10.6, and the server's version is unknown (no MariaDB server package "
                             "installed in /var/lib/dpkg/status): its lines are not counted; say "
                             "it with --server-version"}));
  const Files none(FileList{{"/etc/mysql/my.cnf", "[mysqld-10.6]\nport=3307\n"}});
  const auto n = none.read();
  ASSERT_EQ(n.notes.size(), 1u);
  EXPECT_NE(n.notes[0].text.find("/var/lib/dpkg/status: no such file"), std::string::npos)
      << n.notes[0].text;
}

TEST(MysqlVersion, DpkgStatusIsReadOnlyWhenAVersionedGroupMatters) {
  // Debian's own 50-server.cnf has an empty [mariadb-10.11]: nothing to look up.
  Files f(FileList{{"/etc/mysql/my.cnf", "[mariadb-10.11]\nsocket=/run/x\n[mysqld]\n"}});
  f.dir.mkdir("var/lib/dpkg/status");  // would be an error if it were read
  EXPECT_EQ(f.lines(), kEveryAddress);
}

TEST(MysqlRead, BindAddressForms) {
  EXPECT_EQ(read_lines("[mysqld]\n"), kEveryAddress);
  EXPECT_EQ(
      read_lines("[mysqld]\nbind-address=192.0.2.1,2001:db8::1\n"),
      (Strings{"/etc/mysql/my.cnf:2: tcp 192.0.2.1:3306 (bind-address = 192.0.2.1,2001:db8::1)",
               "/etc/mysql/my.cnf:2: tcp [2001:db8::1]:3306 (bind-address = "
               "192.0.2.1,2001:db8::1)"}));
  EXPECT_EQ(read_lines("[mysqld]\nbind_address = *\n"),
            (Strings{"/etc/mysql/my.cnf:2: tcp 0.0.0.0:3306 (bind_address = *)",
                     "/etc/mysql/my.cnf:2: tcp [::]:3306 (bind_address = *)"}));
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=0.0.0.0\n"),
            Strings{"/etc/mysql/my.cnf:2: tcp 0.0.0.0:3306 (bind-address = 0.0.0.0)"});
  const auto v6 = read("[mysqld]\nbind-address=::\n");
  ASSERT_EQ(v6.endpoints.size(), 1u);
  EXPECT_EQ(v6.endpoints[0].endpoint.scope(), vs::net::Scope::wildcard_v6_only);
  const auto star = read("[mysqld]\nbind-address=*\n");
  ASSERT_EQ(star.endpoints.size(), 2u);
  EXPECT_EQ(star.endpoints[1].endpoint.scope(), vs::net::Scope::wildcard_v6_only);
}

TEST(MysqlRead, InetAtonForms) {
  for (const auto& [written, address] : {std::pair{"127.1", "127.0.0.1"},
                                         {"0177.0.0.1", "127.0.0.1"},
                                         {"0x7f.1", "127.0.0.1"},
                                         {"0", "0.0.0.0"},
                                         {"00.00.00.00", "0.0.0.0"}}) {
    EXPECT_EQ(
        read_lines("[mysqld]\nbind-address=" + std::string(written) + "\n"),
        Strings{"/etc/mysql/my.cnf:2: tcp " + std::string(address) +
                ":3306 (bind-address = " + written + "; " + written + " is " + address + ")"});
  }
}

TEST(MysqlRead, EntriesThatDoNotResolveStopTheServer) {
  const std::string refusal =
      "refusal /etc/mysql/my.cnf:2: Can't create IP socket: Name or service "
      "not known (";
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=\n"), Strings{refusal + "bind-address is empty)"});
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=192.0.2.1, 2001:db8::1\n"),
            Strings{refusal + "' 2001:db8::1' has a blank)"});
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=192.0.2.1,\n"),
            Strings{refusal + "an empty entry in the list)"});
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=2001:db8::1%lo\n"),
            Strings{refusal + "'2001:db8::1%lo': a zone only goes with a link-local address)"});
}

TEST(MysqlRead, SocketsThatFailToBind) {
  const std::string in_use =
      "Can't start server: Bind on TCP/IP port. Got error: 98: Address "
      "already in use";
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=192.0.2.1,192.0.2.1\n"),
            (Strings{"/etc/mysql/my.cnf:2: tcp 192.0.2.1:3306 (bind-address = 192.0.2.1,192.0.2.1)",
                     "refusal /etc/mysql/my.cnf:2: " + in_use +
                         " (tcp 192.0.2.1:3306 overlaps tcp 192.0.2.1:3306, bound before)"}));
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=*,192.0.2.1\n").back(),
            "refusal /etc/mysql/my.cnf:2: " + in_use +
                " (tcp 192.0.2.1:3306 overlaps tcp 0.0.0.0:3306, bound before)");
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=192.0.2.1,0.0.0.0\n").back(),
            "refusal /etc/mysql/my.cnf:2: " + in_use +
                " (tcp 0.0.0.0:3306 overlaps tcp 192.0.2.1:3306, bound before)");
  EXPECT_EQ(read("[mysqld]\nbind-address=::,2001:db8::1\n").notes.size(), 1u);
  // Every IPv6 socket is IPv6-only: the two wildcards, or the same port on both
  // families, do not overlap.
  EXPECT_TRUE(read("[mysqld]\nbind-address=::,0.0.0.0\n").notes.empty());
  EXPECT_TRUE(read("[mysqld]\nbind-address=192.0.2.1,::\n").notes.empty());
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=192.0.2.1\nextra-port=3306\n").back(),
            "refusal /etc/mysql/my.cnf:3: " + in_use +
                " (tcp 192.0.2.1:3306 overlaps tcp 192.0.2.1:3306, bound before)");
  const std::string invalid =
      "Can't start server: Bind on TCP/IP port. Got error: 22: Invalid "
      "argument";
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=::ffff:127.0.0.1\n"),
            Strings{"refusal /etc/mysql/my.cnf:2: " + invalid +
                    " (tcp [::ffff:127.0.0.1]:3306: an IPv4-mapped address on an IPv6-only "
                    "socket)"});
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=fe80::1\n"),
            Strings{"refusal /etc/mysql/my.cnf:2: " + invalid +
                    " (tcp [fe80::1]:3306: a link-local address needs a zone (%device))"});
}

TEST(MysqlRead, ALinkLocalZoneIsTheDevice) {
  const auto c = read("[mysqld]\nbind-address=fe80::1%eth1\n");
  ASSERT_EQ(c.endpoints.size(), 1u);
  EXPECT_EQ(c.endpoints[0].endpoint.str(), "tcp [fe80::1]%eth1:3306");
  EXPECT_TRUE(c.notes.empty());
}

TEST(MysqlNames, EveryAddressTheHostsFileGives) {
  const std::string hosts =
      "127.0.0.1 localhost\n192.0.2.1 db.example\n::1 localhost\n"
      "2001:db8::1 db.example db\n192.0.2.7 DB.example\n";
  EXPECT_EQ(read_with_hosts("[mysqld]\nbind-address=db.example\n", hosts),
            (Strings{"/etc/mysql/my.cnf:2: tcp 192.0.2.1:3306 (bind-address = db.example; "
                     "db.example is 192.0.2.1 (/etc/hosts:2))",
                     "/etc/mysql/my.cnf:2: tcp [2001:db8::1]:3306 (bind-address = db.example; "
                     "db.example is 2001:db8::1 (/etc/hosts:4))",
                     "/etc/mysql/my.cnf:2: tcp 192.0.2.7:3306 (bind-address = db.example; "
                     "db.example is 192.0.2.7 (/etc/hosts:5))"}));
  // Without "multi on", glibc stops at the first line that names it.
  EXPECT_EQ(read_with_hosts("[mysqld]\nbind-address=db.example\n", hosts, ""),
            Strings{"/etc/mysql/my.cnf:2: tcp 192.0.2.1:3306 (bind-address = db.example; "
                    "db.example is 192.0.2.1 (/etc/hosts:2))"});
  // localhost, then 127.0.0.1 again: bound twice.
  const auto twice = read_with_hosts("[mysqld]\nbind-address=localhost,127.0.0.1\n", hosts);
  ASSERT_EQ(twice.size(), 3u);
  EXPECT_EQ(twice.back().rfind("refusal /etc/mysql/my.cnf:2: Can't start server", 0), 0u)
      << twice.back();
}

TEST(MysqlNames, ANameNotInTheFilesStaysAName) {
  const auto c = read("[mysqld]\nbind-address=db.example\n");
  ASSERT_EQ(c.endpoints.size(), 1u);
  EXPECT_EQ(c.endpoints[0].endpoint.hostname, "db.example");
  EXPECT_EQ(c.endpoints[0].directive,
            "tcp db.example:3306 (bind-address = db.example; db.example is not in /etc/hosts)");
}

TEST(MysqlNames, ThePortOfMysqlInServices) {
  const Files f(FileList{{"/etc/mysql/my.cnf", "[mysqld]\nbind-address=192.0.2.1\nport=0\n"},
                         {"/etc/services", "# x\nmysql\t\t3307/tcp\nmysql 3308/udp\n"}});
  EXPECT_EQ(f.lines(),
            (Strings{"/etc/mysql/my.cnf:2: tcp 192.0.2.1:3307 (bind-address = 192.0.2.1)",
                     "info /etc/services:2: port not set: the server takes mysql's, "
                     "3307/tcp"}));
}

TEST(MysqlRead, LaterValuesAndOnlyServerGroupsCount) {
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=192.0.2.1\n[client]\nbind-address=192.0.2.9\nport="
                       "1\n[mysqld_safe]\nport=2\n[server]\nLoose-Bind='192.0.2.2'\n"),
            Strings{"/etc/mysql/my.cnf:9: tcp 192.0.2.2:3306 (Loose-Bind = 192.0.2.2)"});
}

TEST(MysqlRead, OptionNamesAsMyGetoptTakesThem) {
  EXPECT_EQ(read_lines("[mysqld]\nbin=192.0.2.1\nPORT=3307\nbind=192.0.2.1\n"),
            (Strings{"/etc/mysql/my.cnf:4: tcp 192.0.2.1:3307 (bind = 192.0.2.1)",
                     "refusal /etc/mysql/my.cnf:2: ambiguous option '--bin'"}));
  EXPECT_EQ(read_lines("[mysqld]\nskip-bind-address\n"),
            Strings{"/etc/mysql/my.cnf:2: tcp 0.0.0.0:3306 (skip-bind-address; 0 is 0.0.0.0)"});
  EXPECT_EQ(read_lines("[mysqld]\nbind-address\n"),
            plus(kEveryAddress,
                 {"refusal /etc/mysql/my.cnf:2: option '--bind_address' requires an argument"}));
  EXPECT_EQ(read_lines("[mysqld]\nloose-maximum-port=1\nmaximum-port=1\n"),
            plus(kEveryAddress,
                 {"ignored /etc/mysql/my.cnf:2: Maximum value of 'port' cannot be set: the "
                  "server goes on (loose-)",
                  "refusal /etc/mysql/my.cnf:3: Maximum value of 'port' cannot be set"}));
}

TEST(MysqlRead, Ports) {
  EXPECT_EQ(read_lines("[server]\nport = 3307\nbind-address=192.0.2.1\n"),
            Strings{"/etc/mysql/my.cnf:3: tcp 192.0.2.1:3307 (bind-address = 192.0.2.1)"});
  EXPECT_EQ(read_lines("[server]\nport = 0\nbind-address=192.0.2.1\n"),
            Strings{"/etc/mysql/my.cnf:3: tcp 192.0.2.1:3306 (bind-address = 192.0.2.1)"});
  EXPECT_EQ(read_lines("[server]\nport = mysql\nbind-address=192.0.2.1\n"),
            Strings{"/etc/mysql/my.cnf:3: tcp 192.0.2.1:3306 (bind-address = 192.0.2.1)"});
  EXPECT_EQ(read_lines("[server]\nport = 70000\nbind-address=192.0.2.1\n"),
            (Strings{"/etc/mysql/my.cnf:3: tcp 192.0.2.1:65535 (bind-address = 192.0.2.1)",
                     "ignored /etc/mysql/my.cnf:2: option 'port': unsigned value 70000 adjusted "
                     "to 65535"}));
  EXPECT_EQ(read_lines("[server]\nport = 3307abc\nbind-address=192.0.2.1\n"),
            (Strings{"/etc/mysql/my.cnf:3: tcp 192.0.2.1:3306 (bind-address = 192.0.2.1)",
                     "refusal /etc/mysql/my.cnf:2: Unknown suffix 'a' used for variable 'port' "
                     "(value '3307abc'). Legal suffix characters are: K, M, G, T, P, E"}));
  // loose-: a warning, and the port is 0 all the same (the default).
  EXPECT_EQ(read_lines("[server]\nport=3307\nloose-port = -1\nbind-address=192.0.2.1\n"),
            (Strings{"/etc/mysql/my.cnf:4: tcp 192.0.2.1:3306 (bind-address = 192.0.2.1)",
                     "ignored /etc/mysql/my.cnf:3: Incorrect unsigned value: '-1' for port: the "
                     "server goes on (loose-) with port 0"}));
  EXPECT_EQ(read_lines("[mariadb]\nbind-address=192.0.2.1\nextra-port=3308\n"),
            (Strings{"/etc/mysql/my.cnf:2: tcp 192.0.2.1:3306 (bind-address = 192.0.2.1)",
                     "/etc/mysql/my.cnf:3: tcp 192.0.2.1:3308 (extra-port = 3308)"}));
  EXPECT_EQ(read("[mariadb]\nbind-address=192.0.2.1\nextra_port=0\n").endpoints.size(), 1u);
}

TEST(MysqlRead, SkipNetworking) {
  EXPECT_EQ(
      read_lines("[mysqld]\nbind-address=0.0.0.0\nskip-networking\n"),
      Strings{"info /etc/mysql/my.cnf:3: skip-networking: no TCP listener, only the Unix socket"});
  const auto shown = read("[mysqld]\nskip_networking = ON\n");
  ASSERT_EQ(shown.notes.size(), 1u);
  EXPECT_TRUE(shown.notes[0].always_shown);  // says why there is nothing to judge
  EXPECT_EQ(read("[mysqld]\nskip-networking\nskip-networking=0\n").endpoints.size(), 2u);
  EXPECT_EQ(read("[mysqld]\nskip-networking\ndisable-skip-networking\n").endpoints.size(), 2u);
  EXPECT_TRUE(read("[mysqld]\nloose-enable-skip-networking\n").endpoints.empty());
  EXPECT_TRUE(read("[mysqld]\nskip-ne\n").endpoints.empty());
  EXPECT_EQ(read_lines("[mysqld]\nskip-networking=yes\n"),
            plus(kEveryAddress, {"ignored /etc/mysql/my.cnf:2: option 'skip_networking': boolean "
                                 "value 'yes' wasn't recognized. Set to OFF."}));
}

TEST(MysqlLoad, IncludesAreReadInPlaceAndLaterValuesWin) {
  const Files f(
      FileList{{"/etc/mysql/my.cnf",
                "[mysqld]\nbind-address=192.0.2.1\n!include /etc/mysql/b.cnf\n!includedir "
                "/etc/mysql/conf.d/\n"},
               {"/etc/mysql/b.cnf", "[mysqld]\nbind-address=192.0.2.2\n"},
               {"/etc/mysql/conf.d/20-b.cnf", "[mysqld]\nbind-address=192.0.2.4\n"},
               {"/etc/mysql/conf.d/10-a.cnf", "[mysqld]\nbind-address=192.0.2.3\n"},
               {"/etc/mysql/conf.d/30-c.ini", "[mysqld]\nbind-address=192.0.2.5\n"},
               {"/etc/mysql/conf.d/40-d.cnf.dpkg-old", "[mysqld]\nbind-address=192.0.2.6\n"}});
  EXPECT_EQ(f.lines(),
            Strings{"/etc/mysql/conf.d/20-b.cnf:2: tcp 192.0.2.4:3306 (bind-address = 192.0.2.4)"});
  EXPECT_EQ(f.files_read(), (Strings{"/etc/mysql/my.cnf", "/etc/mysql/b.cnf",
                                     "/etc/mysql/conf.d/10-a.cnf", "/etc/mysql/conf.d/20-b.cnf"}));
}

TEST(MysqlLoad, AnIncludedFileStartsOutsideAnyGroup) {
  const Files f(
      FileList{{"/etc/mysql/my.cnf", "[mysqld]\n!include /etc/mysql/b.cnf\nport=3307\n"},
               {"/etc/mysql/b.cnf", "bind-address=192.0.2.2\n[mysqld]\nbind-address=192.0.2.3\n"}});
  EXPECT_EQ(f.lines(), (Strings{"/etc/mysql/my.cnf: tcp 0.0.0.0:3307 (bind-address not set)",
                                "/etc/mysql/my.cnf: tcp [::]:3307 (bind-address not set)",
                                "ignored /etc/mysql/b.cnf:1: Found option without preceding group "
                                "in config file: the server ignores the rest of this file"}));
}

TEST(MysqlLoad, MissingIncludes) {
  EXPECT_EQ(read_lines("[mysqld]\n!include /etc/mysql/gone.cnf\n"),
            plus(kEveryAddress, {"info /etc/mysql/my.cnf:2: /etc/mysql/gone.cnf: no such file; "
                                 "the server skips it"}));
  EXPECT_EQ(read_lines("[mysqld]\n!includedir /etc/mysql/gone.d\nbind-address=192.0.2.1\n"),
            plus(kEveryAddress, {"refusal /etc/mysql/my.cnf:2: Can't read dir of "
                                 "'/etc/mysql/gone.d' (no such directory): Fatal error in "
                                 "defaults handling"}));
  const Files nested(
      FileList{{"/etc/mysql/my.cnf", "!include /etc/mysql/b.cnf\n"},
               {"/etc/mysql/b.cnf", "!includedir /etc/mysql/gone.d\n[mysqld]\nport=1\n"}});
  EXPECT_EQ(nested.lines(),
            plus(kEveryAddress, {"ignored /etc/mysql/b.cnf:1: Can't read dir of "
                                 "'/etc/mysql/gone.d' (no such directory): the server ignores the "
                                 "rest of this file"}));
}

TEST(MysqlLoad, IncludeDirCyclesEnd) {
  const Files f(FileList{{"/etc/mysql/my.cnf", "!includedir /etc/mysql/conf.d\n"},
                         {"/etc/mysql/conf.d/a.cnf",
                          "[mysqld]\nbind-address=192.0.2.1\n!includedir /etc/mysql/conf.d\n"},
                         {"/etc/mysql/conf.d/b.cnf", "[mysqld]\nport=3307\n"}});
  EXPECT_EQ(f.lines(),
            (Strings{"/etc/mysql/conf.d/a.cnf:2: tcp 192.0.2.1:3307 (bind-address = 192.0.2.1)",
                     "ignored /etc/mysql/conf.d/a.cnf:3: include loop: /etc/mysql/my.cnf -> "
                     "/etc/mysql/conf.d/a.cnf -> /etc/mysql/conf.d/a.cnf: skipped"}));
}

TEST(MysqlLoad, IncludeDirCyclesThroughSymlinksEnd) {
  Files f(FileList{{"/etc/mysql/my.cnf", "[mysqld]\n!includedir /etc/mysql/conf.d\n"},
                   {"/etc/mysql/conf.d/a.cnf", "[x]\n"}});
  f.dir.symlink("etc/mysql/conf.d/z.cnf", "/etc/mysql/my.cnf");
  const auto c = f.read();
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].kind, vs::config::NoteKind::ignored);
  EXPECT_EQ(vs::test::strip_root(c.notes[0].text, f.dir.path()),
            "include loop: /etc/mysql/my.cnf -> /etc/mysql/my.cnf: skipped");
}

TEST(MysqlLoad, DeepIncludesStopAtTenLevels) {
  FileList files;
  for (int i = 0; i < 12; ++i) {
    files.push_back({"/etc/mysql/" + std::to_string(i) + ".cnf",
                     "[mysqld]\nport=" + std::to_string(4000 + i) + "\n!include /etc/mysql/" +
                         std::to_string(i + 1) + ".cnf\n"});
  }
  const Files f(files);
  EXPECT_EQ(f.lines("/etc/mysql/0.cnf"),
            (Strings{"/etc/mysql/0.cnf: tcp 0.0.0.0:4010 (bind-address not set)",
                     "/etc/mysql/0.cnf: tcp [::]:4010 (bind-address not set)",
                     "ignored /etc/mysql/10.cnf:3: maximum include recursion level (10) reached: "
                     "the server skips this"}));
}

TEST(MysqlLoad, TheFirstFileMustBeReadable) {
  const Files f(FileList{});
  EXPECT_THROW(f.read(), vs::fs::FileMissing);
}

// Issue 15: files are counted before they are read, so the 513th is never read.
TEST(MysqlLoad, FilesAreCountedBeforeTheyAreRead) {
  FileList files{{"/etc/mysql/my.cnf", "[mysqld]\n!includedir /etc/mysql/conf.d\n"}};
  const std::string body = "[mysqld]\nport=3307\n" + std::string(1000, '#') + "\n";
  for (int i = 0; i < 520; ++i)
    files.push_back({"/etc/mysql/conf.d/" + std::to_string(1000 + i) + ".cnf", body});
  const Files f(files);
  vs::fs::set_read_budget(64u << 20);
  const std::size_t before = vs::fs::read_budget_left();
  const auto c = f.read();
  const std::size_t used = before - vs::fs::read_budget_left();
  vs::fs::set_read_budget(std::numeric_limits<std::size_t>::max());
  const std::size_t main_size = std::string("[mysqld]\n!includedir /etc/mysql/conf.d\n").size();
  EXPECT_EQ(used, main_size + 511 * body.size());  // my.cnf is the 512th file
  ASSERT_FALSE(c.notes.empty());
  EXPECT_NE(c.notes[0].text.find("more than 512 files included"), std::string::npos)
      << c.notes[0].text;
}

// Issue 15: a spent read budget is UNKNOWN for the whole check, never a skipped file.
TEST(MysqlLoad, AReadBudgetHitIsNoSkippedFile) {
  const Files f(FileList{{"/etc/mysql/my.cnf", "[mysqld]\n!include /etc/mysql/b.cnf\n"},
                         {"/etc/mysql/b.cnf", std::string(4096, '#') + "\n"}});
  vs::fs::set_read_budget(100);
  EXPECT_THROW(f.read(), vs::fs::ReadBudgetExhausted);
  vs::fs::set_read_budget(std::numeric_limits<std::size_t>::max());
}

// Issue 15: a file that is no option file (--config /etc/shadow through sudo) is
// reported by file and line; only bounded values of understood options are quoted.
TEST(MysqlSecrets, NothingOfALineThatDoesNotParseIsQuoted) {
  const std::string hash = "$6$rounds=5000$Secr3tSalt$AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
  const std::string shadow = "root:" + hash + ":19000:0:99999:7:::\n";
  for (const std::string& text :
       {shadow, "[" + hash + "\n", "[x]\n" + shadow + "bin:" + hash + ":1\n",
        "[mysqld]\n" + shadow}) {
    const Files f(FileList{{"/etc/shadow", text}});
    for (const auto& line : f.lines("/etc/shadow"))
      EXPECT_EQ(line.find("Secr3t"), std::string::npos) << line;
  }
  const std::string long_value(300, '7');
  const auto c =
      read("[mysqld]\nbind-address=192.0.2.1" + long_value + "\nport=1" + long_value + "x\n");
  for (const auto& line : vs::test::config_lines(c, "")) {
    EXPECT_EQ(line.find(long_value), std::string::npos) << line;
    EXPECT_LT(line.size(), 400u) << line;
  }
}

// Issue 15: memory does not grow with the number of lines, nor do the notes.
TEST(MysqlLoad, NotesAreCapped) {
  std::string text = "[mysqld]\n";
  for (int i = 0; i < 5000; ++i)
    text += "skip-networking=maybe\n";
  text += "bin=1\n";
  const auto c = read(text);
  ASSERT_EQ(c.notes.size(), vs::config::kMaxNotes + 2);
  EXPECT_EQ(c.notes[vs::config::kMaxNotes].kind, vs::config::NoteKind::unjudged);
  EXPECT_EQ(c.notes[vs::config::kMaxNotes].text,
            "more than 64 remarks on these files: the rest are not listed");
  EXPECT_EQ(c.notes.back().kind, vs::config::NoteKind::refusal) << "a refusal is kept";
  EXPECT_EQ(c.notes.back().text, "ambiguous option '--bin'");
}

TEST(MysqlPolicy, DebiansLoopbackIsFineOnTheHostOnly) {
  const vs::fs::Tree tree(vs::test::fixture("mysql/debian12"));
  const auto c = vs::config::read_mysql_defaults(tree, kDefaults);
  ASSERT_EQ(c.endpoints.size(), 1u);
  vs::vserver::Guest db1 = vs::test::guest("db1", {"192.0.2.50"});
  EXPECT_EQ(vs::policy::BindPolicy::host({db1}).judge(c.endpoints[0].endpoint).status, Status::ok);
  const auto no_loopback = vs::test::guest_policy(db1, false).judge(c.endpoints[0].endpoint);
  EXPECT_EQ(no_loopback.status, Status::critical);
  EXPECT_EQ(no_loopback.reason,
            "loopback address, but guest db1 has no loopback (vs2.2 kernel): the bind fails");
  db1.nflags.push_back("lback_remap");
  EXPECT_EQ(vs::test::guest_policy(db1, false).judge(c.endpoints[0].endpoint).status, Status::ok);
  const auto every = read("[mysqld]\n");
  ASSERT_EQ(every.endpoints.size(), 2u);
  EXPECT_EQ(vs::policy::BindPolicy::host({db1}).judge(every.endpoints[0].endpoint).status,
            Status::critical);  // 0.0.0.0 answers for db1's IPv4 address
  EXPECT_EQ(vs::policy::BindPolicy::host({db1}).judge(every.endpoints[1].endpoint).status,
            Status::warning);  // the IPv6-only [::] answers for no guest today
  EXPECT_EQ(vs::test::guest_policy(db1, false).judge(every.endpoints[0].endpoint).status,
            Status::ok);
}
