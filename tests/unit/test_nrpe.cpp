// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/nrpe.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "config/includes.hpp"

#include "config_lines.hpp"
#include "guests.hpp"
#include "policy/bind_policy.hpp"
#include "process.hpp"

using vs::config::NrpeLine;
using vs::config::parse_nrpe_line;
using vs::plugin::Status;
using vs::test::TempDir;

namespace {

using Strings = std::vector<std::string>;

// "name=value", "rejected: why" or "skip" for one line.
std::string line(std::string_view text) {
  const NrpeLine l = parse_nrpe_line(text);
  switch (l.kind) {
    case NrpeLine::Kind::skip:
      return "skip";
    case NrpeLine::Kind::setting:
      return std::string(l.name) + "=" + std::string(l.value);
    case NrpeLine::Kind::rejected:
      break;
  }
  return "rejected: " + l.why;
}

// "file:line value" of server_address after loading, or "-".
std::string address(const vs::config::NrpeConfig& c, const std::string& root) {
  if (!c.server_address) return "-";
  return vs::test::strip_root(c.server_address->where.str(), root) + " " + c.server_address->value;
}

using vs::test::FileList;

// A tree holding `files`, read as nrpe reads it.
struct Files {
  TempDir dir;
  explicit Files(const FileList& files) { dir.write_tree(files); }
  const std::string& root() const { return dir.path(); }
  vs::config::NrpeConfig load() const {
    const vs::fs::Tree tree(dir.path());
    return vs::config::load_nrpe(tree, "/etc/nagios/nrpe.cfg");
  }
};

vs::config::ServiceConfig read(const std::string& content) {
  const Files f(FileList{{"/etc/nagios/nrpe.cfg", content}});
  const vs::fs::Tree tree(f.root());
  return vs::config::read_nrpe(tree, "/etc/nagios/nrpe.cfg");
}

Strings read_lines(const std::string& content, FileList more = {}) {
  more.push_back({"/etc/nagios/nrpe.cfg", content});
  const Files f(more);
  const vs::fs::Tree tree(f.root());
  return vs::test::config_lines(vs::config::read_nrpe(tree, "/etc/nagios/nrpe.cfg"), f.root());
}

const std::string kDebianHosts =
    "127.0.0.1\tlocalhost\n127.0.1.1\tvs1\n::1 localhost ip6-localhost\n192.0.2.1 agent.example\n";

// Names files as Debian has them.
FileList names(const std::string& hosts = kDebianHosts) {
  return {{"/etc/hosts", hosts}, {"/etc/host.conf", "multi on\n"}};
}

constexpr const char* kSafe = "allowed_hosts=192.0.2.1\n";

}  // namespace

TEST(NrpeParse, NameIsWhatPrecedesTheFirstEquals) {
  EXPECT_EQ(line("# comment"), "skip");
  EXPECT_EQ(line("   "), "skip");
  EXPECT_EQ(line("  server_address=192.0.2.1  "), "server_address=192.0.2.1");
  EXPECT_EQ(line("command[x]=/bin/check -a b=c"), "command[x]=/bin/check -a b=c");
  EXPECT_EQ(line("server_port =5667"), "server_port =5667");
  EXPECT_EQ(line("==debug=1"), "debug=1");
  EXPECT_EQ(line("a==b"), "a==b");
  EXPECT_EQ(line("server_address= 192.0.2.1"), "server_address= 192.0.2.1");
}

TEST(NrpeParse, WhatNrpeRejectsInItsWords) {
  EXPECT_EQ(line("server_address="), "rejected: No variable value specified");
  EXPECT_EQ(line("junk"), "rejected: No variable value specified");
  EXPECT_EQ(line("==="), "rejected: No variable name specified");
  EXPECT_EQ(line("server_port=666"), "rejected: Invalid port number specified");
  EXPECT_EQ(line("server_port=nrpe"), "rejected: Invalid port number specified");
  EXPECT_EQ(line("server_port=70000"), "server_port=70000");        // getaddrinfo wraps it later
  EXPECT_EQ(line("server_port=5667 # x"), "server_port=5667 # x");  // atoi stops at the blank
  EXPECT_EQ(line("command_timeout=0"), "rejected: Invalid command_timeout specified");
  EXPECT_EQ(line("connection_timeout=-1"), "rejected: Invalid connection_timeout specified");
  EXPECT_EQ(line("ssl_shutdown_timeout=0"), "rejected: Invalid ssl_shutdown_timeout specified");
  EXPECT_EQ(line("listen_queue_size=x"), "rejected: Invalid listen queue size specified");
  EXPECT_EQ(line("ssl_version=TLSv9"), "rejected: Invalid ssl version specified");
  EXPECT_EQ(line("ssl_version=TLSv1.2+"), "ssl_version=TLSv1.2+");
  EXPECT_EQ(line("ssl_use_adh=3"), "rejected: Invalid use adh value specified");
  EXPECT_EQ(line("ssl_client_certs=-1"), "rejected: Invalid client certs value specified");
  EXPECT_EQ(line("command[]=/bin/true"), "rejected: Invalid command specified");
  EXPECT_EQ(line("command[ok]]=/bin/true"), "command[ok]]=/bin/true");
}

TEST(NrpeParse, FgetsReadsLongLinesInPieces) {
  const std::string long_line = "command[x]=" + std::string(3000, 'x');
  const auto pieces = vs::config::nrpe_pieces(long_line, true);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0].size(), 2046u);
  EXPECT_EQ(line(pieces[1]), "rejected: No variable value specified");
  // The newline is the 2047th byte: fgets reads it alone, an empty line.
  EXPECT_EQ(vs::config::nrpe_pieces(std::string(2046, 'a'), true).size(), 2u);
  EXPECT_EQ(vs::config::nrpe_pieces(std::string(2046, 'a'), false).size(), 1u);
  EXPECT_EQ(vs::config::nrpe_pieces(std::string(2045, 'a'), true).size(), 1u);
  EXPECT_EQ(read_lines(std::string(kSafe) + long_line + "\n"),
            Strings{"refusal /etc/nagios/nrpe.cfg:2: No variable value specified (nrpe: \"Config "
                    "file contained errors, aborting\")"});
}

TEST(NrpeLoad, IncludesAreReadInPlace) {
  const Files f(FileList{{"/etc/nagios/nrpe.cfg",
                          "server_address=192.0.2.1\ninclude=/etc/nagios/local.cfg\n"
                          "include_file=/etc/nagios/x.cfg\n"},
                         {"/etc/nagios/local.cfg", "server_address=192.0.2.2\n"},
                         {"/etc/nagios/x.cfg", "server_port=5667\n"}});
  const auto c = f.load();
  EXPECT_EQ(address(c, f.root()), "/etc/nagios/local.cfg:1 192.0.2.2");
  EXPECT_EQ(c.server_port->value, "5667");
  EXPECT_TRUE(c.notes.empty());
  EXPECT_EQ(vs::test::strip_root(c.files_read, f.root()),
            (Strings{"/etc/nagios/nrpe.cfg", "/etc/nagios/local.cfg", "/etc/nagios/x.cfg"}));
  const Files after(FileList{
      {"/etc/nagios/nrpe.cfg", "include=/etc/nagios/local.cfg\nserver_address=192.0.2.1\n"},
      {"/etc/nagios/local.cfg", "server_address=192.0.2.2\n"}});
  EXPECT_EQ(address(after.load(), after.root()), "/etc/nagios/nrpe.cfg:2 192.0.2.1");
}

TEST(NrpeLoad, IncludeDirReadsCfgFilesAndSubdirectoriesInNameOrder) {
  Files f(FileList{{"/etc/nagios/nrpe.cfg", "include_dir=/etc/nagios/nrpe.d/\n"},
                   {"/etc/nagios/nrpe.d/b.cfg", "server_address=192.0.2.2\n"},
                   {"/etc/nagios/nrpe.d/a.cfg", "server_address=192.0.2.1\n"},
                   {"/etc/nagios/nrpe.d/a_sub/c.cfg", "server_port=5667\n"},
                   {"/etc/nagios/nrpe.d/a_sub/deeper/d.cfg", "dont_blame_nrpe=1\n"},
                   {"/etc/nagios/nrpe.d/.hidden/h.cfg", "server_address=192.0.2.9\n"},
                   {"/etc/nagios/nrpe.d/notes.txt", "server_address=192.0.2.9\n"},
                   {"/etc/nagios/nrpe.d/x.cfg.bak", "server_address=192.0.2.9\n"},
                   {"/etc/nagios/nrpe.d/.cfg", "server_address=192.0.2.9\n"},
                   {"/etc/nagios/nrpe.d/dir.cfg/e.cfg", "server_address=192.0.2.9\n"},
                   {"/etc/nagios/shared/linked.cfg", "allowed_hosts=192.0.2.7\n"}});
  f.dir.symlink("etc/nagios/nrpe.d/l.cfg", "/etc/nagios/shared/linked.cfg");
  const auto c = f.load();
  EXPECT_EQ(vs::test::strip_root(c.files_read, f.root()),
            (Strings{"/etc/nagios/nrpe.cfg", "/etc/nagios/nrpe.d", "/etc/nagios/nrpe.d/a.cfg",
                     "/etc/nagios/nrpe.d/a_sub", "/etc/nagios/nrpe.d/a_sub/c.cfg",
                     "/etc/nagios/nrpe.d/a_sub/deeper", "/etc/nagios/nrpe.d/a_sub/deeper/d.cfg",
                     "/etc/nagios/nrpe.d/b.cfg", "/etc/nagios/nrpe.d/l.cfg"}));
  EXPECT_EQ(address(c, f.root()), "/etc/nagios/nrpe.d/b.cfg:1 192.0.2.2");
  EXPECT_EQ(c.allowed_hosts->value, "192.0.2.7");
  EXPECT_TRUE(c.notes.empty());
}

TEST(NrpeLoad, MissingIncludesAreWarnings) {
  const Files f(FileList{{"/etc/nagios/nrpe.cfg",
                          "include=/etc/nagios/gone.cfg\ninclude_dir=/etc/nagios/"
                          "gone.d\nserver_address=192.0.2.1\n"}});
  const auto c = f.load();
  EXPECT_EQ(address(c, f.root()), "/etc/nagios/nrpe.cfg:3 192.0.2.1");
  EXPECT_EQ(vs::test::note_lines(c.notes, f.root()),
            (Strings{"ignored /etc/nagios/nrpe.cfg:1: /etc/nagios/gone.cfg: no such file: nrpe "
                     "logs \"Unable to open config file\" and goes on",
                     "ignored /etc/nagios/nrpe.cfg:2: /etc/nagios/gone.d: no such directory: nrpe "
                     "logs \"Could not open config directory\""}));
}

TEST(NrpeLoad, ARejectedLineInAnIncludeSkipsTheRestOfThatFileAndDirectory) {
  const Files f(FileList{
      {"/etc/nagios/nrpe.cfg", "include_dir=/etc/nagios/nrpe.d\n"},
      {"/etc/nagios/nrpe.d/a.cfg", "server_address=192.0.2.1\nbroken\nserver_address=192.0.2.9\n"},
      {"/etc/nagios/nrpe.d/b.cfg", "server_address=192.0.2.8\n"}});
  const auto c = f.load();
  EXPECT_EQ(address(c, f.root()), "/etc/nagios/nrpe.d/a.cfg:1 192.0.2.1");
  EXPECT_EQ(vs::test::note_lines(c.notes, f.root()),
            Strings{"ignored /etc/nagios/nrpe.d/a.cfg:2: No variable value specified: nrpe skips "
                    "the rest of this file (\"Continuing with errors\")"});
}

TEST(NrpeLoad, ARejectedLineInNrpeCfgStopsNrpe) {
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_port=80\n"),
            Strings{"refusal /etc/nagios/nrpe.cfg:2: Invalid port number specified (nrpe: "
                    "\"Config file contained errors, aborting\")"});
}

TEST(NrpeLoad, ARejectedPortInAnIncludeIsStillAssigned) {
  EXPECT_EQ(read_lines(std::string(kSafe) + "include=/etc/nagios/local.cfg\n",
                       {{"/etc/nagios/local.cfg", "server_port=80\n"}}),
            (Strings{"ignored /etc/nagios/local.cfg:1: Invalid port number specified: nrpe skips "
                     "the rest of this file (\"Continuing with errors\")",
                     "refusal /etc/nagios/local.cfg:1: Bind to port 80 failed: Permission denied. "
                     "Cannot bind to any address. (server_port=80: nrpe runs as nagios, below "
                     "1024 it cannot bind)"}));
}

TEST(NrpeLoad, IncludeLoopsEnd) {
  const Files f(
      FileList{{"/etc/nagios/nrpe.cfg", "include=/etc/nagios/a.cfg\n"},
               {"/etc/nagios/a.cfg", "server_address=192.0.2.1\ninclude=/etc/nagios/nrpe.cfg\n"}});
  const auto c = f.load();
  EXPECT_EQ(address(c, f.root()), "/etc/nagios/a.cfg:1 192.0.2.1");
  EXPECT_EQ(vs::test::note_lines(c.notes, f.root()),
            Strings{"ignored /etc/nagios/a.cfg:2: include loop: /etc/nagios/nrpe.cfg -> "
                    "/etc/nagios/a.cfg -> /etc/nagios/nrpe.cfg: skipped"});
}

TEST(NrpeLoad, IncludeDirCyclesThroughSymlinksEnd) {
  Files f(FileList{{"/etc/nagios/nrpe.cfg", "include_dir=/etc/nagios/nrpe.d\n"},
                   {"/etc/nagios/nrpe.d/a.cfg", "server_address=192.0.2.1\n"},
                   {"/etc/nagios/nrpe.d/x.cfg", "allow_bash_command_substitution=1\n"}});
  f.dir.symlink("etc/nagios/nrpe.d/up", "..");  // back to /etc/nagios, where nrpe.cfg is
  const auto c = f.load();
  // Each file once, and the walk goes on after a loop: x.cfg, after "up", counts.
  EXPECT_EQ(address(c, f.root()), "/etc/nagios/nrpe.d/a.cfg:1 192.0.2.1");
  ASSERT_TRUE(c.allow_bash_command_substitution);
  EXPECT_EQ(vs::test::note_lines(c.notes, f.root()),
            (Strings{"ignored /etc/nagios/nrpe.cfg:1: include loop: "
                     "/etc/nagios/nrpe.cfg -> /etc/nagios/nrpe.d -> "
                     "/etc/nagios -> /etc/nagios/nrpe.cfg: skipped",
                     "ignored /etc/nagios/nrpe.cfg:1: include loop: "
                     "/etc/nagios/nrpe.cfg -> /etc/nagios/nrpe.d -> "
                     "/etc/nagios -> /etc/nagios/nrpe.d: skipped"}));
}

TEST(NrpeLoad, ADirectoryIncludingItselfEnds) {
  Files f(FileList{{"/etc/nagios/nrpe.cfg", "include_dir=/etc/nagios/nrpe.d\n"},
                   {"/etc/nagios/nrpe.d/a.cfg", "server_address=192.0.2.1\n"}});
  f.dir.symlink("etc/nagios/nrpe.d/self", "/etc/nagios/nrpe.d");
  const auto c = f.load();
  EXPECT_EQ(address(c, f.root()), "/etc/nagios/nrpe.d/a.cfg:1 192.0.2.1");
  EXPECT_EQ(vs::test::note_lines(c.notes, f.root()),
            Strings{"ignored /etc/nagios/nrpe.cfg:1: include loop: /etc/nagios/nrpe.cfg -> "
                    "/etc/nagios/nrpe.d -> /etc/nagios/nrpe.d: skipped"});
}

// Issue 15: every file is counted before it is read, and the run's read budget
// running out is no refusal of nrpe's: nothing can be judged after it.
TEST(NrpeLoad, FilesAreCountedBeforeTheyAreRead) {
  TempDir dir;
  dir.write("etc/nagios/nrpe.cfg", "include_dir=/etc/nagios/nrpe.d\n");
  std::filesystem::create_directories(dir.path() + "/etc/nagios/nrpe.d");
  for (int i = 0; i < 600; ++i)
    dir.write("etc/nagios/nrpe.d/f" + std::to_string(1000 + i) + ".cfg", "server_port=5667\n");
  const vs::fs::Tree tree(dir.path());
  const auto c = vs::config::load_nrpe(tree, "/etc/nagios/nrpe.cfg");
  EXPECT_EQ(c.files_read.size(), vs::config::IncludeGuard::kMaxFiles);
  EXPECT_EQ(vs::test::strip_root(c.notes.front().text, dir.path()),
            "more than 512 files included: skipped");
}

TEST(NrpeLoad, ARunOutOfReadBudgetIsUnknownNotARefusal) {
  TempDir dir;
  dir.write("etc/nagios/nrpe.cfg", "include=/etc/nagios/big.cfg\n");
  dir.write("etc/nagios/big.cfg", std::string(4000, '#') + "\n");
  const vs::fs::Tree tree(dir.path());
  vs::fs::set_read_budget(1000);
  EXPECT_THROW(vs::config::load_nrpe(tree, "/etc/nagios/nrpe.cfg"), vs::fs::ReadBudgetExhausted);
  vs::fs::set_read_budget(std::size_t(-1));
}

TEST(NrpeJudge, ServerAddressAndPortLastOneWins) {
  EXPECT_EQ(read_lines(std::string(kSafe) +
                       "server_address=192.0.2.1\nserver_port=5667\nserver_address=192.0.2.2\n"),
            Strings{"/etc/nagios/nrpe.cfg:4: tcp 192.0.2.2:5667 (server_address=192.0.2.2)"});
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_address=2001:db8::1\n"),
            Strings{"/etc/nagios/nrpe.cfg:2: tcp [2001:db8::1]:5666 (server_address=2001:db8::1)"});
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_port=70000\nserver_address=127.0.0.1\n"),
            (Strings{"/etc/nagios/nrpe.cfg:3: tcp 127.0.0.1:4464 (server_address=127.0.0.1)",
                     "info /etc/nagios/nrpe.cfg:2: server_port=70000: getaddrinfo keeps 16 bits, "
                     "nrpe listens on 4464"}));
}

TEST(NrpeJudge, ServerAddressResolvesAsGetaddrinfoDoes) {
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_address=localhost\n", names()),
            (Strings{"/etc/nagios/nrpe.cfg:2: tcp 127.0.0.1:5666 (server_address=localhost; "
                     "localhost is 127.0.0.1 (/etc/hosts:1), ::1 (/etc/hosts:3))",
                     "/etc/nagios/nrpe.cfg:2: tcp [::1]:5666 (server_address=localhost; localhost "
                     "is 127.0.0.1 (/etc/hosts:1), ::1 (/etc/hosts:3))"}));
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_address=127.1\n"),
            Strings{"/etc/nagios/nrpe.cfg:2: tcp 127.0.0.1:5666 (server_address=127.1; 127.1 is "
                    "127.0.0.1)"});
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_address=*\n").size(), 2u);
  // The second bind of one address fails; nrpe goes on with the first.
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_address=agent.example\n",
                       names("192.0.2.1 agent.example\n192.0.2.1 agent.example\n"))
                .size(),
            1u);
  // Absent from the files: DNS might know it; the policy cannot judge a name.
  const auto named = read(std::string(kSafe) + "server_address=nrpe.example\n");
  ASSERT_EQ(named.endpoints.size(), 1u);
  EXPECT_EQ(named.endpoints[0].endpoint.hostname, "nrpe.example");
}

TEST(NrpeJudge, WhatMakesNrpeExit) {
  for (const std::string value :
       {"192.0.2.1,127.0.0.1", "\"192.0.2.1\"", "192.0.2.1 # agent", " 192.0.2.1", "192.0.2.300"}) {
    EXPECT_EQ(read_lines(std::string(kSafe) + "server_address=" + value + "\n"),
              Strings{"refusal /etc/nagios/nrpe.cfg:2: bad addr or host: " + value +
                      " (Name or service not known)"})
        << value;
  }
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_address=::ffff:127.0.0.1\n"),
            Strings{"refusal /etc/nagios/nrpe.cfg:2: Bind to port 5666 on ::ffff:127.0.0.1 failed: "
                    "Invalid argument (an IPv4-mapped address on an IPv6-only socket). Cannot "
                    "bind to any address."});
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_address=mapped\n",
                       names("::ffff:127.0.0.1 mapped\n127.0.0.1 mapped\n")),
            (Strings{"/etc/nagios/nrpe.cfg:2: tcp 127.0.0.1:5666 (server_address=mapped; mapped is "
                     "::ffff:127.0.0.1 (/etc/hosts:1), 127.0.0.1 (/etc/hosts:2))",
                     "ignored /etc/nagios/nrpe.cfg:2: Bind to port 5666 on ::ffff:127.0.0.1 "
                     "failed: Invalid argument (an IPv4-mapped address on an IPv6-only socket): "
                     "nrpe goes on without it"}));
}

// Given the machine's addresses, nrpe cannot bind one it lacks (EADDRNOTAVAIL): with
// none left it exits; a name with another address loses only that one.
TEST(NrpeJudge, AnAddressTheMachineLacksFailsToBind) {
  FileList files = names("192.0.2.1 both\n192.0.2.9 both\n");
  files.push_back({"/etc/nagios/nrpe.cfg", std::string(kSafe) + "server_address=192.0.2.9\n"});
  const Files f(files);
  const vs::fs::Tree tree(f.root());
  const std::vector<vs::net::Address> here{*vs::net::Address::parse("127.0.0.1"),
                                           *vs::net::Address::parse("192.0.2.1")};
  auto lines = [&](const std::optional<std::vector<vs::net::Address>>& local) {
    return vs::test::config_lines(vs::config::read_nrpe(tree, "/etc/nagios/nrpe.cfg", local),
                                  f.root());
  };
  EXPECT_EQ(lines(here),
            Strings{"refusal /etc/nagios/nrpe.cfg:2: Bind to port 5666 on 192.0.2.9 failed: Cannot "
                    "assign requested address (not an address of this machine). Cannot bind to "
                    "any address."});
  // Unknown addresses (a --root tree): nothing is claimed missing.
  EXPECT_EQ(lines(std::nullopt),
            Strings{"/etc/nagios/nrpe.cfg:2: tcp 192.0.2.9:5666 (server_address=192.0.2.9)"});
}

TEST(NrpeJudge, SecuritySettings) {
  EXPECT_EQ(read_lines(
                "server_address=192.0.2.1\ndont_blame_nrpe=1\nallow_bash_command_substitution=1\n"),
            (Strings{"/etc/nagios/nrpe.cfg:1: tcp 192.0.2.1:5666 (server_address=192.0.2.1)",
                     "advice /etc/nagios/nrpe.cfg:2: dont_blame_nrpe=1: clients choose the "
                     "command arguments (set 0 unless a command needs $ARGn$)",
                     "hazard /etc/nagios/nrpe.cfg:3: allow_bash_command_substitution=1: client "
                     "arguments may run $(...) commands on this machine",
                     "advice /etc/nagios/nrpe.cfg: allowed_hosts not set: nrpe runs commands for "
                     "any host that reaches its port"}));
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_address=192.0.2.1\ndont_blame_nrpe=1\ndont_"
                                            "blame_nrpe=0\nallow_bash_command_substitution=0\n"),
            Strings{"/etc/nagios/nrpe.cfg:2: tcp 192.0.2.1:5666 (server_address=192.0.2.1)"});
}

TEST(NrpeJudge, SpacesAroundEqualsMakeNrpeIgnoreTheLine) {
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_address =192.0.2.1\n"),
            (Strings{"/etc/nagios/nrpe.cfg: tcp 0.0.0.0:5666 (server_address not set)",
                     "/etc/nagios/nrpe.cfg: tcp [::]:5666 (server_address not set)",
                     "ignored /etc/nagios/nrpe.cfg:2: 'server_address =': nrpe does not trim "
                     "blanks around '=', so it ignores this server_address line (\"Unknown option "
                     "specified\")"}));
}

// Issue 15: --config /etc/shadow must not print what the file holds: a line that is
// no setting is named by its number alone.
TEST(NrpeRead, UnparsedLinesAreNeverQuoted) {
  const std::string hash = "$6$rounds=5000$saltsalt$Zm9vYmFyYmF6cXV4c2VjcmV0aGFzaA";
  for (const std::string& secret :
       {"root:" + hash + ":19000:0:99999:7:::\n", "daemon:*:19000:0:99999:7:::\n" + hash + "\n",
        "x" + hash + "=\n", "include_dir=/etc\nroot:" + hash + ":1:\n"}) {
    for (const auto& l : read_lines(secret))
      EXPECT_EQ(l.find("Zm9vYmFy"), std::string::npos) << l;
  }
  // A value the reader understood is quoted, its first bytes only.
  for (const std::string setting :
       {"server_address=", "include=", "include_dir=", "server_port=1"}) {
    for (const auto& l : read_lines(setting + std::string(300, 'a') + "\n"))
      EXPECT_LT(l.size(), 250u) << l;
  }
}

TEST(NrpeRead, ManyNotesAreCapped) {
  std::string text = kSafe;
  for (int i = 0; i < 1000; ++i)
    text += "server_address =x\n";
  const auto lines = read_lines(text);
  EXPECT_LT(lines.size(), 40u);
  EXPECT_EQ(lines.back(), "ignored : 968 more notes like these (not listed)");
}

TEST(NrpeRead, DebiansDefaultConfiguration) {
  const std::string root = vs::test::fixture("nrpe/debian12");
  const vs::fs::Tree tree(root);
  const auto c = vs::config::read_nrpe(tree, "/etc/nagios/nrpe.cfg");
  EXPECT_EQ(vs::test::config_lines(c, root),
            (Strings{"/etc/nagios/nrpe.cfg: tcp 0.0.0.0:5666 (server_address not set)",
                     "/etc/nagios/nrpe.cfg: tcp [::]:5666 (server_address not set)"}));
  EXPECT_EQ(vs::test::strip_root(c.files_read, root),
            (Strings{"/etc/nagios/nrpe.cfg", "/etc/nagios/nrpe_local.cfg", "/etc/nagios/nrpe.d"}));
}

TEST(NrpePolicy, HostAndGuestRoles) {
  const auto web1 = vs::test::guest("web1", {"192.0.2.40", "2001:db8::40"});
  const std::vector<vs::vserver::Guest> guests{web1};
  const auto unset = read(kSafe);
  const auto host = vs::policy::BindPolicy::host(guests);
  const auto in_guest = vs::test::guest_policy(web1, false);
  for (const auto& e : unset.endpoints) {
    EXPECT_EQ(host.judge(e.endpoint).status, Status::critical);
    EXPECT_EQ(in_guest.judge(e.endpoint).status, Status::ok);
  }
  // nrpe's [::] is IPv6-only: it answers for no IPv4-only guest.
  const auto v4_host = vs::policy::BindPolicy::host({vs::test::guest("web1", {"192.0.2.40"})});
  EXPECT_EQ(v4_host.judge(unset.endpoints.at(1).endpoint).status, Status::warning);
  const auto own = read(std::string(kSafe) + "server_address=192.0.2.40\n");
  EXPECT_EQ(host.judge(own.endpoints[0].endpoint).status, Status::critical);
  EXPECT_EQ(in_guest.judge(own.endpoints[0].endpoint).status, Status::ok);
  const auto other = read(std::string(kSafe) + "server_address=192.0.2.99\n");
  EXPECT_EQ(host.judge(other.endpoints[0].endpoint).status, Status::ok);
  EXPECT_EQ(in_guest.judge(other.endpoints[0].endpoint).status, Status::critical);
}
