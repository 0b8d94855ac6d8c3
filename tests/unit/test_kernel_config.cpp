// SPDX-License-Identifier: GPL-3.0-or-later
// The kernel configuration: the parser, the patch version in a release, bounded gunzip
// on real and hostile data, and where the configuration is looked for.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "process.hpp"
#include "vserver/gunzip.hpp"
#include "vserver/kernel_config.hpp"

using namespace vs::vserver;
using vs::test::TempDir;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string gzip(const TempDir& t, const std::string& text) {
  t.write("plain", text);
  const auto r = vs::test::sh("gzip -9n < '" + t.path() + "/plain' > '" + t.path() + "/gz'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return slurp(t.path() + "/gz");
}

TEST(KernelConfig, Vs23) {
  const auto text = slurp(vs::test::fixture("proc/vs23/config"));
  const auto c = parse_kernel_config(text, "/proc/config.gz");
  EXPECT_EQ(c.release, "4.9.159-vs2.3.9.8");
  EXPECT_TRUE(c.vserver);
  EXPECT_EQ(c.auto_lback, true);
  EXPECT_EQ(c.auto_lback_at.str(), "/proc/config.gz:17");
}

TEST(KernelConfig, Vs22HasNoAutoLbackAndAnOldHeader) {
  const auto c = parse_kernel_config(
      slurp(vs::test::fixture("proc/vs22/root/boot/config-2.6.22.19-vs2.2.0.7")), "f");
  EXPECT_EQ(c.release, "2.6.22.19-vs2.2.0.7");
  EXPECT_TRUE(c.vserver);
  EXPECT_EQ(c.auto_lback, std::nullopt);
}

TEST(KernelConfig, NotSetAndGarbage) {
  const auto c =
      parse_kernel_config("# CONFIG_VSERVER_AUTO_LBACK is not set\nCONFIG_VSERVER=y\n", "f");
  EXPECT_EQ(c.auto_lback, false);
  EXPECT_EQ(c.auto_lback_at.str(), "f:1");
  const auto error = [](std::string_view text) -> std::string {
    try {
      (void)parse_kernel_config(text, "f");
    } catch (const ProcFormatError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(error("CONFIG_VSERVER=y\nrm -rf /\n"),
            "f:2: 'rm -rf /' is not a CONFIG_NAME=value line");
  EXPECT_EQ(error("CONFIG_VSERVER_AUTO_LBACK=maybe\n"),
            "f:1: CONFIG_VSERVER_AUTO_LBACK: 'maybe' is not y or n");
  EXPECT_EQ(error("CONFIG_HZ=250\nCONFIG_CMDLINE=\"a b\"\n"), "");
}

TEST(KernelConfig, PatchVersionFromTheRelease) {
  EXPECT_EQ(vserver_patch("4.9.159-vs2.3.9.8"), "2.3.9.8");
  EXPECT_EQ(vserver_patch("2.6.22.19-vs2.2.0.7-grsec"), "2.2.0.7");
  EXPECT_EQ(vserver_patch("6.18.44-fc-v669"), "");
  EXPECT_EQ(vserver_patch("4.9-vs"), "");
  EXPECT_EQ(vserver_patch("4.9-vs.3"), "");
}

TEST(Gunzip, TheFixtureInflatesToItsText) {
  const auto g = gunzip(slurp(vs::test::fixture("proc/vs23/proc/config.gz")), kMaxKernelConfig);
  ASSERT_TRUE(g.ok) << g.error;
  EXPECT_EQ(g.text, slurp(vs::test::fixture("proc/vs23/config")));
}

TEST(Gunzip, ThisMachinesConfigGz) {
  const TempDir t;
  const auto r = vs::test::sh("cat /proc/config.gz > '" + t.path() + "/c' 2>/dev/null");
  const auto data = slurp(t.path() + "/c");
  if (r.exit_code != 0 || data.empty()) GTEST_SKIP() << "no /proc/config.gz on this kernel";
  const auto g = gunzip(data, kMaxKernelConfig);
  ASSERT_TRUE(g.ok) << g.error;
  EXPECT_NE(g.text.find("CONFIG_"), std::string::npos);
}

TEST(Gunzip, HostileData) {
  const TempDir t;
  const std::string gz = gzip(t, std::string(100000, 'a'));
  EXPECT_TRUE(gunzip(gz, 100000).ok);
  const auto capped = gunzip(gz, 99999);
  EXPECT_FALSE(capped.ok);
  EXPECT_EQ(capped.error, "inflates to more than 99999 bytes");
  EXPECT_TRUE(capped.text.empty());
  EXPECT_EQ(gunzip(gz.substr(0, gz.size() / 2), 1 << 20).error, "truncated gzip data");
  EXPECT_EQ(gunzip("CONFIG_VSERVER=y\n", 1 << 20).error, "not gzip data");
  EXPECT_EQ(gunzip("", 1 << 20).error, "truncated gzip data");
  std::string corrupt = gz;
  corrupt[gz.size() - 5] ^= 0x55;  // the CRC
  EXPECT_EQ(gunzip(corrupt, 1 << 20).error, "corrupt gzip data");
}

TEST(ReadKernelConfig, ProcFirstThenBootThenNothing) {
  const TempDir proc;
  const TempDir root;
  const vs::fs::Tree p(proc.path());
  const vs::fs::Tree r(root.path());
  auto got = read_kernel_config(p, r, "4.9.159-vs2.3.9.8");
  EXPECT_FALSE(got.config);
  EXPECT_TRUE(got.problems.empty());
  EXPECT_EQ(got.tried, (std::vector<std::string>{proc.path() + "/config.gz",
                                                 root.path() + "/boot/config-4.9.159-vs2.3.9.8"}));

  root.write("boot/config-4.9.159-vs2.3.9.8", "# CONFIG_VSERVER_AUTO_LBACK is not set\n");
  got = read_kernel_config(p, r, "4.9.159-vs2.3.9.8");
  ASSERT_TRUE(got.config);
  EXPECT_EQ(got.config->auto_lback, false);

  proc.write("config.gz", "not gzip\n");  // a bad config.gz: a problem, then /boot
  got = read_kernel_config(p, r, "4.9.159-vs2.3.9.8");
  ASSERT_TRUE(got.config);
  EXPECT_EQ(got.config->source, root.path() + "/boot/config-4.9.159-vs2.3.9.8");
  ASSERT_EQ(got.problems.size(), 1u);
  EXPECT_EQ(got.problems[0].str(), proc.path() + "/config.gz: not gzip data");

  // A release that would climb out of /boot is not looked up.
  got = read_kernel_config(p, r, "../../etc/passwd");
  EXPECT_EQ(got.tried.size(), 1u);
}

TEST(ReadKernelConfig, ASymlinkOutOfTheTreeStaysInside) {
  const TempDir outside;
  outside.write("config.gz", gzip(outside, "CONFIG_VSERVER_AUTO_LBACK=y\n"));
  const TempDir proc;
  proc.symlink("config.gz", outside.path() + "/config.gz");  // absolute: resolved inside
  const TempDir root;
  const auto got = read_kernel_config(vs::fs::Tree(proc.path()), vs::fs::Tree(root.path()), "");
  EXPECT_FALSE(got.config);
}

}  // namespace
