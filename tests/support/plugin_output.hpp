// SPDX-License-Identifier: GPL-3.0-or-later
// Running a built plugin on a tree and reading its output in tests.
#pragma once

#include <string>
#include <vector>

#include "process.hpp"

namespace vs::test {

// Runs the built plugin `name` with `--root root` followed by `args`.
Run run_plugin(const std::string& name, const std::string& root,
               const std::vector<std::string>& args = {});

// The recorded /proc of a vs2.2 host (tests/fixtures/proc/vs22/proc), the talk's world:
// with `--proc vs22_proc()` a guest of a test tree that is not running there has no
// loopback ("no loopback (vs2.2 kernel)") unless its nflags give it. Without --proc,
// on this machine's kernel, that lack would only be assumed (WARNING).
std::string vs22_proc();

// The lines after the summary: one finding per line, worst first.
std::string findings(const Run& r);

// Checks the summary line's fixed parts: label and status first, perfdata last (the
// prose between them is the report's business, tested with it).
void expect_summary(const Run& r, const std::string& label_status, const std::string& perfdata);

// The configuration checks' perfdata as it ends line 1: " | endpoints=E;;;0 ...".
std::string service_perf(int endpoints, int wildcard, int violations);

// How a host wildcard ends its line when no guest is configured under --root.
inline const std::string kNoGuestsYet =
    "answers for no guest today (no guests configured), but will for every guest added: bind "
    "the host's own address";

// The finding line that says so, for a configuration check run with --root `root`
// on `wildcards` such binds.
std::string no_guests_line(const std::string& root, int wildcards);

}  // namespace vs::test
