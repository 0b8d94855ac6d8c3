// SPDX-License-Identifier: GPL-3.0-or-later
// The plugin registry (plugins/meson.build) against what it describes: the built
// plugins (names, labels, default configuration paths) and the demo host's tree.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "process.hpp"
#include "registry.hpp"

using vs::registry::PluginInfo;
using vs::test::TempDir;

namespace {

const std::string kDemo =
    std::string(std::getenv("VS_SOURCE_ROOT") != nullptr ? std::getenv("VS_SOURCE_ROOT") : ".") +
    "/examples/demo-host";

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Registry, EveryPluginAnswersWithItsNameAndLabel) {
  ASSERT_FALSE(vs::registry::plugins.empty());
  std::set<std::string_view> names, labels;
  for (const auto& p : vs::registry::plugins) {
    const std::string name(p.name);
    SCOPED_TRACE(name);
    EXPECT_TRUE(names.insert(p.name).second) << "twice in the registry";
    EXPECT_TRUE(labels.insert(p.label).second) << "label used twice";
    EXPECT_EQ(name.rfind("check_vs_", 0), 0u);
    EXPECT_TRUE(p.on_host || p.from_host || p.in_guest) << "the generator would never emit it";
    const auto version = vs::test::run({vs::test::plugin(name), "--version"});
    EXPECT_EQ(version.out.rfind(name + " v", 0), 0u) << version.out;
    const auto usage = vs::test::run({vs::test::plugin(name), "--no-such-option"});
    EXPECT_EQ(usage.exit_code, 3);
    EXPECT_EQ(usage.out.rfind(std::string(p.label) + " UNKNOWN - ", 0), 0u) << usage.out;
  }
}

TEST(Registry, ConfigChecksDefaultToTheRegistrysPaths) {
  for (const auto& p : vs::registry::plugins) {
    if (p.configs.empty()) continue;
    const std::string name(p.name);
    SCOPED_TRACE(name);
    const auto help = vs::test::run({vs::test::plugin(name), "--help"});
    EXPECT_TRUE(has(help.out, "(=" + p.default_config() + ")")) << help.out;
  }
}

// --netns only says where --runtime reads the live sockets: alone it is a mistake.
TEST(Registry, ConfigChecksRefuseNetnsWithoutRuntime) {
  TempDir t;
  for (const auto& p : vs::registry::plugins) {
    if (p.configs.empty()) continue;
    const std::string name(p.name);
    SCOPED_TRACE(name);
    const auto r = vs::test::run(
        {vs::test::plugin(name), "--root", t.path(), "--netns", "vs-nowhere", "--role", "host"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(r.first_line(), std::string(p.label) +
                                  " UNKNOWN - --netns vs-nowhere needs --runtime: only the live "
                                  "sockets are read in a namespace");
    EXPECT_TRUE(has(r.out, "\nUsage: " + name + " ")) << r.out;
  }
}

// With --config not given, each of the daemon's paths is read when it is the only
// one there (the configuration checks whose daemon has several).
TEST(Registry, EachDefaultPathIsReadWhenItIsTheOnlyOne) {
  int checked = 0;
  for (const auto& p : vs::registry::plugins) {
    if (p.configs.size() < 2) continue;
    for (const auto& config : p.configs) {
      SCOPED_TRACE(std::string(p.name) + " with only " + std::string(config));
      TempDir t;
      t.write(std::string(config).substr(1), "\n");
      const auto r =
          vs::test::run({vs::test::plugin(std::string(p.name)), "--root", t.path(), "-vv"});
      EXPECT_LE(r.exit_code, 2) << r.out;
      EXPECT_TRUE(has(r.out, t.path() + std::string(config) + ": read")) << r.out;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

// A daemon that reads all its files (MariaDB: /etc/my.cnf, then /etc/mysql/my.cnf)
// has the plugin read them all, in the daemon's order, the last overriding.
TEST(Registry, AllReadingDaemonsReadEveryFileInOrder) {
  for (const auto& p : vs::registry::plugins) {
    if (!p.reads_all_configs || p.configs.size() < 2) continue;
    SCOPED_TRACE(std::string(p.name));
    EXPECT_EQ(p.default_config(), std::string(p.configs.back()));
    TempDir t;
    for (const auto& config : p.configs)
      t.write(std::string(config).substr(1), "\n");
    const auto r =
        vs::test::run({vs::test::plugin(std::string(p.name)), "--root", t.path(), "-vv"});
    std::size_t last = 0;
    for (const auto& config : p.configs) {
      const auto at = r.out.find(t.path() + std::string(config) + ": read");
      EXPECT_NE(at, std::string::npos) << config << "\n" << r.out;
      EXPECT_GE(at, last) << config << " out of order\n" << r.out;
      last = at == std::string::npos ? last : at;
    }
  }
}

// tools/demo runs a plugin on a demo machine when the registry says so: that must
// be exactly where the machine has the service's files.
TEST(Registry, DemoMachinesAreTheOnesWithTheService) {
  std::map<std::string, std::string> machines{{"host", kDemo}};
  for (const auto& e : std::filesystem::directory_iterator(kDemo + "/etc/vservers")) {
    const std::string guest = e.path().filename();
    if (guest.front() == '.' || std::filesystem::exists(e.path() / "disabled")) continue;
    machines[guest] = kDemo + "/vservers/" + guest;
  }
  ASSERT_GE(machines.size(), 2u);
  for (const auto& p : vs::registry::plugins) {
    SCOPED_TRACE(std::string(p.name));
    for (const auto& d : p.demo)
      EXPECT_TRUE(machines.count(std::string(d))) << d << " is no machine of " << kDemo;
    if (p.installed_if.empty()) continue;
    for (const auto& [machine, root] : machines) {
      bool there = false;
      for (const auto& f : p.installed_if)
        there = there || std::filesystem::exists(root + std::string(f));
      const bool listed = std::find(p.demo.begin(), p.demo.end(), machine) != p.demo.end();
      EXPECT_EQ(listed, there) << machine
                               << (there ? " has the service: add it to 'demo'"
                                         : " has no such service: remove it from 'demo'");
    }
  }
}

}  // namespace
