// The generated configuration against the real programs from Debian's packages: the
// NRPE agent (nagios-nrpe-server) in a guest's network namespace queried by
// check_nrpe (nagios-nrpe-plugin), nagios4 -v (nagios4-core) and icinga2 daemon -C
// (icinga2). Each test skips, with the reason, where its program is missing.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <regex>
#include <sstream>
#include <thread>

#include "netns.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::TempDir;
using Result = vs::test::Run;

namespace {

using vs::test::generator;

const std::string kNrpe = "/usr/sbin/nrpe";
const std::string kCheckNrpe = "/usr/lib/nagios/plugins/check_nrpe";
const std::string kNagios = "/usr/sbin/nagios4";
const std::string kIcinga = "/usr/sbin/icinga2";

bool executable(const std::string& path) {
  return access(path.c_str(), X_OK) == 0;
}

// The daemons drop to the nagios user, which must read (and sometimes write) here.
void open_to_nagios(const TempDir& t) {
  for (const auto& e : std::filesystem::recursive_directory_iterator(t.path())) {
    if (!e.is_symlink()) chmod(e.path().c_str(), e.is_directory() ? 0755 : 0644);
  }
  chmod(t.path().c_str(), 0755);
}

std::string writable_by_nagios(const TempDir& t, const std::string& rel) {
  const std::string dir = t.mkdir(rel);
  const Result r = vs::test::run({"chown", "nagios:nagios", dir});
  if (r.exit_code != 0) ADD_FAILURE() << "chown nagios " << dir << ": " << r.err;
  return dir;
}

std::string skip_reason(const std::vector<std::string>& programs, const std::string& package) {
  if (!vs::test::is_root()) return "needs root";
  for (const auto& p : programs) {
    if (!executable(p)) return "needs " + p + " (Debian package " + package + ")";
  }
  if (vs::test::run({"id", "nagios"}).exit_code != 0)
    return "needs the nagios user (" + package + ")";
  return "";
}

// A VServer host with three guests: web1 runs sshd, mail (IPv6) runs Postfix,
// old is disabled; the host runs sshd.
void add_site(const TempDir& t) {
  vs::test::add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  vs::test::add_guest(t, {.name = "mail", .ips = {"2001:db8::41"}});
  vs::test::add_guest(t, {.name = "old", .ips = {"192.0.2.42"}, .disabled = true});
  t.write("vservers/web1/etc/ssh/sshd_config", "ListenAddress 192.0.2.40\n");
  t.write("vservers/mail/etc/postfix/main.cf", "inet_interfaces = all\n");
  t.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.1\n");
}

Result generate(const TempDir& site, const std::vector<std::string>& args) {
  std::vector<std::string> argv{generator(), "--root", site.path()};
  argv.insert(argv.end(), args.begin(), args.end());
  return vs::test::run(argv);
}

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

TEST(MonitoringStack, NrpeInTheGuestAnswersLikeADirectRun) {
  VS_REQUIRE_NETNS();
  const std::string why = skip_reason({kNrpe, kCheckNrpe, "/usr/bin/setpriv"},
                                      "nagios-nrpe-server, nagios-nrpe-plugin");
  if (!why.empty()) GTEST_SKIP() << why;

  TempDir t;
  add_site(t);
  // The guest's agent: its fragment, with the plugins of this build.
  const Result fragment = generate(t, {"--format", "nrpe", "--guest", "web1", "--plugin-dir",
                                       std::filesystem::path(vs::test::plugin("x")).parent_path()});
  ASSERT_EQ(fragment.exit_code, 0) << fragment.err;
  ASSERT_NE(fragment.out.find("\nserver_address=192.0.2.40\n"), std::string::npos) << fragment.out;
  const std::string run_dir = writable_by_nagios(t, "run");
  t.write("nrpe/check_vs.cfg", fragment.out);
  // Debian's nrpe.cfg settings, with the guest's fragment included last as
  // /etc/nagios/nrpe.d/ would be.
  t.write("nrpe/nrpe.cfg",
          "log_facility=daemon\ndebug=0\npid_file=" + run_dir +
              "/nrpe.pid\nserver_port=5666\nnrpe_user=nagios\nnrpe_group=nagios\n"
              "allowed_hosts=192.0.2.40\ndont_blame_nrpe=0\nallow_bash_command_substitution=0\n"
              "command_timeout=60\nconnection_timeout=300\ninclude=" +
              t.path() + "/nrpe/check_vs.cfg\n");
  open_to_nagios(t);

  vs::test::Netns ns({"192.0.2.40/32"});
  ASSERT_TRUE(ns.ok()) << ns.why_not();
  ns.spawn({kNrpe, "-c", t.path() + "/nrpe/nrpe.cfg", "-f"});
  Result hello;
  for (int i = 0; i < 50; ++i) {  // up to 5 s for the agent to listen
    hello = ns.run({kCheckNrpe, "-H", "192.0.2.40"});
    if (hello.exit_code == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(hello.exit_code, 0) << "nrpe did not answer: " << hello.out << hello.err;
  EXPECT_EQ(hello.first_line().rfind("NRPE v", 0), 0u) << hello.out;

  // Every generated command, through the agent and directly as its user.
  static const std::regex command(R"(^command\[([^\]]+)\]=(.*)$)");
  int compared = 0;
  std::istringstream lines(fragment.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, command)) continue;
    SCOPED_TRACE(line);
    const Result via = ns.run({kCheckNrpe, "-H", "192.0.2.40", "-t", "30", "-c", m[1]});
    std::vector<std::string> argv{"setpriv", "--reuid=nagios", "--regid=nagios", "--init-groups",
                                  "--"};
    for (const auto& w : split_words(m[2]))
      argv.push_back(w);
    const Result direct = ns.run(argv);
    EXPECT_GE(direct.exit_code, 0);
    EXPECT_LE(direct.exit_code, 3);
    EXPECT_EQ(via.exit_code, direct.exit_code) << via.out << "\n--- direct:\n"
                                               << direct.out << direct.err;
    EXPECT_EQ(via.first_line(), direct.first_line());
    EXPECT_EQ(via.first_line().rfind("VS_", 0), 0u) << via.out;
    std::cout << "  " << m[1] << ": exit " << via.exit_code << ", " << via.first_line() << "\n";
    ++compared;
  }
  EXPECT_GT(compared, 0) << fragment.out;

  // The agent obeys the fragment: bound to the guest's address, not the wildcard.
  const std::string listen = vs::test::plugin("check_vs_listen");
  if (executable(listen)) {
    const Result bound =
        ns.run({listen, "--role", "guest", "--strict", "--expect", "192.0.2.40:5666"});
    EXPECT_EQ(bound.exit_code, 0) << bound.out;
  }
}

TEST(MonitoringStack, Nagios4AcceptsTheObjects) {
  const std::string why = skip_reason({kNagios}, "nagios4-core");
  if (!why.empty()) GTEST_SKIP() << why;
  for (const std::string f : {"templates.cfg", "commands.cfg", "contacts.cfg", "timeperiods.cfg"}) {
    if (!std::filesystem::exists("/etc/nagios4/objects/" + f))
      GTEST_SKIP() << "needs Debian's /etc/nagios4/objects/" << f;
  }

  TempDir t;
  add_site(t);
  const Result objects =
      generate(t, {"--format", "nagios", "--host-name", "vs1", "--host-address", "192.0.2.1"});
  ASSERT_EQ(objects.exit_code, 0) << objects.err;
  t.write("objects/vs1.cfg", objects.out);
  const std::string spool = writable_by_nagios(t, "spool");
  const std::string& d = t.path();
  // Debian's sample templates (linux-server, generic-service, check-host-alive from
  // nagios-plugins' config) plus the snippets and the generated objects.
  t.write("nagios.cfg", "log_file=" + d +
                            "/nagios.log\n"
                            "cfg_dir=/etc/nagios-plugins/config\n"
                            "cfg_file=/etc/nagios4/objects/commands.cfg\n"
                            "cfg_file=/etc/nagios4/objects/contacts.cfg\n"
                            "cfg_file=/etc/nagios4/objects/timeperiods.cfg\n"
                            "cfg_file=/etc/nagios4/objects/templates.cfg\n"
                            "cfg_dir=" +
                            vs::test::source("nrpe-snippets") +
                            "/nagios\n"
                            "cfg_dir=" +
                            d +
                            "/objects\n"
                            "resource_file=/etc/nagios4/resource.cfg\n"
                            "check_result_path=" +
                            spool +
                            "\n"
                            "lock_file=" +
                            d +
                            "/nagios.pid\n"
                            "temp_file=" +
                            d +
                            "/nagios.tmp\n"
                            "status_file=" +
                            d +
                            "/status.dat\n"
                            "object_cache_file=" +
                            d +
                            "/objects.cache\n"
                            "precached_object_file=" +
                            d +
                            "/objects.precache\n"
                            "nagios_user=nagios\nnagios_group=nagios\n"
                            "illegal_macro_output_chars=`~$&|'\"<>\n");
  open_to_nagios(t);

  const Result r = vs::test::run({kNagios, "-v", d + "/nagios.cfg"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Total Errors:   0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Total Warnings: 0"), std::string::npos) << r.out;
  // web1 and mail, not the disabled guest, and the host.
  EXPECT_NE(r.out.find("Checked 3 hosts."), std::string::npos) << r.out;
}

TEST(MonitoringStack, Icinga2ValidatesTheObjects) {
  const std::string why = skip_reason({kIcinga}, "icinga2");
  if (!why.empty()) GTEST_SKIP() << why;

  TempDir t;
  add_site(t);
  const Result objects =
      generate(t, {"--format", "icinga2", "--host-name", "vs1", "--host-address", "192.0.2.1"});
  ASSERT_EQ(objects.exit_code, 0) << objects.err;
  t.write("objects/vs1.conf", objects.out);
  const std::string cache = writable_by_nagios(t, "cache");
  // A host that runs the plugins directly, through the CheckCommands.
  t.write("icinga2.conf",
          "const PluginDir = \"/usr/lib/nagios/plugins\"\n"
          "const NodeName = \"check-vs-test\"\n"
          "const ZoneName = NodeName\n"
          "include <itl>\n"
          "include <plugins>\n"
          "include_recursive \"" +
              vs::test::source("nrpe-snippets") +
              "/icinga2\"\n"
              "include_recursive \"" +
              t.path() +
              "/objects\"\n"
              "object Host \"direct\" {\n"
              "  import \"check-vs-host\"\n"
              "  address = \"192.0.2.2\"\n"
              "  vars.check_vs = {\n"
              "    \"vs_caps\" = { vs_caps_crit_cap = [ \"NET_RAW\", \"SYS_ADMIN\" ] }\n"
              "    \"vs_listen\" = { vs_role = \"host\", vs_listen_allow_port = [ \"tcp/22\" ] }\n"
              "    \"vs_sshd\" = { vs_guest = \"web1\", vs_strict = true }\n"
              "  }\n"
              "}\n");
  open_to_nagios(t);

  const Result r = vs::test::run({kIcinga, "daemon", "-C", "-c", t.path() + "/icinga2.conf", "-D",
                                  "Configuration.CacheDir=" + cache});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Finished validating the configuration"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("critical/"), std::string::npos) << r.out;

  // Every NRPE command listed on a host became a service, plus the three direct ones.
  static const std::regex quoted(R"("check_vs_[\w.-]+")");
  const auto listed = std::distance(
      std::sregex_iterator(objects.out.begin(), objects.out.end(), quoted), std::sregex_iterator());
  EXPECT_NE(r.out.find("Instantiated " + std::to_string(listed + 3) + " Services."),
            std::string::npos)
      << listed << " NRPE commands listed\n"
      << r.out;
}

}  // namespace
