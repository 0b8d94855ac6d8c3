#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write Icinga 2 CheckCommands for the check_vs plugins, from each plugin's --help.

Usage: icinga_commands.py --registry registry.tsv --plugin-dir DIR --output FILE PLUGIN...

One CheckCommand per plugin of the registry, in the ITL's style: one argument per
option with the plugin's own description, flags with set_if, repeatable options
with repeat_key. The options every plugin takes go in the template
check-vs-common (variables vs_<option>), those every configuration check takes in
check-vs-config; a plugin's own are vs_<plugin>_<option>. The plugins' own
defaults apply where a variable is not set.
"""

import argparse
import csv
import os
import sys

from helptext import option_groups, run_help

# Per plugin whatever they share: -w/-c describe each plugin's own metric, --config
# has each plugin's own default.
PER_PLUGIN = {"--warning", "--critical", "--config"}
NOT_ARGUMENTS = {"--help", "--version"}
# Icinga 2 shows long output: the plugins' 1023-byte cap is for NRPE v2.
OVERRIDES = {"vs_max_output": "0"}


def icinga_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def var_name(prefix, option):
    name = option.long.lstrip("-").replace("-", "_")
    return prefix + name


def argument(option, var):
    lines = ["\t\t%s = {" % icinga_string(option.long)]
    if option.value:
        lines.append("\t\t\tvalue = \"$%s$\"" % var)
        if "repeatable" in option.description:
            lines.append("\t\t\trepeat_key = true")
    else:
        lines.append("\t\t\tset_if = \"$%s$\"" % var)
    description = option.description
    if option.default:
        description += " (default: %s)" % option.default
    lines.append("\t\t\tdescription = %s" % icinga_string(description))
    lines.append("\t\t}")
    return lines


def block(kind, name, comment, imports, command, options, prefix):
    """One CheckCommand or template: its parts separated by blank lines."""
    parts = []
    if imports:
        parts.append(["\timport %s" % icinga_string(i) for i in imports])
    if command:
        parts.append(["\tcommand = [ %s ]" % icinga_string(command)])
    if options:
        body = ["\targuments %s {" % ("+=" if imports else "=")]
        for o in options:
            body += argument(o, var_name(prefix, o))
        parts.append(body + ["\t}"])
    defaults = []
    for o in options:
        var = var_name(prefix, o)
        if var in OVERRIDES:
            defaults.append("\tvars.%s = %s" % (var, OVERRIDES[var]))
        elif not o.value:
            defaults.append("\tvars.%s = false" % var)
    if defaults:
        parts.append(defaults)
    out = ["// " + comment, "%s CheckCommand %s {" % (kind, icinga_string(name))]
    for i, part in enumerate(parts):
        out += ([""] if i else []) + part
    return out + ["}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", required=True)
    parser.add_argument("--plugin-dir", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("plugins", nargs="+")
    args = parser.parse_args()

    with open(args.registry, encoding="utf-8") as f:
        registry = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    programs = {os.path.basename(p): p for p in args.plugins}
    own, standard = {}, {}
    for entry in registry:
        name = entry["name"]
        if name not in programs:
            sys.exit("icinga_commands.py: no program given for %s" % name)
        groups = option_groups(run_help(programs[name], "icinga_commands.py"))
        own[name] = [o for o in groups.get("Options of " + name, []) if o.long not in NOT_ARGUMENTS]
        standard[name] = [o for o in groups.get("Standard options", [])
                          if o.long not in NOT_ARGUMENTS]
        if not standard[name]:
            sys.exit("icinga_commands.py: %s --help lists no standard options" % name)

    def shared(names, pick):
        """The options (by long name) that every plugin of `names` has, in the first's order."""
        first = pick(names[0])
        return [o for o in first if o.long not in PER_PLUGIN
                and all(any(p.long == o.long for p in pick(n)) for n in names[1:])]

    names = [e["name"] for e in registry]
    config_names = [e["name"] for e in registry if e["configs"]]
    common = shared(names, lambda n: standard[n])
    config = shared(config_names, lambda n: own[n]) if config_names else []
    taken = {o.long for o in common}
    config_taken = {o.long for o in config}

    out = [
        "// check_vs: Icinga 2 CheckCommand objects for every check_vs plugin, in the style of",
        "// the Icinga Template Library (ITL). Generated at build time by icinga_commands.py",
        "// from the plugin registry and each plugin's --help: do not edit.",
        "//",
        "// Run the plugins directly (on the VServer host through an Icinga agent or",
        "// satellite: command_endpoint) or through NRPE (check_vs_services.conf). Custom",
        "// variables: vs_* are the options every plugin shares (set them on a host to apply",
        "// them to all its checks, e.g. vars.vs_role = \"guest\"); vs_<plugin>_* belong to one",
        "// plugin. Repeatable options take an array. Unset variables leave the plugins'",
        "// own defaults.",
        "",
    ]
    out += block("template", "check-vs-common", "The standard options of every plugin.", [], "",
                 common, "vs_")
    if config:
        out += [""] + block("template", "check-vs-config",
                            "The options of every configuration check.", ["check-vs-common"], "",
                            config, "vs_")
    for entry in registry:
        name = entry["name"]
        short = name[len("check_vs_"):]
        is_config = name in config_names
        rest = [o for o in own[name] + standard[name]
                if o.long not in taken and not (is_config and o.long in config_taken)]
        out += [""] + block("object", "vs_" + short, entry["title"] + ": " + entry["about"],
                            ["check-vs-config" if is_config and config else "check-vs-common"],
                            args.plugin_dir + "/" + name, rest, "vs_%s_" % short)
    text = "\n".join(out) + "\n"
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, args.output)


if __name__ == "__main__":
    main()
