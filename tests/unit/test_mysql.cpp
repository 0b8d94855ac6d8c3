#include "config/mysql.hpp"

#include <gtest/gtest.h>

#include "config_lines.hpp"
#include "guests.hpp"
#include "policy/bind_policy.hpp"
#include "process.hpp"

using vs::config::OptionFileItem;
using vs::config::parse_option_file;
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

// A tree holding `files`, read as the server reads it.
struct Files {
  TempDir dir;
  explicit Files(const FileList& files) { dir.write_tree(files); }
  vs::config::ServiceConfig read(const std::string& path = "/etc/mysql/my.cnf") const {
    const vs::fs::Tree tree(dir.path());
    return vs::config::read_mysql(tree, path);
  }
  Strings lines(const std::string& path = "/etc/mysql/my.cnf") const {
    return ::vs::test::config_lines(read(path), dir.path());
  }
  Strings files_read() const {
    const vs::fs::Tree tree(dir.path());
    return vs::test::strip_root(vs::config::load_mysql(tree, "/etc/mysql/my.cnf").files_read,
                                dir.path());
  }
};

vs::config::ServiceConfig read(const std::string& content) {
  return Files(FileList{{"/etc/mysql/my.cnf", content}}).read();
}
Strings read_lines(const std::string& content) {
  return Files(FileList{{"/etc/mysql/my.cnf", content}}).lines();
}

const std::string kEveryAddress = "/etc/mysql/my.cnf: tcp [::]:3306 (bind-address not set)";

}  // namespace

TEST(MysqlParse, GroupsOptionsValuesAndComments) {
  const auto f = parse_option_file(
      "# comment\n; comment\n[mysqld]\nbind-address = 127.0.0.1 # inline\n  "
      "port=3307\nskip-networking\n[ client ]\npassword = \"a#b\" # c\nsocket='/run/x y'\nempty "
      "=\n",
      "f");
  EXPECT_EQ(items(f), (Strings{"4 [mysqld] bind-address=127.0.0.1", "5 [mysqld] port=3307",
                               "6 [mysqld] skip-networking", "8 [ client] password=a#b",
                               "9 [ client] socket=/run/x y", "10 [ client] empty="}));
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

TEST(MysqlParse, FatalLinesEndTheFile) {
  EXPECT_EQ(items(parse_option_file("port=1\n[mysqld]\nport=2\n", "f")),
            Strings{"1 fatal: option outside any [group]"});
  EXPECT_EQ(items(parse_option_file("[mysqld\nport=2\n", "f")),
            Strings{"1 fatal: '[' without ']'"});
  EXPECT_EQ(items(parse_option_file("[a]\nx=1\n!includedir\ny=2\n", "f")),
            (Strings{"2 [a] x=1", "3 fatal: '!includedir' without a path"}));
  EXPECT_EQ(items(parse_option_file("!include   \n", "f")),
            Strings{"1 fatal: '!include' without a path"});
}

TEST(MysqlGroups, TheServersGroups) {
  for (const char* g : {"mysqld", "server", "mariadb", "mariadbd", "client-server", "galera",
                        "MYSQLD", "mysqld-8.0", "mariadb-10.11", "mariadbd-10.11", "mariadb-10"}) {
    EXPECT_TRUE(vs::config::is_server_group(g)) << g;
  }
  for (const char* g : {"client", "mysql", "mysqld_safe", "embedded", "client-mariadb", "mysqld-",
                        "mariadb-x", " mysqld", "mysqld-10.", "mysqldump"}) {
    EXPECT_FALSE(vs::config::is_server_group(g)) << g;
  }
}

TEST(MysqlGroups, OptionNames) {
  EXPECT_EQ(vs::config::canonical_option("bind_address"), "bind-address");
  EXPECT_EQ(vs::config::canonical_option("loose_bind-address"), "bind-address");
  EXPECT_EQ(vs::config::canonical_option("skip_networking"), "skip-networking");
  EXPECT_EQ(vs::config::canonical_option("Bind-Address"),
            "Bind-Address");  // names are case-sensitive
}

TEST(MysqlRead, DebiansDefaultFilesBindLoopback) {
  const std::string root = vs::test::fixture("mysql/debian12");
  const vs::fs::Tree tree(root);
  const auto c = vs::config::read_mysql(tree, "/etc/mysql/my.cnf");
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

TEST(MysqlRead, BindAddressForms) {
  EXPECT_EQ(read_lines("[mysqld]\n"), Strings{kEveryAddress});
  EXPECT_EQ(
      read_lines("[mysqld]\nbind-address=192.0.2.1, 2001:db8::1\n"),
      (Strings{
          "/etc/mysql/my.cnf:2: tcp 192.0.2.1:3306 (bind-address = 192.0.2.1, 2001:db8::1)",
          "/etc/mysql/my.cnf:2: tcp [2001:db8::1]:3306 (bind-address = 192.0.2.1, 2001:db8::1)"}));
  EXPECT_EQ(read_lines("[mysqld]\nbind_address = *\n"),
            Strings{"/etc/mysql/my.cnf:2: tcp [::]:3306 (bind_address = *)"});
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=\n"),
            Strings{"/etc/mysql/my.cnf:2: tcp [::]:3306 (bind-address = : every address)"});
  EXPECT_EQ(read_lines("[mysqld]\nbind-address=0.0.0.0\n"),
            Strings{"/etc/mysql/my.cnf:2: tcp 0.0.0.0:3306 (bind-address = 0.0.0.0)"});
  const auto dual = read("[mysqld]\nbind-address=::\n");
  ASSERT_EQ(dual.endpoints.size(), 1u);
  EXPECT_EQ(dual.endpoints[0].endpoint.scope(), vs::net::Scope::wildcard_dual);
  const auto named = read("[mysqld]\nbind-address=db.example\n");
  EXPECT_EQ(named.endpoints[0].endpoint.hostname, "db.example");
}

TEST(MysqlRead, LaterValuesAndOnlyServerGroupsCount) {
  EXPECT_EQ(
      read_lines("[mysqld]\nbind-address=192.0.2.1\n[client]\nbind-address=192.0.2.9\nport=1\n["
                 "MariaDB-10.11]\nloose-bind_address='192.0.2.2'\n[mysqld_safe]\nport=2\n"),
      Strings{"/etc/mysql/my.cnf:7: tcp 192.0.2.2:3306 (loose-bind_address = 192.0.2.2)"});
}

TEST(MysqlRead, Ports) {
  EXPECT_EQ(read_lines("[server]\nport = 3307\nbind-address=192.0.2.1\n"),
            Strings{"/etc/mysql/my.cnf:3: tcp 192.0.2.1:3307 (bind-address = 192.0.2.1)"});
  EXPECT_EQ(read_lines("[server]\nport = 0\nbind-address=192.0.2.1\n"),
            Strings{"/etc/mysql/my.cnf:3: tcp 192.0.2.1:3306 (bind-address = 192.0.2.1)"});
  EXPECT_EQ(read_lines("[server]\nport = mysql\nbind-address=192.0.2.1\n"),
            (Strings{"/etc/mysql/my.cnf:3: tcp 192.0.2.1:3306 (bind-address = 192.0.2.1)",
                     "refusal /etc/mysql/my.cnf:2: port 'mysql' is not a number from 0 to "
                     "65535"}));
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
  EXPECT_EQ(read("[mysqld]\nskip-networking\nskip-networking=0\n").endpoints.size(), 1u);
  EXPECT_EQ(read("[mysqld]\nskip-networking\ndisable-skip-networking\n").endpoints.size(), 1u);
  EXPECT_TRUE(read("[mysqld]\nloose-enable-skip-networking\n").endpoints.empty());
  EXPECT_EQ(read_lines("[mysqld]\nskip-networking=yes\n"),
            (Strings{kEveryAddress,
                     "ignored /etc/mysql/my.cnf:2: boolean value 'yes' not recognized: the server "
                     "takes it as OFF"}));
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
  EXPECT_EQ(f.lines(), (Strings{"/etc/mysql/my.cnf: tcp [::]:3307 (bind-address not set)",
                                "ignored /etc/mysql/b.cnf:1: option outside any [group]: the "
                                "server ignores the rest of this file"}));
}

TEST(MysqlLoad, MissingIncludes) {
  EXPECT_EQ(
      read_lines("[mysqld]\n!include /etc/mysql/gone.cnf\n"),
      (Strings{
          kEveryAddress,
          "info /etc/mysql/my.cnf:2: /etc/mysql/gone.cnf: no such file; the server skips it"}));
  EXPECT_EQ(read_lines("[mysqld]\n!includedir /etc/mysql/gone.d\nbind-address=192.0.2.1\n"),
            (Strings{kEveryAddress,
                     "refusal /etc/mysql/my.cnf:2: /etc/mysql/gone.d: no such directory"}));
  const Files nested(
      FileList{{"/etc/mysql/my.cnf", "!include /etc/mysql/b.cnf\n"},
               {"/etc/mysql/b.cnf", "!includedir /etc/mysql/gone.d\n[mysqld]\nport=1\n"}});
  EXPECT_EQ(nested.lines(), (Strings{kEveryAddress,
                                     "ignored /etc/mysql/b.cnf:1: /etc/mysql/gone.d: no such "
                                     "directory: the server ignores the rest of this file"}));
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
  EXPECT_EQ(
      f.lines("/etc/mysql/0.cnf"),
      (Strings{
          "/etc/mysql/0.cnf: tcp [::]:4010 (bind-address not set)",
          "ignored /etc/mysql/10.cnf:3: includes nested deeper than 10: the server skips this"}));
}

TEST(MysqlLoad, TheFirstFileMustBeReadable) {
  const Files f(FileList{});
  EXPECT_THROW(f.read(), vs::fs::FileMissing);
}

TEST(MysqlPolicy, DebiansLoopbackIsFineOnTheHostOnly) {
  const vs::fs::Tree tree(vs::test::fixture("mysql/debian12"));
  const auto c = vs::config::read_mysql(tree, "/etc/mysql/my.cnf");
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
  EXPECT_EQ(vs::policy::BindPolicy::host({db1}).judge(every.endpoints[0].endpoint).status,
            Status::critical);
  EXPECT_EQ(vs::test::guest_policy(db1, false).judge(every.endpoints[0].endpoint).status,
            Status::ok);
}
