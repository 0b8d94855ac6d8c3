// Running a built plugin on a tree and reading its output in tests.
#pragma once

#include <string>
#include <vector>

#include "process.hpp"

namespace vs::test {

// Runs the built plugin `name` with `--root root` followed by `args`.
Run run_plugin(const std::string& name, const std::string& root,
               const std::vector<std::string>& args = {});

// The lines after the summary: one finding per line, worst first.
std::string findings(const Run& r);

// Checks the summary line's fixed parts: label and status first, perfdata last (the
// prose between them is the report's business, tested with it).
void expect_summary(const Run& r, const std::string& label_status, const std::string& perfdata);

// The configuration checks' perfdata as it ends line 1: " | endpoints=E;;;0 ...".
std::string service_perf(int endpoints, int wildcard, int violations);

}  // namespace vs::test
