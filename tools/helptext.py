# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading a check_vs program's --help: the one documentation of its options.

help2man.py makes the man pages from it and icinga_commands.py the Icinga 2
CheckCommands, so neither can drift from the options the programs really take.
"""

import os
import re
import subprocess
import sys

# Boost.Program_options: "  -t [ --timeout ] SEC (=10)   description", the
# description on the same line after 2+ spaces (1 when the column is full) or on
# the next, deeper indented lines.
OPTION = re.compile(r"^  (-\w(?: \[ --[\w-]+ \])?|--[\w-]+)"  # names
                    r"(?: (?!\s)([^ (][^ ]*))?"            # value name
                    r"(?: \(=([^)]*)\))?"                  # default
                    r"(?:\s+(\S.*))?$")                     # description


def run_help(program, caller):
    """PROGRAM --help's output; exits naming `caller` when it fails. Plugins exit 3
    after --help (monitoring-plugins convention), other programs 0."""
    env = dict(os.environ, LC_ALL="C")
    # In a sanitizer build the programs are instrumented: a leak report at exit
    # (or LeakSanitizer failing under ptrace limits) must not fail the build.
    env["ASAN_OPTIONS"] = "detect_leaks=0" + (":" + env["ASAN_OPTIONS"] if env.get("ASAN_OPTIONS") else "")
    run = subprocess.run([program, "--help"], capture_output=True, text=True,
                         env=env, timeout=60, check=False)
    if run.returncode not in (0, 3) or not run.stdout.strip():
        sys.exit("%s: %s --help exited %d: %s"
                 % (caller, program, run.returncode, run.stderr.strip()))
    return run.stdout


class Option:
    """One option: names ("-t", "--timeout"), value name ("" for a flag), default
    ("" when none is shown), description (continuation lines joined)."""

    def __init__(self, names, value, default, description):
        self.names = names.replace("[ ", "").replace(" ]", "").split()
        self.value = value or ""
        self.default = default if default is not None else ""
        self.description = (description or "").strip()

    @property
    def long(self):
        """'--timeout'; the short name when the option has no long one."""
        return next((n for n in self.names if n.startswith("--")), self.names[0])


def option_groups(text):
    """{'Options of check_vs_caps': [Option...], 'Standard options': [...]} from the
    --help text: each block whose title ends with ':' and whose lines are options."""
    groups = {}
    title, current = None, None
    for line in text.splitlines():
        if not line.strip():
            title, current = None, None
            continue
        if title is None and line.rstrip().endswith(":") and not line.startswith(" "):
            title = line.rstrip()[:-1]
            continue
        match = OPTION.match(line)
        if match and title is not None:
            current = Option(*match.groups())
            groups.setdefault(title, []).append(current)
        elif current is not None and line.startswith("   "):
            current.description = (current.description + " " + line.strip()).strip()
    return groups
