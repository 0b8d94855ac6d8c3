#include "config/nrpe.hpp"

#include <gtest/gtest.h>

#include "config_lines.hpp"
#include "guests.hpp"
#include "policy/bind_policy.hpp"
#include "process.hpp"

using vs::config::parse_nrpe_file;
using vs::plugin::Status;
using vs::test::TempDir;

namespace {

using Strings = std::vector<std::string>;

Strings settings(const std::vector<vs::config::NrpeSetting>& list, const std::string& root = "") {
  Strings out;
  for (const auto& s : list)
    out.push_back(vs::test::strip_root(s.where.str(), root) + " " + s.name + "=" + s.value);
  return out;
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

Strings read_lines(const std::string& content) {
  const Files f(FileList{{"/etc/nagios/nrpe.cfg", content}});
  const vs::fs::Tree tree(f.root());
  return vs::test::config_lines(vs::config::read_nrpe(tree, "/etc/nagios/nrpe.cfg"), f.root());
}

constexpr const char* kSafe = "allowed_hosts=192.0.2.1\n";

}  // namespace

TEST(NrpeParse, NameIsWhatPrecedesTheFirstEquals) {
  const auto f = parse_nrpe_file(
      "# comment\n\n  server_address=192.0.2.1  \ncommand[x]=/bin/check -a b=c\nserver_port "
      "=5667\n==debug=1\n",
      "f");
  EXPECT_EQ(settings(f.settings),
            (Strings{"f:3 server_address=192.0.2.1", "f:4 command[x]=/bin/check -a b=c",
                     "f:5 server_port =5667", "f:6 debug=1"}));
  EXPECT_EQ(f.rejected_line, 0);
}

TEST(NrpeParse, ALineWithoutValueEndsTheFile) {
  const auto f = parse_nrpe_file("a=1\nserver_address=\nb=2\n", "f");
  EXPECT_EQ(settings(f.settings), Strings{"f:1 a=1"});
  EXPECT_EQ(f.rejected_line, 2);
  EXPECT_EQ(f.rejected_why, "no value after 'server_address='");
  EXPECT_EQ(parse_nrpe_file("junk\n", "f").rejected_why, "no value after 'junk='");
  EXPECT_EQ(parse_nrpe_file("===\n", "f").rejected_why, "no name before '='");
}

TEST(NrpeParse, OutOfRangeNumbersEndTheFile) {
  EXPECT_EQ(parse_nrpe_file("server_port=666\n", "f").rejected_why,
            "server_port must be a number from 1024 to 65535");
  EXPECT_EQ(parse_nrpe_file("server_port=nrpe\n", "f").rejected_line, 1);
  EXPECT_EQ(parse_nrpe_file("server_port=70000\n", "f").rejected_line, 1);
  EXPECT_EQ(parse_nrpe_file("command_timeout=0\n", "f").rejected_why,
            "command_timeout must be 1 or more");
  EXPECT_EQ(parse_nrpe_file("connection_timeout=-1\n", "f").rejected_line, 1);
  EXPECT_EQ(parse_nrpe_file("server_port=5667 # x\n", "f").rejected_line,
            0);  // atoi stops at the blank
}

TEST(NrpeLoad, IncludesAreReadInPlace) {
  const Files f(
      FileList{{"/etc/nagios/nrpe.cfg",
                "a=1\ninclude=/etc/nagios/local.cfg\nb=2\ninclude_file=/etc/nagios/x.cfg\n"},
               {"/etc/nagios/local.cfg", "c=3\n"},
               {"/etc/nagios/x.cfg", "d=4\n"}});
  const auto c = f.load();
  EXPECT_EQ(settings(c.settings, f.root()),
            (Strings{"/etc/nagios/nrpe.cfg:1 a=1", "/etc/nagios/local.cfg:1 c=3",
                     "/etc/nagios/nrpe.cfg:3 b=2", "/etc/nagios/x.cfg:1 d=4"}));
  EXPECT_TRUE(c.notes.empty());
  EXPECT_EQ(vs::test::strip_root(c.files_read, f.root()),
            (Strings{"/etc/nagios/nrpe.cfg", "/etc/nagios/local.cfg", "/etc/nagios/x.cfg"}));
}

TEST(NrpeLoad, IncludeDirReadsCfgFilesAndSubdirectoriesInNameOrder) {
  Files f(FileList{{"/etc/nagios/nrpe.cfg", "include_dir=/etc/nagios/nrpe.d/\nz=main\n"},
                   {"/etc/nagios/nrpe.d/b.cfg", "b=1\n"},
                   {"/etc/nagios/nrpe.d/a.cfg", "a=1\n"},
                   {"/etc/nagios/nrpe.d/a_sub/c.cfg", "c=1\n"},
                   {"/etc/nagios/nrpe.d/a_sub/deeper/d.cfg", "d=1\n"},
                   {"/etc/nagios/nrpe.d/.hidden/h.cfg", "h=1\n"},
                   {"/etc/nagios/nrpe.d/notes.txt", "t=1\n"},
                   {"/etc/nagios/nrpe.d/x.cfg.bak", "bak=1\n"},
                   {"/etc/nagios/nrpe.d/.cfg", "short=1\n"},
                   {"/etc/nagios/nrpe.d/dir.cfg/e.cfg", "e=1\n"},
                   {"/etc/nagios/shared/linked.cfg", "linked=1\n"}});
  f.dir.symlink("etc/nagios/nrpe.d/l.cfg", "/etc/nagios/shared/linked.cfg");
  const auto c = f.load();
  EXPECT_EQ(
      settings(c.settings, f.root()),
      (Strings{"/etc/nagios/nrpe.d/a.cfg:1 a=1", "/etc/nagios/nrpe.d/a_sub/c.cfg:1 c=1",
               "/etc/nagios/nrpe.d/a_sub/deeper/d.cfg:1 d=1", "/etc/nagios/nrpe.d/b.cfg:1 b=1",
               "/etc/nagios/nrpe.d/l.cfg:1 linked=1", "/etc/nagios/nrpe.cfg:2 z=main"}));
  EXPECT_TRUE(c.notes.empty());
}

TEST(NrpeLoad, MissingIncludesAreWarnings) {
  const Files f(FileList{{"/etc/nagios/nrpe.cfg",
                          "include=/etc/nagios/gone.cfg\ninclude_dir=/etc/nagios/gone.d\na=1\n"}});
  const auto c = f.load();
  EXPECT_EQ(settings(c.settings, f.root()), Strings{"/etc/nagios/nrpe.cfg:3 a=1"});
  EXPECT_EQ(vs::test::note_lines(c.notes, f.root()),
            (Strings{"ignored /etc/nagios/nrpe.cfg:1: /etc/nagios/gone.cfg: no such file: nrpe "
                     "continues without it",
                     "ignored /etc/nagios/nrpe.cfg:2: /etc/nagios/gone.d: no such directory"}));
}

TEST(NrpeLoad, ARejectedLineInAnIncludeSkipsTheRestOfThatFileAndDirectory) {
  const Files f(FileList{{"/etc/nagios/nrpe.cfg", "include_dir=/etc/nagios/nrpe.d\nafter=1\n"},
                         {"/etc/nagios/nrpe.d/a.cfg", "a=1\nbroken\na2=1\n"},
                         {"/etc/nagios/nrpe.d/b.cfg", "b=1\n"}});
  const auto c = f.load();
  EXPECT_EQ(settings(c.settings, f.root()),
            (Strings{"/etc/nagios/nrpe.d/a.cfg:1 a=1", "/etc/nagios/nrpe.cfg:2 after=1"}));
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].kind, vs::config::NoteKind::ignored);
  EXPECT_EQ(vs::test::strip_root(c.notes[0].where.str(), f.root()), "/etc/nagios/nrpe.d/a.cfg:2");
  EXPECT_EQ(vs::test::strip_root(c.notes[0].text, f.root()),
            "no value after 'broken=': nrpe ignores the rest of this file");
}

TEST(NrpeLoad, ARejectedLineInNrpeCfgStopsNrpe) {
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_port=80\n"),
            (Strings{"/etc/nagios/nrpe.cfg: tcp 0.0.0.0:5666 (server_address not set)",
                     "/etc/nagios/nrpe.cfg: tcp [::]:5666 (server_address not set)",
                     "refusal /etc/nagios/nrpe.cfg:2: server_port must be a number from 1024 to "
                     "65535"}));
}

TEST(NrpeLoad, IncludeLoopsEnd) {
  const Files f(FileList{{"/etc/nagios/nrpe.cfg", "include=/etc/nagios/a.cfg\n"},
                         {"/etc/nagios/a.cfg", "a=1\ninclude=/etc/nagios/nrpe.cfg\n"}});
  const auto c = f.load();
  EXPECT_EQ(settings(c.settings, f.root()), Strings{"/etc/nagios/a.cfg:1 a=1"});
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(vs::test::strip_root(c.notes[0].where.str(), f.root()), "/etc/nagios/a.cfg:2");
  EXPECT_EQ(
      vs::test::strip_root(c.notes[0].text, f.root()),
      "include loop: /etc/nagios/nrpe.cfg -> /etc/nagios/a.cfg -> /etc/nagios/nrpe.cfg: skipped");
}

TEST(NrpeLoad, IncludeDirCyclesThroughSymlinksEnd) {
  Files f(FileList{{"/etc/nagios/nrpe.cfg", "include_dir=/etc/nagios/nrpe.d\nz=1\n"},
                   {"/etc/nagios/nrpe.d/a.cfg", "a=1\n"},
                   {"/etc/nagios/nrpe.d/x.cfg", "allow_bash_command_substitution=1\n"}});
  f.dir.symlink("etc/nagios/nrpe.d/up", "..");  // back to /etc/nagios, where nrpe.cfg is
  const auto c = f.load();
  // Each file once, and the walk goes on after a loop: x.cfg, after "up", counts.
  EXPECT_EQ(settings(c.settings, f.root()),
            (Strings{"/etc/nagios/nrpe.d/a.cfg:1 a=1",
                     "/etc/nagios/nrpe.d/x.cfg:1 allow_bash_command_substitution=1",
                     "/etc/nagios/nrpe.cfg:2 z=1"}));
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
                   {"/etc/nagios/nrpe.d/a.cfg", "a=1\n"}});
  f.dir.symlink("etc/nagios/nrpe.d/self", "/etc/nagios/nrpe.d");
  const auto c = f.load();
  EXPECT_EQ(settings(c.settings, f.root()), Strings{"/etc/nagios/nrpe.d/a.cfg:1 a=1"});
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(
      vs::test::strip_root(c.notes[0].text, f.root()),
      "include loop: /etc/nagios/nrpe.cfg -> /etc/nagios/nrpe.d -> /etc/nagios/nrpe.d: skipped");
}

TEST(NrpeJudge, ServerAddressAndPortLastOneWins) {
  EXPECT_EQ(read_lines(std::string(kSafe) +
                       "server_address=192.0.2.1\nserver_port=5667\nserver_address=192.0.2.2\n"),
            Strings{"/etc/nagios/nrpe.cfg:4: tcp 192.0.2.2:5667 (server_address=192.0.2.2)"});
  EXPECT_EQ(read_lines(std::string(kSafe) + "server_address=2001:db8::1\n"),
            Strings{"/etc/nagios/nrpe.cfg:2: tcp [2001:db8::1]:5666 (server_address=2001:db8::1)"});
  const auto named = read(std::string(kSafe) + "server_address=nrpe.example\n");
  ASSERT_EQ(named.endpoints.size(), 1u);
  EXPECT_EQ(named.endpoints[0].endpoint.hostname, "nrpe.example");
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
                     "spaces around '=', so it ignores this server_address line"}));
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
