// SPDX-License-Identifier: GPL-3.0-or-later
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
  auto x = apache::expand_variables("Listen ${ADDR}:80${EMPTY}", vars);
  EXPECT_EQ(x.text, "Listen 192.0.2.1:80");
  EXPECT_TRUE(x.undefined.empty());
  x = apache::expand_variables("Listen ${NOPE}:80 $ADDR ${map:key} ${", vars);
  EXPECT_EQ(x.text, "Listen ${NOPE}:80 $ADDR ${map:key} ${");
  EXPECT_EQ(x.undefined, std::set<std::string>{"NOPE"});  // a name with ':' is no variable
  EXPECT_FALSE(x.too_long);
}

TEST(ApacheParse, ExpansionIsBounded) {
  apache::Variables vars{{"A", "xx"}};
  // Define A ${A}${A}, again and again: the value doubles each time.
  for (int i = 0; i < 20; ++i) {
    const auto x = apache::expand_variables("${A}${A}", vars);
    if (x.too_long) {
      EXPECT_GE(i, 14);
      EXPECT_LE(x.text.size(), apache::kMaxExpansion + vars["A"].size());
      return;
    }
    vars["A"] = x.text;
  }
  ADD_FAILURE() << "the expansion grew past " << apache::kMaxExpansion << " bytes unnoticed";
}

TEST(ApacheParse, DebianEnvvars) {
  const auto text =
      vs::fs::Tree(vs::test::fixture("apache2/debian12")).read("/etc/apache2/envvars");
  const auto env = apache::parse_envvars(text.content);
  EXPECT_EQ(env.environment.at("APACHE_RUN_USER"), "www-data");
  EXPECT_EQ(env.environment.at("APACHE_RUN_DIR"), "/var/run/apache2");
  EXPECT_EQ(env.environment.at("APACHE_LOG_DIR"), "/var/log/apache2");
  EXPECT_EQ(env.environment.at("LANG"), "C");
  EXPECT_EQ(env.environment.count("HOME"), 0u);
  EXPECT_EQ(env.environment.count("SUFFIX"), 0u);  // set, not exported
  EXPECT_TRUE(env.computed.empty());
  EXPECT_FALSE(env.arguments);
}

TEST(ApacheParse, EnvvarsComputedValuesAreUnknown) {
  const auto env = apache::parse_envvars(
      "export A=1\nexport B=\"x${A}y$A\"\nexport C=$(hostname)\nexport D=${UNSET}\nexport E='$A'\n"
      "APACHE_ARGUMENTS='-D SSL -DINFO'\nF=2\nG=3\nexport G\nexport H\n");
  EXPECT_EQ(env.environment.at("B"), "x1y1");
  // $(cmd) only the shell can compute; an unset variable expands to nothing, as under
  // systemd, which starts apache2ctl with a clean environment.
  EXPECT_EQ(env.computed, (std::set<std::string>{"C"}));
  EXPECT_EQ(env.environment.at("D"), "");
  EXPECT_EQ(env.environment.at("E"), "$A");
  EXPECT_EQ(env.environment.count("F"), 0u);  // httpd does not see it
  EXPECT_EQ(env.environment.at("G"), "3");
  EXPECT_EQ(env.environment.count("H"), 0u);
  ASSERT_TRUE(env.arguments);  // apache2ctl's own variable: no export needed
  EXPECT_EQ(apache::defines_in_arguments(*env.arguments), (Strings{"SSL", "INFO"}));
}

TEST(ApacheParse, EnvvarsDoublingIsBounded) {
  std::string text = "export A=xxxxxxxx\n";
  for (int i = 0; i < 40; ++i)
    text += "export A=$A$A\n";
  EXPECT_EQ(apache::parse_envvars(text).computed, std::set<std::string>{"A"});
}

TEST(ApacheListen, Forms) {
  const auto str = [](const Strings& args) {
    const auto l = apache::parse_listen(args);
    return l.error.empty() ? "'" + l.host + "' " + std::to_string(l.port) : "error: " + l.error;
  };
  EXPECT_EQ(str({"80"}), "'' 80");
  EXPECT_EQ(str({"*:8080"}), "'' 8080");
  EXPECT_EQ(str({"192.0.2.1:80"}), "'192.0.2.1' 80");
  EXPECT_EQ(str({"0.0.0.0:80"}), "'0.0.0.0' 80");
  EXPECT_EQ(str({"[2001:db8::1]:443", "https"}), "'2001:db8::1' 443");
  EXPECT_EQ(str({"[::]:80"}), "'::' 80");
  EXPECT_EQ(str({"www.example.org:80"}), "'www.example.org' 80");
  EXPECT_EQ(str({"0:8080"}), "'0' 8080");
  EXPECT_EQ(str({"${PORT}"}), "error: Port must be specified");
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
  EXPECT_EQ(c.listens.size(), 1u);
  c = read("Listen 80\nInclude none.conf\nInclude none.d/*.conf\n");
  EXPECT_EQ(problems(c), Strings{"refusal " + shown("/etc/apache2/apache2.conf") +
                                 ":2: Could not open configuration file " +
                                 shown("/etc/apache2/none.conf") + ": No such file or directory"});
  EXPECT_TRUE(c.listens.empty());  // httpd stopped on it
  c = read("Listen 80\nInclude none.d/*.conf\n");
  EXPECT_EQ(problems(c), Strings{"refusal " + shown("/etc/apache2/apache2.conf") +
                                 ":2: No matches for the wildcard '*.conf' in '" +
                                 shown("/etc/apache2/none.d") + "', failing"});
}

TEST_F(ApacheRead, AGlobMatchingADanglingSymlinkFailsIncludeNotIncludeOptional) {
  dir.write("etc/apache2/conf.d/a.conf", "Listen 192.0.2.1:80\n");
  dir.symlink("etc/apache2/conf.d/gone.conf", "/etc/apache2/nowhere.conf");
  auto c = read("Include conf.d/*.conf\n");
  EXPECT_EQ(problems(c),
            Strings{"refusal " + shown("/etc/apache2/apache2.conf") +
                    ":1: Could not open configuration file " +
                    shown("/etc/apache2/conf.d/gone.conf") + ": No such file or directory"});
  c = read("IncludeOptional conf.d/*.conf\nIncludeOptional conf.d/gone.conf\n");
  EXPECT_TRUE(c.notes.empty());
  EXPECT_EQ(c.listens.size(), 1u);
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
  EXPECT_EQ(problems(c), Strings{f + ":2: directories nested deeper than 16"});
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

  // Defined nowhere: httpd reads it as written (AH00111).
  const std::string f = "refusal " + shown("/etc/apache2/apache2.conf");
  EXPECT_EQ(problems(read("Listen ${PORT}\nDefine PORT 8080\n")),
            Strings{f + ":1: Listen ${PORT}: Port must be specified (AH00111: Config variable "
                        "${PORT} is not defined)"});
  EXPECT_EQ(problems(read("Listen ${NOWHERE}:81\n")),
            Strings{f + ":1: Listen ${NOWHERE}:81: Listen setup failed (alloc_listener: failed "
                        "to set up sockaddr for ${NOWHERE}) (AH00111: Config variable "
                        "${NOWHERE} is not defined)"});
  EXPECT_EQ(problems(read("Listen 80\nInclude ${NOWHERE}/x.conf\n")),
            Strings{f + ":2: Could not open configuration file " +
                    shown("/etc/apache2/${NOWHERE}/x.conf") + ": No such file or directory"});
  EXPECT_TRUE(read("Listen 80\nIncludeOptional ${NOWHERE}/x.conf\n").notes.empty());

  // Set by envvars without export: httpd does not see it.
  dir.write("etc/apache2/envvars", "LISTEN_ADDR=192.0.2.5\n");
  EXPECT_EQ(problems(read("Listen ${LISTEN_ADDR}:80\n")).size(), 1u);

  // Exported with a value only the shell knows: not judged.
  dir.write("etc/apache2/envvars", "export LISTEN_ADDR=$(hostname -i)\n");
  c = read("Listen 80\nListen ${LISTEN_ADDR}:81\nInclude ${LISTEN_ADDR}/x.conf\n");
  EXPECT_EQ(problems(c),
            (Strings{"unjudged " + shown("/etc/apache2/apache2.conf") +
                         ":2: Listen ${LISTEN_ADDR}:81: ${LISTEN_ADDR} comes from envvars with a "
                         "value only the shell knows: not judged",
                     "unjudged " + shown("/etc/apache2/apache2.conf") +
                         ":3: Include ${LISTEN_ADDR}/x.conf: ${LISTEN_ADDR} comes from envvars "
                         "with a value only the shell knows: not read"}));
  EXPECT_EQ(c.listens.size(), 1u);
}

TEST_F(ApacheRead, ADefineDoublingItselfIsCutAndSaidSo) {
  std::string conf = "Define A xxxxxxxxxxxxxxxx\n";
  for (int i = 0; i < 40; ++i)
    conf += "Define A ${A}${A}\n";
  const auto c = read(conf + "Listen 80\n");
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].kind, vs::config::NoteKind::unjudged);
  EXPECT_NE(c.notes[0].text.find("more than 64 KiB"), std::string::npos) << c.notes[0].text;
  EXPECT_EQ(c.listens.size(), 1u);
}

TEST_F(ApacheRead, WhatTheWalkKeepsIsBounded) {
  std::string conf = "Listen 80\n";
  for (int i = 0; i < 20000; ++i)
    conf += "Define D" + std::to_string(i) + " x\n";
  auto c = read(conf + "Listen 8080\n");
  EXPECT_EQ(problems(c), Strings{"unjudged " + shown("/etc/apache2/apache2.conf") +
                                 ":16386: more than 16384 Define, LoadModule and open sections: "
                                 "the rest of the configuration is not judged"});
  EXPECT_EQ(c.listens.size(), 1u);  // what came before is judged
  conf = "Listen 80\n";
  for (int i = 0; i < 20000; ++i)
    conf += "<IfModule x>\n";
  EXPECT_EQ(read(conf).notes.size(), 1u);
}

TEST_F(ApacheRead, ServerRootDirectiveMovesRelativeIncludes) {
  dir.write("srv/httpd/ports.conf", "Listen 192.0.2.9:80\n");
  const auto c = read("ServerRoot \"/srv/httpd/\"\nInclude ports.conf\n");
  EXPECT_TRUE(c.notes.empty());
  EXPECT_EQ(c.listens.size(), 1u);
  EXPECT_EQ(c.server_root, "/srv/httpd");
}

TEST_F(ApacheRead, WhatHttpdRefusesAndStopsOn) {
  const std::string f = "refusal " + shown("/etc/apache2/apache2.conf");
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"<VirtualHost *:80>\n  Listen 8080\n</VirtualHost>\n",
       ":2: Listen cannot occur within <VirtualHost *:80> section"},
      {"Listen 80\nListen 80\n",
       ":2: Listen 80: Cannot define multiple Listeners on the same IP:port"},
      {"Listen 80\nListen *:80\n",
       ":2: Listen *:80: Cannot define multiple Listeners on the same IP:port"},
      {"Listen 192.0.2.1\n", ":1: Listen 192.0.2.1: Port must be specified"},
      {"Listen 80\n</Directory>\n", ":2: </directory> without matching <directory> section"},
      {"<IfModule>\n</IfModule>\n", ":1: <IfModule>: directive requires additional arguments"},
      {"<Directory />\n</Location>\n", ":2: expected </directory> but saw </location>"},
      {"Listen 80\n<IfModule x_module>\n", ":2: <IfModule x_module> was not closed"},
      {"Listen \"80\n", ":1: unterminated quote"},
  };
  for (const auto& [conf, why] : refused) {
    const auto c = read(conf + "Listen 81\nListen 81\nListen 82\nListen 82\n");
    EXPECT_EQ(problems(c), Strings{f + why}) << conf;
  }
}

TEST_F(ApacheRead, NamesAndNumericFormsResolveThroughTheTree) {
  dir.write("etc/hosts", "127.0.0.1\tlocalhost\n192.0.2.1\twww.example\n::1\tlocalhost\n");
  dir.write("etc/host.conf", "multi on\n");
  auto c = read("Listen www.example:8080\nListen localhost:8081\nListen 127.1:8082\n");
  EXPECT_TRUE(c.notes.empty());
  EXPECT_EQ(listens(c),
            (Strings{"tcp 192.0.2.1:8080 @" + shown("/etc/apache2/apache2.conf") + ":1",
                     "tcp [::1]:8081 @" + shown("/etc/apache2/apache2.conf") + ":2",
                     "tcp 127.0.0.1:8081 @" + shown("/etc/apache2/apache2.conf") + ":2",
                     "tcp 127.0.0.1:8082 @" + shown("/etc/apache2/apache2.conf") + ":3"}));
  EXPECT_EQ(c.listens[0].text,
            "Listen www.example:8080; www.example is 192.0.2.1 (" + shown("/etc/hosts") + ":2)");
  EXPECT_EQ(c.listens[3].text, "Listen 127.1:8082; 127.1 is 127.0.0.1");
  c = read("Listen nowhere.example:80\n");
  ASSERT_EQ(c.listens.size(), 1u);
  EXPECT_TRUE(c.listens[0].endpoint.is_name());
  EXPECT_EQ(listens(read("Listen 0:80\n")),
            Strings{"tcp 0.0.0.0:80 @" + shown("/etc/apache2/apache2.conf") + ":1"});
}

TEST_F(ApacheRead, HttpdsBindOrder) {
  const std::string f = shown("/etc/apache2/apache2.conf");
  // 80 alone: 0.0.0.0 and ::, the dual-stack :: first, then 0.0.0.0 is dropped.
  EXPECT_EQ(listens(read("Listen 80\n")), Strings{"tcp [::]:80 @" + f + ":1"});
  EXPECT_EQ(listens(read("Listen 80\nListen 0.0.0.0:80\n")), Strings{"tcp [::]:80 @" + f + ":1"});
  EXPECT_EQ(listens(read("Listen [::]:80\nListen 0.0.0.0:80\n")),
            Strings{"tcp [::]:80 @" + f + ":1"});
  // 0.0.0.0 first: :: cannot bind, and the 0.0.0.0 of "Listen 80" neither.
  auto c = read("Listen 0.0.0.0:80\nListen 80\n");
  EXPECT_TRUE(c.listens.empty());
  EXPECT_EQ(problems(c),
            Strings{"refusal " + f +
                    ":2: (98)Address already in use: AH00072: make_sock: could not bind to "
                    "address [::]:80; (98)Address already in use: AH00072: make_sock: could not "
                    "bind to address 0.0.0.0:80: AH00451: no listening sockets available, "
                    "shutting down"});
  // A specific address and a wildcard on one port, in either order.
  EXPECT_EQ(problems(read("Listen 192.0.2.1:80\nListen 80\n")).size(), 1u);
  c = read("Listen 80\nListen 192.0.2.1:80\n");
  EXPECT_EQ(problems(c),
            Strings{"refusal " + f +
                    ":2: (98)Address already in use: AH00072: make_sock: could not bind to "
                    "address 192.0.2.1:80: AH00451: no listening sockets available, shutting "
                    "down"});
  // :: failing before its 0.0.0.0 is tolerated: httpd goes on with IPv4.
  c = read("Listen [2001:db8::1]:80\nListen 80\n");
  EXPECT_EQ(listens(c),
            (Strings{"tcp [2001:db8::1]:80 @" + f + ":1", "tcp 0.0.0.0:80 @" + f + ":2"}));
  EXPECT_EQ(problems(c), Strings{"ignored " + f +
                                 ":2: (98)Address already in use: AH00072: make_sock: could not "
                                 "bind to address [::]:80; httpd goes on with 0.0.0.0:80 (IPv4 "
                                 "only)"});
  // Other ports do not meet.
  EXPECT_EQ(listens(read("Listen 0.0.0.0:80\nListen 81\n")).size(), 2u);
}

TEST_F(ApacheRead, AnAddressTheMachineDoesNotHaveStopsHttpd) {
  options.local_addresses = std::vector<vs::net::Address>{*vs::net::Address::parse("127.0.0.1"),
                                                          *vs::net::Address::parse("192.0.2.1")};
  const std::string f = shown("/etc/apache2/apache2.conf");
  auto c = read("Listen 192.0.2.1:80\nListen 192.0.2.9:80\n");
  EXPECT_TRUE(c.listens.empty());
  EXPECT_EQ(problems(c), Strings{"refusal " + f +
                                 ":2: (99)Cannot assign requested address: AH00072: make_sock: "
                                 "could not bind to address 192.0.2.9:80: AH00451: no listening "
                                 "sockets available, shutting down"});
  EXPECT_EQ(read("Listen 192.0.2.1:80\nListen 80\n").notes.size(), 1u);  // in use, as ever
  EXPECT_EQ(read("Listen 127.0.0.2:80\nListen 8080\n").listens.size(), 2u);
  options.local_addresses.reset();
  EXPECT_EQ(read("Listen 192.0.2.9:80\n").listens.size(), 1u);  // unknown: not judged
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
  ASSERT_EQ(c.notes.size(), 1u);
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
  dir.write("etc/apache2/envvars", "export SHELL_ONLY=`hostname`\n");
  dir.write("etc/apache2/apache2.conf",
            "Listen 192.0.2.1:80\nListen ${SHELL_ONLY}:81\nListen 8080\n");
  const vs::fs::Tree tree(dir.path());
  const auto c = apache::service_config(apache::read_apache(tree, "/etc/apache2/apache2.conf", {}));
  EXPECT_EQ(vs::test::config_lines(c, dir.path()),
            (Strings{"/etc/apache2/apache2.conf:1: Listen 192.0.2.1:80",
                     "/etc/apache2/apache2.conf:3: Listen 8080",
                     "unjudged /etc/apache2/apache2.conf:2: Listen ${SHELL_ONLY}:81: ${SHELL_ONLY} "
                     "comes from envvars with a value only the shell knows: not judged"}));
  EXPECT_EQ(vs::test::strip_root(c.files_read, dir.path()), Strings{"/etc/apache2/apache2.conf"});
}
