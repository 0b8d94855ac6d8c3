#include "config/apache.hpp"

#include <gtest/gtest.h>

#include "config_lines.hpp"
#include "guests.hpp"
#include "policy/bind_policy.hpp"
#include "process.hpp"

namespace apache = vs::config::apache;
using vs::plugin::Status;
using vs::test::TempDir;
using Strings = std::vector<std::string>;
using Kind = apache::Directive::Kind;

TEST(ApacheParse, LogicalLinesCommentsAndContinuations) {
  const auto lines = apache::parse_apache(
      "# comment\n\n  Listen 80  \nListen \\\n  192.0.2.1:8080\n   # indented comment \\\n  still "
      "comment\nX y\r\n",
      "f");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "Listen 80");
  EXPECT_EQ(lines[0].where.str(), "f:3");
  EXPECT_EQ(lines[1].text, "Listen   192.0.2.1:8080");
  EXPECT_EQ(lines[1].where.line, 4);
  EXPECT_EQ(lines[2].text, "X y");
  EXPECT_EQ(lines[2].where.line, 8);
}

TEST(ApacheParse, SplitDirective) {
  auto d = apache::split_directive("LISTEN 192.0.2.1:80 https");
  EXPECT_EQ(d.kind, Kind::directive);
  EXPECT_EQ(d.name, "listen");
  EXPECT_EQ(d.args, (Strings{"192.0.2.1:80", "https"}));

  d = apache::split_directive("<IfModule !mod_ssl.c>");
  EXPECT_EQ(d.kind, Kind::open);
  EXPECT_EQ(d.name, "ifmodule");
  EXPECT_EQ(d.args, Strings{"!mod_ssl.c"});

  d = apache::split_directive("<VirtualHost *:80 [2001:db8::1]:80 >");
  EXPECT_EQ(d.name, "virtualhost");
  EXPECT_EQ(d.args, (Strings{"*:80", "[2001:db8::1]:80"}));

  d = apache::split_directive("</IfModule>");
  EXPECT_EQ(d.kind, Kind::close);
  EXPECT_EQ(d.name, "ifmodule");

  d = apache::split_directive("<Directory \"/var/www/my site\">");
  EXPECT_EQ(d.args, Strings{"/var/www/my site"});

  EXPECT_NE(apache::split_directive("<IfModule ssl_module").error, "");
  EXPECT_NE(apache::split_directive("Include \"a b").error, "");
}

TEST(ApacheParse, ExpandVariables) {
  const apache::Variables vars{{"ADDR", "192.0.2.1"}, {"EMPTY", ""}};
  std::set<std::string> unknown;
  EXPECT_EQ(apache::expand_variables("Listen ${ADDR}:80${EMPTY}", vars, &unknown),
            "Listen 192.0.2.1:80");
  EXPECT_TRUE(unknown.empty());
  EXPECT_EQ(apache::expand_variables("Listen ${NOPE}:80 $ADDR ${", vars, &unknown),
            "Listen ${NOPE}:80 $ADDR ${");
  EXPECT_EQ(unknown, std::set<std::string>{"NOPE"});
}

TEST(ApacheParse, DebianEnvvars) {
  const auto text =
      vs::fs::Tree(vs::test::fixture("apache2/debian12")).read("/etc/apache2/envvars");
  const auto vars = apache::parse_envvars(text.content);
  EXPECT_EQ(vars.at("APACHE_RUN_USER"), "www-data");
  EXPECT_EQ(vars.at("APACHE_RUN_DIR"), "/var/run/apache2");
  EXPECT_EQ(vars.at("APACHE_LOG_DIR"), "/var/log/apache2");
  EXPECT_EQ(vars.at("LANG"), "C");
  EXPECT_EQ(vars.count("HOME"), 0u);
}

TEST(ApacheParse, EnvvarsComputedValuesAreUnknown) {
  const auto vars = apache::parse_envvars(
      "export A=1\nexport B=\"x${A}y$A\"\nexport C=$(hostname)\nexport D=${UNSET}\nexport E='$A'\n"
      "export APACHE_ARGUMENTS='-D SSL -DINFO'\n");
  EXPECT_EQ(vars.at("B"), "x1y1");
  EXPECT_EQ(vars.count("C"), 0u);
  EXPECT_EQ(vars.count("D"), 0u);
  EXPECT_EQ(vars.at("E"), "$A");
  EXPECT_EQ(apache::defines_in_arguments(vars.at("APACHE_ARGUMENTS")), (Strings{"SSL", "INFO"}));
}

TEST(ApacheListen, Forms) {
  const auto str = [](const Strings& args) {
    const auto l = apache::parse_listen(args);
    return l.error.empty() ? l.endpoint.str() : "error: " + l.error;
  };
  EXPECT_EQ(str({"80"}), "tcp [::]:80");
  EXPECT_EQ(apache::parse_listen({"80"}).endpoint.scope(), vs::net::Scope::wildcard_dual);
  EXPECT_EQ(str({"*:8080"}), "tcp [::]:8080");
  EXPECT_EQ(str({"192.0.2.1:80"}), "tcp 192.0.2.1:80");
  EXPECT_EQ(str({"0.0.0.0:80"}), "tcp 0.0.0.0:80");
  EXPECT_EQ(str({"[2001:db8::1]:443", "https"}), "tcp [2001:db8::1]:443");
  EXPECT_EQ(str({"[::]:80"}), "tcp [::]:80");
  EXPECT_EQ(str({"www.example.org:80"}), "tcp www.example.org:80");
  EXPECT_TRUE(apache::parse_listen({"www.example.org:80"}).endpoint.is_name());
  EXPECT_EQ(str({"[::]"}), "error: Port must be specified");
  EXPECT_EQ(str({"192.0.2.1"}), "error: Port must be specified");
  EXPECT_EQ(str({"[fe80::1%eth0]:80"}), "error: Scope id is not supported");
  EXPECT_EQ(str({"80", "http", "x"}), "error: Listen requires 1 or 2 arguments");
  EXPECT_EQ(str({}), "error: Listen requires 1 or 2 arguments");
  EXPECT_EQ(str({"0"}).rfind("error: Invalid address or port", 0), 0u);
}

TEST(ApacheModules, NamesOfALoadedModule) {
  EXPECT_EQ(apache::module_names("ssl_module", "/usr/lib/apache2/modules/mod_ssl.so"),
            (Strings{"mod_ssl.c", "ssl_module"}));
  EXPECT_EQ(apache::module_names("php_module", "/usr/lib/apache2/modules/libphp8.2.so"),
            (Strings{"libphp8.2.c", "mod_php.c", "php_module"}));
}

TEST(ApacheServerRoot, DefaultsByLayout) {
  EXPECT_EQ(apache::default_server_root("/etc/apache2/apache2.conf"), "/etc/apache2");
  EXPECT_EQ(apache::default_server_root("/etc/httpd/conf/httpd.conf"), "/etc/httpd");
}

class ApacheRead : public ::testing::Test {
 protected:
  TempDir dir;
  apache::Options options;
  apache::Config read(const std::string& main) {
    dir.write("etc/apache2/apache2.conf", main);
    const vs::fs::Tree tree(dir.path());
    return apache::read_apache(tree, "/etc/apache2/apache2.conf", options);
  }
  std::string shown(const std::string& path) const { return dir.path() + path; }
  static Strings listens(const apache::Config& c) {
    Strings out;
    for (const auto& l : c.listens)
      out.push_back(l.endpoint.str() + " @" + l.where.str());
    return out;
  }
  static Strings problems(const apache::Config& c) { return vs::test::note_lines(c.notes, ""); }
};

TEST_F(ApacheRead, IncludeGlobsRelativeToServerRootInPlace) {
  dir.write("etc/apache2/ports.d/b.conf", "Listen 192.0.2.2:80\n");
  dir.write("etc/apache2/ports.d/a.conf", "Listen 192.0.2.1:80\n");
  const auto c = read("Listen 192.0.2.0:80\nInclude ports.d/*.conf\nListen 192.0.2.3:80\n");
  EXPECT_TRUE(c.notes.empty()) << problems(c)[0];
  EXPECT_EQ(listens(c),
            (Strings{"tcp 192.0.2.0:80 @" + shown("/etc/apache2/apache2.conf") + ":1",
                     "tcp 192.0.2.1:80 @" + shown("/etc/apache2/ports.d/a.conf") + ":1",
                     "tcp 192.0.2.2:80 @" + shown("/etc/apache2/ports.d/b.conf") + ":1",
                     "tcp 192.0.2.3:80 @" + shown("/etc/apache2/apache2.conf") + ":3"}));
}

TEST_F(ApacheRead, IncludeOfADirectoryReadsItWholeRecursively) {
  dir.write("etc/apache2/conf.d/10.conf", "Listen 192.0.2.1:80\n");
  dir.write("etc/apache2/conf.d/sub/20.conf", "Listen 192.0.2.2:80\n");
  const auto c = read("Include /etc/apache2/conf.d\n");
  EXPECT_EQ(c.listens.size(), 2u);
}

TEST_F(ApacheRead, MissingIncludesFailButOptionalOnesDoNot) {
  auto c = read("Listen 80\nIncludeOptional none.conf\nIncludeOptional none.d/*.conf\n");
  EXPECT_TRUE(c.notes.empty());
  c = read("Listen 80\nInclude none.conf\nInclude none.d/*.conf\n");
  EXPECT_EQ(problems(c), (Strings{"refusal " + shown("/etc/apache2/apache2.conf") +
                                      ":2: Include none.conf: could not open " +
                                      shown("/etc/apache2/none.conf") + ": no such file",
                                  "refusal " + shown("/etc/apache2/apache2.conf") +
                                      ":3: Include none.d/*.conf: no matches for the wildcard " +
                                      shown("/etc/apache2/none.d/*.conf")}));
}

TEST_F(ApacheRead, IncludeCycleIsALoop) {
  dir.write("etc/apache2/a.conf", "Include b.conf\n");
  dir.write("etc/apache2/b.conf", "Include a.conf\n");
  const auto c = read("Listen 80\nInclude a.conf\n");
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].where.str(), shown("/etc/apache2/b.conf") + ":1");
  EXPECT_EQ(c.notes[0].text, "include loop: " + shown("/etc/apache2/apache2.conf") + " -> " +
                                 shown("/etc/apache2/a.conf") + " -> " +
                                 shown("/etc/apache2/b.conf") + " -> " +
                                 shown("/etc/apache2/a.conf"));
}

TEST_F(ApacheRead, IncludeOfItselfThroughAGlob) {
  const auto c = read("Listen 80\nIncludeOptional *.conf\n");
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_NE(c.notes[0].text.find("include loop: "), std::string::npos);
}

TEST_F(ApacheRead, DirectorySymlinkLoopsEndQuickly) {
  for (int i = 0; i < 8; ++i)
    dir.symlink("x/d/l" + std::to_string(i), "..");
  const auto c = read("Listen 80\nInclude /x\n");
  const std::string f = "refusal " + shown("/etc/apache2/apache2.conf");
  EXPECT_EQ(problems(c), (Strings{f + ":2: directories nested deeper than 16",
                                  f + ":2: more than 512 directories included"}));
}

TEST_F(ApacheRead, IfModuleNeedsAnEarlierLoadModule) {
  auto c = read("Listen 80\n<IfModule ssl_module>\n  Listen 443\n</IfModule>\n");
  EXPECT_EQ(c.listens.size(), 1u);
  c = read(
      "Listen 80\n<IfModule mod_ssl.c>\nListen 443\n</IfModule>\nLoadModule ssl_module "
      "modules/mod_ssl.so\n");
  EXPECT_EQ(c.listens.size(), 1u);  // loaded too late
  c = read(
      "LoadModule ssl_module modules/mod_ssl.so\nListen 80\n<IfModule mod_ssl.c>\nListen "
      "443\n</IfModule>\n");
  EXPECT_EQ(c.listens.size(), 2u);
  c = read(
      "LoadModule ssl_module modules/mod_ssl.so\nListen 80\n<IfModule !ssl_module>\nListen "
      "8443\n</IfModule>\n");
  EXPECT_EQ(c.listens.size(), 1u);
  c = read("Listen 80\n<IfModule unixd_module>\nListen 81\n</IfModule>\n");  // compiled in
  EXPECT_EQ(c.listens.size(), 2u);
}

TEST_F(ApacheRead, InactiveSectionsAreSkippedUnreadNestedOnesToo) {
  const auto c = read(
      "Listen 80\n"
      "<IfModule ssl_module>\n"
      "  <IfModule !mod_gnutls.c>\n"
      "    Listen 443\n"
      "  </IfModule>\n"
      "  Include nothing-here.conf\n"
      "  LoadModule status_module x.so\n"
      "  Define SSL\n"
      "</IfModule>\n"
      "<IfDefine SSL>\n  Listen 8443\n</IfDefine>\n"
      "<IfModule status_module>\n  Listen 8080\n</IfModule>\n");
  EXPECT_TRUE(c.notes.empty());
  EXPECT_EQ(c.listens.size(), 1u);
}

TEST_F(ApacheRead, IfDefineFromOptionsDefineAndEnvvars) {
  const std::string conf =
      "Listen 80\n<IfDefine SSL>\nListen 443\n</IfDefine>\n<IfDefine !SSL>\nListen "
      "8080\n</IfDefine>\n";
  EXPECT_EQ(listens(read(conf)).size(), 2u);
  EXPECT_EQ(read(conf).listens[1].endpoint.port, 8080);
  options.defines = {"SSL"};
  EXPECT_EQ(read(conf).listens[1].endpoint.port, 443);
  options.defines.clear();
  EXPECT_EQ(read("Define SSL\n" + conf).listens[1].endpoint.port, 443);
  EXPECT_EQ(read("Define SSL\nUnDefine SSL\n" + conf).listens[1].endpoint.port, 8080);
  dir.write("etc/apache2/envvars", "export APACHE_ARGUMENTS=\"-D SSL\"\n");
  EXPECT_EQ(read(conf).listens[1].endpoint.port, 443);
}

TEST_F(ApacheRead, IfFile) {
  dir.write("etc/apache2/enable-8080", "");
  const auto c = read(
      "Listen 80\n<IfFile enable-8080>\nListen 8080\n</IfFile>\n<IfFile !/etc/x>\nListen "
      "81\n</IfFile>\n");
  EXPECT_EQ(c.listens.size(), 3u);
}

TEST_F(ApacheRead, VariablesFromEnvvarsAndDefine) {
  dir.write("etc/apache2/envvars", "export LISTEN_ADDR=192.0.2.5\n");
  auto c = read("Listen ${LISTEN_ADDR}:80\nDefine PORT 8080\nListen ${LISTEN_ADDR}:${PORT}\n");
  EXPECT_TRUE(c.notes.empty());
  EXPECT_EQ(c.listens.at(0).endpoint.str(), "tcp 192.0.2.5:80");
  EXPECT_EQ(c.listens.at(1).endpoint.str(), "tcp 192.0.2.5:8080");
  EXPECT_EQ(c.listens.at(1).text, "Listen ${LISTEN_ADDR}:${PORT}");

  c = read("Listen 80\nListen ${NOWHERE}:81\nInclude ${NOWHERE}/x.conf\n");
  EXPECT_EQ(
      problems(c),
      (Strings{"unjudged " + shown("/etc/apache2/apache2.conf") +
                   ":2: Listen ${NOWHERE}:81: ${NOWHERE} is not defined here: not judged",
               "unjudged " + shown("/etc/apache2/apache2.conf") +
                   ":3: Include ${NOWHERE}/x.conf: ${NOWHERE} is not defined here: not read"}));
}

TEST_F(ApacheRead, ServerRootDirectiveMovesRelativeIncludes) {
  dir.write("srv/httpd/ports.conf", "Listen 192.0.2.9:80\n");
  const auto c = read("ServerRoot \"/srv/httpd/\"\nInclude ports.conf\n");
  EXPECT_TRUE(c.notes.empty());
  EXPECT_EQ(c.listens.size(), 1u);
  EXPECT_EQ(c.server_root, "/srv/httpd");
}

TEST_F(ApacheRead, WhatHttpdRefuses) {
  const auto c = read(
      "<VirtualHost *:80>\n  Listen 8080\n</VirtualHost>\n"
      "Listen 80\nListen 80\n"
      "Listen 192.0.2.1\n"
      "</Directory>\n"
      "<IfModule>\n</IfModule>\n"
      "<Directory />\n</Location>\n"
      "<IfModule x_module>\n");
  const std::string f = "refusal " + shown("/etc/apache2/apache2.conf");
  EXPECT_EQ(problems(c),
            (Strings{
                f + ":2: Listen cannot occur within <VirtualHost *:80> section",
                f + ":5: Listen 80: Cannot define multiple Listeners on the same IP:port",
                f + ":6: Listen 192.0.2.1: Port must be specified",
                f + ":7: </directory> without matching <directory> section",
                f + ":8: <IfModule>: directive requires additional arguments",
                f + ":11: expected </directory> but saw </Location>",
                f + ":12: <IfModule x_module> was not closed",
            }));
}

TEST_F(ApacheRead, NoListenAtAll) {
  const auto c = read("ServerName x\n");
  EXPECT_EQ(problems(c),
            Strings{"refusal " + shown("/etc/apache2/apache2.conf") +
                    ": no Listen directive: httpd finds no listening sockets and shuts down"});
}

TEST_F(ApacheRead, SectionsMustCloseInTheirFile) {
  dir.write("etc/apache2/open.conf", "<IfModule unixd_module>\n");
  const auto c = read("Listen 80\nInclude open.conf\n</IfModule>\n");
  ASSERT_EQ(c.notes.size(), 2u);
  EXPECT_EQ(c.notes[0].text, "<IfModule unixd_module> was not closed");
}

TEST(ApacheDebian, StockConfigurationListensOn80) {
  const vs::fs::Tree tree(vs::test::fixture("apache2/debian12"));
  const auto c = apache::read_apache(tree, "/etc/apache2/apache2.conf", {});
  EXPECT_TRUE(c.notes.empty());
  ASSERT_EQ(c.listens.size(), 1u);
  EXPECT_EQ(c.listens[0].text, "Listen 80");
  EXPECT_EQ(c.listens[0].where.str(), tree.display("/etc/apache2/ports.conf") + ":5");
  EXPECT_EQ(c.files_read.size(), 37u);  // as `apache2 -t -D DUMP_INCLUDES` lists them
  EXPECT_EQ(c.files_read[1], tree.display("/etc/apache2/mods-enabled/access_compat.load"));
}

TEST(ApacheDebian, EnablingSslAddsListen443) {
  TempDir dir;
  vs::test::copy_fixture("apache2/debian12", dir.path());  // Debian 12's stock, to modify
  for (const auto* f : {"ssl.load", "ssl.conf", "socache_shmcb.load"}) {
    dir.symlink(std::string("etc/apache2/mods-enabled/") + f,
                std::string("../mods-available/") + f);
  }
  const vs::fs::Tree tree(dir.path());
  const auto c = apache::read_apache(tree, "/etc/apache2/apache2.conf", {});
  EXPECT_TRUE(c.notes.empty());
  ASSERT_EQ(c.listens.size(), 2u);
  EXPECT_EQ(c.listens[1].text, "Listen 443");
  EXPECT_EQ(c.listens[1].where.str(), tree.display("/etc/apache2/ports.conf") + ":8");
}

TEST(ApacheDebian, PolicyOnTheStockListen) {
  const vs::fs::Tree tree(vs::test::fixture("apache2/debian12"));
  const auto e = apache::read_apache(tree, "/etc/apache2/apache2.conf", {}).listens.at(0).endpoint;
  const auto web1 = vs::test::guest("web1", {"192.0.2.40"});
  const auto host = vs::policy::BindPolicy::host({web1}).judge(e);
  EXPECT_EQ(host.status, Status::critical);
  EXPECT_NE(host.reason.find("web1 (192.0.2.40)"), std::string::npos);
  EXPECT_EQ(vs::test::guest_policy(web1, false).judge(e).status, Status::ok);
  EXPECT_EQ(vs::test::guest_policy(web1, true).judge(e).status, Status::warning);
}

TEST(ApacheService, EndpointsAndNotesForTheCheck) {
  TempDir dir;
  dir.write("etc/apache2/apache2.conf", "Listen 192.0.2.1:80\nListen ${NOWHERE}:81\nListen 80\n");
  const vs::fs::Tree tree(dir.path());
  const auto c = apache::service_config(apache::read_apache(tree, "/etc/apache2/apache2.conf", {}));
  EXPECT_EQ(vs::test::config_lines(c, dir.path()),
            (Strings{"/etc/apache2/apache2.conf:1: Listen 192.0.2.1:80",
                     "/etc/apache2/apache2.conf:3: Listen 80",
                     "unjudged /etc/apache2/apache2.conf:2: Listen ${NOWHERE}:81: ${NOWHERE} is "
                     "not defined here: not judged"}));
  EXPECT_EQ(vs::test::strip_root(c.files_read, dir.path()), Strings{"/etc/apache2/apache2.conf"});
}
