// SPDX-License-Identifier: GPL-3.0-or-later
// The plugin runtime: options, --help/--version, the timeout, and one exit.
//
//   int main(int argc, char** argv) {
//     vs::plugin::Plugin plugin(kSpec);
//     plugin.add_options()("crit-cap", po::value(&caps)->value_name("CAP"), "...");
//     return plugin.run(argc, argv, [&](const StandardOptions& o) { return check(o); });
//   }
//
// run() never lets anything escape: a thrown exception (bad_alloc included) becomes
// "LABEL UNKNOWN - <what>", an option error or a UsageError from the check
// "LABEL UNKNOWN - <what>" then the usage line, an expired --timeout
// "LABEL UNKNOWN - timed out after N s", and the exit code is always 0..3. The
// check runs with the file read budget set (fs::kDefaultReadBudget).
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <string>
#include <vector>

#include "plugin/options.hpp"
#include "plugin/report.hpp"

namespace vs::plugin {

namespace po = boost::program_options;

struct Spec {
  std::string name;      // "check_vs_caps"
  std::string label;     // "VS_CAPS"
  std::string synopsis;  // plugin-specific part of the usage line
  std::string purpose;   // what it checks and why (a paragraph)
  std::string details;   // policy, thresholds, perfdata
  std::string examples;  // "  check_vs_caps --guest web1\n      what it does\n"
  // The main metric that -w/-c apply to, for the help text ("wildcard listeners").
  std::string metric;
};

class Plugin {
 public:
  explicit Plugin(Spec spec);

  // Adds plugin-specific options (shown first in --help).
  po::options_description_easy_init add_options() { return own_.add_options(); }

  using Check = std::function<Result(const StandardOptions&)>;
  int run(int argc, char** argv, const Check& check);

  // For tests: parse without running (throws po::error / RangeError).
  StandardOptions parse(const std::vector<std::string>& args);
  std::string help() const;
  std::string version() const;
  // The one-line usage printed after an option error (without "Usage: ").
  std::string usage() const;

 private:
  // Bound to the members below, so built once, in the constructor.
  po::options_description make_standard_options();
  Spec spec_;
  po::options_description own_;
  StandardOptions std_;
  bool want_help_ = false;
  bool want_version_ = false;
  // Taken as text and checked here: Boost would wrap "-1" into a huge unsigned.
  std::string warning_text_, critical_text_, role_text_, timeout_text_, max_output_text_;
  po::options_description standard_;
};

// The suite's version, from meson.
const char* suite_version();

}  // namespace vs::plugin
