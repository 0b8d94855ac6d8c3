// vs-nrpe-config as an admin runs it: the built generator on guest trees.
#include <gtest/gtest.h>

#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::add_guest;
using Result = vs::test::Run;
using vs::test::TempDir;

namespace {

using vs::test::generator;

Result generate(const TempDir& root, std::vector<std::string> args) {
  std::vector<std::string> argv{generator(), "--root", root.path(), "--plugin-dir", "/p"};
  argv.insert(argv.end(), args.begin(), args.end());
  return vs::test::run(argv);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// web1 runs sshd, mail runs Postfix, old is disabled, bare has no address; the host
// itself runs sshd.
struct Site {
  TempDir t;
  Site() {
    const std::string web1 = add_guest(t, {.name = "web1", .ips = {"192.0.2.40", "192.0.2.50"}});
    const std::string mail = add_guest(t, {.name = "mail", .ips = {"2001:db8::41"}});
    add_guest(t, {.name = "old", .ips = {"192.0.2.42"}, .disabled = true});
    add_guest(t, {.name = "bare"});
    t.write("vservers/web1/etc/ssh/sshd_config", "ListenAddress 192.0.2.40\n");
    t.write("vservers/mail/etc/postfix/main.cf", "inet_interfaces = all\n");
    t.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.1\n");
  }
};

TEST(VsNrpeConfig, HostFragmentHasHostAndPerGuestCommands) {
  Site s;
  const Result r = generate(s.t, {"--format", "nrpe", "--host-address", "192.0.2.1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& o = r.out;
  const std::string tree = " --root " + s.t.path();
  EXPECT_TRUE(has(o, "\nserver_address=192.0.2.1\n")) << o;
  EXPECT_TRUE(has(o, "command[check_vs_caps]=/p/check_vs_caps" + tree + "\n")) << o;
  EXPECT_TRUE(has(o, "command[check_vs_caps_web1]=/p/check_vs_caps --guest web1" + tree + "\n"))
      << o;
  EXPECT_TRUE(has(o, "command[check_vs_caps_bare]=/p/check_vs_caps --guest bare" + tree + "\n"))
      << o;
  EXPECT_FALSE(has(o, "_old]")) << o;
  EXPECT_TRUE(has(o, "# Guests left out: old (disabled)\n")) << o;
  if (vs::test::plugin_built("check_vs_listen")) {
    EXPECT_TRUE(has(o, "command[check_vs_listen]=/p/check_vs_listen --role host" + tree + "\n"))
        << o;
    EXPECT_TRUE(
        has(o, "command[check_vs_listen_mail]=/p/check_vs_listen --guest mail" + tree + "\n"))
        << o;
  }
  if (vs::test::plugin_built("check_vs_sshd")) {
    EXPECT_TRUE(has(o, "command[check_vs_sshd]=/p/check_vs_sshd --role host" + tree + "\n")) << o;
    EXPECT_TRUE(has(o, "command[check_vs_sshd_web1]=")) << o;
    EXPECT_FALSE(has(o, "command[check_vs_sshd_mail]=")) << o;  // no sshd_config in mail
  }
  if (vs::test::plugin_built("check_vs_postfix")) {
    EXPECT_TRUE(has(o, "command[check_vs_postfix_mail]=")) << o;
    EXPECT_FALSE(has(o, "command[check_vs_postfix]=")) << o;  // not on the host
  }
  // Never an argument the NRPE client could choose.
  EXPECT_FALSE(has(o, "$ARG")) << o;
}

TEST(VsNrpeConfig, HostFragmentWithoutAddressLeavesServerAddressToTheAdmin) {
  Site s;
  const Result r = generate(s.t, {"--format", "nrpe", "--host-name", "vs1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "\n#server_address=")) << r.out;
  EXPECT_FALSE(has(r.out, "\nserver_address=")) << r.out;
}

TEST(VsNrpeConfig, GuestFragmentBindsTheGuestsFirstAddressInGuestRole) {
  Site s;
  const Result r = generate(s.t, {"--format", "nrpe", "--guest", "web1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "\nserver_address=192.0.2.40\n")) << r.out;
  EXPECT_FALSE(has(r.out, "check_vs_caps")) << r.out;  // needs /etc/vservers: host only
  EXPECT_FALSE(has(r.out, "--root")) << r.out;         // runs inside the guest, on its own /
  if (vs::test::plugin_built("check_vs_listen")) {
    EXPECT_TRUE(has(r.out, "command[check_vs_listen]=/p/check_vs_listen --role guest\n"));
  }
  if (vs::test::plugin_built("check_vs_sshd")) {
    EXPECT_TRUE(has(r.out, "command[check_vs_sshd]=/p/check_vs_sshd --role guest\n"));
  }
  if (vs::test::plugin_built("check_vs_postfix")) {
    EXPECT_FALSE(has(r.out, "check_vs_postfix")) << r.out;
  }

  const Result v6 = generate(s.t, {"--format", "nrpe", "--guest", "mail"});
  ASSERT_EQ(v6.exit_code, 0) << v6.err;
  EXPECT_TRUE(has(v6.out, "\nserver_address=2001:db8::41\n")) << v6.out;
}

TEST(VsNrpeConfig, AllServicesIgnoresWhatIsInstalled) {
  Site s;
  const Result r = generate(s.t, {"--format", "nrpe", "--guest", "mail", "--all-services"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  if (vs::test::plugin_built("check_vs_sshd")) {
    EXPECT_TRUE(has(r.out, "command[check_vs_sshd]=")) << r.out;
  }
}

TEST(VsNrpeConfig, ErrorsExitThreeWithAClearMessage) {
  Site s;
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--format", "nrpe", "--guest", "nope"},
       "guest 'nope' is not configured in " + s.t.path() + "/etc/vservers"},
      {{"--format", "nrpe", "--guest", "old"}, "guest 'old' is disabled"},
      {{"--format", "nrpe", "--guest", "bare"}, "guest bare has no address"},
      {{"--format", "nrpe", "--vservers-dir", "/nowhere"},
       s.t.path() + "/nowhere: no such directory"},
      {{"--format", "xml"}, "--format must be nrpe, nagios or icinga2, not 'xml'"},
      {{"--format", "nagios", "--guest", "web1"}, "--guest goes with --format nrpe"},
      {{"--format", "nrpe", "--vservers-dir", "/etc/v servers"},
       "--vservers-dir '/etc/v servers' needs quoting"},
      {{"--format", "nrpe", "--bogus"}, "unrecognised option '--bogus'"},
      {{}, "--format is required"},
  };
  for (const auto& c : cases) {
    const Result r = generate(s.t, c.args);
    EXPECT_EQ(r.exit_code, 3) << c.message;
    EXPECT_TRUE(has(r.err, "vs-nrpe-config: " + c.message)) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST(VsNrpeConfig, BrokenGuestIsAnErrorNamingTheFile) {
  Site s;
  s.t.write("etc/vservers/web1/interfaces/1/ip", "not-an-ip\n");
  const Result r = generate(s.t, {"--format", "nrpe"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(has(r.err, "guest web1 is not configured right:")) << r.err;
  EXPECT_TRUE(has(r.err, "interfaces/1/ip:1: 'not-an-ip' is not an IP address")) << r.err;
}

TEST(VsNrpeConfig, NagiosObjectsUseTheSnippetTemplates) {
  Site s;
  const Result r =
      generate(s.t, {"--format", "nagios", "--host-name", "vs1", "--host-address", "192.0.2.1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& o = r.out;
  EXPECT_TRUE(
      has(o, "    use                     check-vs-host\n    host_name               vs1\n"))
      << o;
  EXPECT_TRUE(has(o, "    host_name               web1\n")) << o;
  EXPECT_TRUE(has(o, "    address                 192.0.2.40\n")) << o;
  EXPECT_TRUE(has(o, "    parents                 vs1\n")) << o;
  EXPECT_TRUE(has(o, "    _VS_HOST_ADDRESS        192.0.2.1\n")) << o;
  EXPECT_TRUE(has(o, "check-vs-via-host-nrpe!check_vs_caps_web1\n")) << o;
  EXPECT_TRUE(has(o, "    use                     vs-caps\n    host_name               vs1\n"))
      << o;
  // No host object without an address; said in the header.
  EXPECT_FALSE(has(o, "host_name               bare")) << o;
  EXPECT_TRUE(has(o, "bare (no address)")) << o;
}

TEST(VsNrpeConfig, IcingaHostsCarryTheirCommandLists) {
  Site s;
  const Result r =
      generate(s.t, {"--format", "icinga2", "--host-name", "vs1", "--host-address", "192.0.2.1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& o = r.out;
  EXPECT_TRUE(
      has(o, "object Host \"vs1\" {\n  import \"check-vs-host\"\n  address = \"192.0.2.1\"\n"))
      << o;
  EXPECT_TRUE(has(
      o, "object Host \"mail\" {\n  import \"check-vs-guest\"\n  address6 = \"2001:db8::41\"\n"))
      << o;
  EXPECT_TRUE(has(o, "  vars.vs_host_address = \"192.0.2.1\"\n")) << o;
  EXPECT_TRUE(has(o, "  vars.check_vs_host_nrpe = [ \"check_vs_caps_web1\"")) << o;
}

TEST(VsNrpeConfig, HelpAndVersionExitZero) {
  const Result help = vs::test::run({generator(), "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(has(help.out, "--format nrpe|nagios|icinga2")) << help.out;
  const Result version = vs::test::run({generator(), "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(has(version.out, "vs-nrpe-config v")) << version.out;
}

}  // namespace
