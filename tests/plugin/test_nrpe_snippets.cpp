// SPDX-License-Identifier: GPL-3.0-or-later
// The snippets the build generates (build/nrpe-snippets) stay in step with the
// plugins: every NRPE command parses, every Icinga 2 argument is an option of its
// plugin (and every option has an argument), the Nagios templates call commands the
// agents define, and the generator writes the same commands for a real tree.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "process.hpp"
#include "registry.hpp"
#include "text.hpp"
#include "vserver_tree.hpp"

using Result = vs::test::Run;

namespace {

// Every plugin of the registry, by name.
const std::vector<std::string>& registry_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& p : vs::registry::plugins)
      out.emplace_back(p.name);
    return out;
  }();
  return names;
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// The generated snippets, and where they say the plugins are installed.
std::string snippets() {
  return env("VS_SNIPPETS");
}
std::string install_dir() {
  return env("VS_PLUGIN_INSTALL_DIR");
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

using vs::test::lines;

std::string generator() {
  return std::filesystem::path(vs::test::plugin("check_vs_caps")).parent_path().parent_path() /
         "tools" / "vs-nrpe-config";
}

bool built(const std::string& plugin) {
  return access(vs::test::plugin(plugin).c_str(), X_OK) == 0;
}

using vs::test::words;

struct NrpeCommand {
  std::string name, line;
  bool active;  // not commented out
};

std::vector<NrpeCommand> nrpe_commands_from(const std::string& text) {
  static const std::regex re(R"(^(#?)command\[([^\]]+)\]=(.*)$)");
  std::vector<NrpeCommand> out;
  for (const auto& l : lines(text)) {
    std::smatch m;
    if (std::regex_match(l, m, re)) out.push_back({m[2], m[3], m[1].length() == 0});
  }
  return out;
}

std::vector<NrpeCommand> nrpe_commands(const std::string& file) {
  return nrpe_commands_from(slurp(file));
}

// Long option names in a plugin's --help ("--crit-cap"), with the short ones
// mapped to their long names.
std::set<std::string> help_options(const std::string& plugin) {
  const Result r = vs::test::run({vs::test::plugin(plugin), "--help"});
  static const std::regex re(R"(^  (?:-\w \[ )?(--[\w-]+))");
  std::set<std::string> out;
  for (const auto& l : lines(r.out)) {
    std::smatch m;
    if (std::regex_search(l, m, re)) out.insert(m[1]);
  }
  return out;
}

TEST(NrpeSnippets, EveryNrpeCommandIsCompleteAndParses) {
  for (const std::string file : {"check_vs_host.cfg", "check_vs_guest.cfg"}) {
    const auto commands = nrpe_commands(snippets() + "/nrpe.d/" + file);
    ASSERT_FALSE(commands.empty()) << file;
    for (const auto& c : commands) {
      SCOPED_TRACE(file + ": " + c.name);
      EXPECT_EQ(c.line.find("$ARG"), std::string::npos);  // dont_blame_nrpe=0
      auto argv = words(c.line);
      ASSERT_FALSE(argv.empty());
      const std::string plugin = std::filesystem::path(argv[0]).filename();
      EXPECT_EQ(argv[0], install_dir() + "/" + plugin);
      EXPECT_NE(std::find(registry_names().begin(), registry_names().end(), plugin),
                registry_names().end());
      EXPECT_EQ(c.name.rfind(plugin, 0), 0u);  // command named after its plugin
      if (!built(plugin)) continue;
      // --help after the arguments: the options must parse, nothing is checked.
      argv[0] = vs::test::plugin(plugin);
      argv.push_back("--help");
      const Result r = vs::test::run(argv);
      EXPECT_EQ(r.exit_code, 3);
      EXPECT_EQ(r.out.rfind(plugin + " v", 0), 0u) << r.out;
    }
  }
}

TEST(NrpeSnippets, NagiosTemplatesCallCommandsTheAgentsDefine) {
  std::set<std::string> defined;
  for (const std::string file : {"check_vs_host.cfg", "check_vs_guest.cfg"}) {
    for (const auto& c : nrpe_commands(snippets() + "/nrpe.d/" + file))
      defined.insert(c.name);
  }
  const std::string text = slurp(snippets() + "/nagios/check_vs_templates.cfg");
  static const std::regex re(R"(check_command\s+check-vs-via-nrpe!(\S+))");
  int seen = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    EXPECT_TRUE(defined.count((*it)[1])) << (*it)[1];
    ++seen;
  }
  EXPECT_EQ(seen, static_cast<int>(registry_names().size()));  // one service template per plugin
}

// CheckCommand name -> imported templates, plugin, argument keys.
struct IcingaCommand {
  std::vector<std::string> imports;
  std::string plugin;
  std::set<std::string> keys;
};

std::map<std::string, IcingaCommand> icinga_commands() {
  static const std::regex head(R"re(^(?:template|object) CheckCommand "([^"]+)")re");
  static const std::regex import(R"re(^\s*import "([^"]+)")re");
  static const std::regex command(R"re(command = \[ "(.*)/(check_vs_\w+)" \])re");
  static const std::regex key(R"re(^\s*"(-[\w-]*)" = \{)re");
  std::map<std::string, IcingaCommand> out;
  std::string current;
  for (const auto& l : lines(slurp(snippets() + "/icinga2/check_vs_commands.conf"))) {
    std::smatch m;
    if (std::regex_search(l, m, head)) {
      current = m[1];
      out[current];
    } else if (current.empty()) {
      continue;
    } else if (std::regex_search(l, m, import)) {
      out[current].imports.push_back(m[1]);
    } else if (std::regex_search(l, m, command)) {
      EXPECT_EQ(m[1], install_dir()) << l;
      out[current].plugin = m[2];
    } else if (std::regex_search(l, m, key)) {
      out[current].keys.insert(m[1]);
    }
  }
  return out;
}

std::set<std::string> all_keys(const std::map<std::string, IcingaCommand>& all,
                               const std::string& name) {
  const auto& c = all.at(name);
  std::set<std::string> keys = c.keys;
  for (const auto& i : c.imports) {
    const auto more = all_keys(all, i);
    keys.insert(more.begin(), more.end());
  }
  return keys;
}

TEST(NrpeSnippets, IcingaCommandsMatchThePluginsOptions) {
  const auto all = icinga_commands();
  const std::map<std::string, std::string> short_to_long = {
      {"-t", "--timeout"}, {"-v", "--verbose"}, {"-w", "--warning"}, {"-c", "--critical"}};
  std::set<std::string> covered;
  for (const auto& [name, c] : all) {
    if (c.plugin.empty()) continue;  // a template
    covered.insert(c.plugin);
    EXPECT_EQ(name, "vs_" + c.plugin.substr(std::string("check_vs_").size()));
    if (!built(c.plugin)) continue;
    SCOPED_TRACE("object CheckCommand \"" + name +
                 "\" in nrpe-snippets/icinga2/check_vs_commands.conf");
    std::set<std::string> keys;
    for (const auto& k : all_keys(all, name))
      keys.insert(short_to_long.count(k) ? short_to_long.at(k) : k);
    const auto options = help_options(c.plugin);
    ASSERT_FALSE(options.empty()) << c.plugin << " --help lists no options";
    for (const auto& k : keys)
      EXPECT_TRUE(options.count(k)) << k << " is not an option of " << c.plugin;
    for (const auto& o : options) {
      if (o == "--help" || o == "--version") continue;
      EXPECT_TRUE(keys.count(o)) << c.plugin << " " << o << " has no argument in the CheckCommand";
    }
  }
  EXPECT_EQ(covered, std::set<std::string>(registry_names().begin(), registry_names().end()));
}

// The generator with --all-services writes exactly the snippets' active commands.
TEST(NrpeSnippets, GeneratorWritesTheStaticCommands) {
  vs::test::TempDir t;
  vs::test::add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  const std::vector<std::string> base{generator(),   "--root",         t.path(),   "--plugin-dir",
                                      install_dir(), "--all-services", "--format", "nrpe"};
  auto with = [&](std::vector<std::string> more) {
    auto argv = base;
    argv.insert(argv.end(), more.begin(), more.end());
    return argv;
  };
  struct Case {
    std::string file;
    std::vector<std::string> argv;
  };
  for (const auto& c : {Case{"check_vs_host.cfg", with({})},
                        Case{"check_vs_guest.cfg", with({"--guest", "web1"})}}) {
    SCOPED_TRACE(c.file);
    const Result r = vs::test::run(c.argv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> generated, expected;
    for (const auto& g : nrpe_commands_from(r.out)) {
      if (g.name.find("_web1") != std::string::npos)
        continue;  // per-guest: commented out in the file
      std::string line = g.line;
      const std::string tree = " --root " + t.path();
      if (const auto at = line.find(tree); at != std::string::npos) line.erase(at, tree.size());
      generated.insert(g.name + "=" + line);
    }
    for (const auto& s : nrpe_commands(snippets() + "/nrpe.d/" + c.file)) {
      const std::string plugin = std::filesystem::path(words(s.line)[0]).filename();
      if (s.active && built(plugin)) expected.insert(s.name + "=" + s.line);
    }
    EXPECT_EQ(generated, expected);
  }
}

}  // namespace
