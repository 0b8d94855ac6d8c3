// SPDX-License-Identifier: GPL-3.0-or-later
#include "plugin_output.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace vs::test {

Run run_plugin(const std::string& name, const std::string& root,
               const std::vector<std::string>& args) {
  std::vector<std::string> argv{plugin(name), "--root", root};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

std::string vs22_proc() {
  return fixture("proc/vs22/proc");
}

std::string findings(const Run& r) {
  const auto nl = r.out.find('\n');
  return nl == std::string::npos ? std::string{} : r.out.substr(nl + 1);
}

void expect_summary(const Run& r, const std::string& label_status, const std::string& perfdata) {
  const std::string head = r.first_line();
  EXPECT_EQ(head.rfind(label_status + " - ", 0), 0u) << head;
  EXPECT_GE(head.size(), perfdata.size()) << head;
  EXPECT_EQ(head.substr(head.size() - std::min(head.size(), perfdata.size())), perfdata) << head;
}

std::string service_perf(int endpoints, int wildcard, int violations) {
  return " | endpoints=" + std::to_string(endpoints) + ";;;0 wildcard=" + std::to_string(wildcard) +
         ";;;0 violations=" + std::to_string(violations) + ";;;0";
}

std::string no_guests_line(const std::string& root, int wildcards) {
  const std::string binds = std::to_string(wildcards) +
                            (wildcards == 1 ? " wildcard bind answers" : " wildcard binds answer");
  return "WARNING " + root + "/etc/vservers: no guests configured: " + binds +
         " for no guest today, but will for every guest added\n";
}

}  // namespace vs::test
