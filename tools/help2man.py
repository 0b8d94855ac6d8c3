#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write a man page from a check_vs program's --help output.

The help text is the one documentation of the options, so the man page is made from
it at build time instead of being kept by hand. The layout it expects is the one
vs::plugin::Plugin::help() prints (and vs-nrpe-config copies):

    NAME vVERSION (check_vs)          first line
    <purpose paragraph>               -> NAME (first sentence: one clause, no comma)
                                         and DESCRIPTION
    Usage:                            -> SYNOPSIS
    <Title:> then "  --option ..."    -> OPTIONS, one .SS per group (Boost's layout)
    Output: ...                       -> OUTPUT ("  lines" indented 2: shown as is)
    Exit status: ...                  -> EXIT STATUS
    Examples:                         -> EXAMPLES ("  command" / "      what it does")
    anything else                     -> paragraphs of DESCRIPTION

Plugins exit 3 after --help (monitoring-plugins convention), other programs 0;
both are accepted. Usage: help2man.py --section N --output FILE PROGRAM
"""

import argparse
import os
import re
import time

from helptext import OPTION, run_help


def roff(text):
    """Escapes text for a roff line: backslashes, and leading control characters."""
    text = text.replace("\\", "\\e")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def option_spec(names, value):
    """'-t [ --timeout ]', 'SEC' -> '-t, --timeout SEC': bold names, italic value."""
    words = names.replace("[ ", "").replace(" ]", "").split()
    text = ", ".join("\\fB" + roff(w).replace("-", "\\-") + "\\fR" for w in words)
    if value:
        text += " \\fI" + roff(value) + "\\fR"
    return text


def blocks(lines):
    """Splits lines into blank-line separated blocks."""
    block = []
    for line in lines:
        if line.strip():
            block.append(line.rstrip())
        elif block:
            yield block
            block = []
    if block:
        yield block


def first_sentence(paragraph):
    """The NAME line's description: the purpose's first sentence, lower case first
    as man pages write it ("checks where sshd listens"), unless the first word is
    an acronym or a name written in capitals ("NRPE")."""
    text = " ".join(line.strip() for line in paragraph)
    match = re.match(r"(.+?[.:])(\s|$)", text)
    text = (match.group(1) if match else text).rstrip(".:")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def options_section(out, title, lines):
    out.append(".SS " + roff(title))
    default = None

    def close():
        if default is not None:
            out.append("(default: %s)" % roff(default))

    for line in lines:
        match = OPTION.match(line)
        if match:
            close()
            names, value, default, description = match.groups()
            out.append(".TP")
            out.append(option_spec(names, value))
            if description:
                out.append(roff(description))
        else:
            out.append(roff(line.strip()))
    close()


def synopsis_section(out, name, lines):
    """One hanging paragraph per form of the command (a line starting with NAME; the
    deeper indented lines continue it), broken between bracketed groups only:
    spaces inside brackets are unbreakable, nothing is hyphenated."""
    forms = []
    for line in lines:
        if line.strip().split(" ")[0] == name or not forms:
            forms.append(line.strip())
        else:
            forms[-1] += " " + line.strip()
    out.extend([".SH SYNOPSIS", ".nh", ".ad l", ".PD 0"])
    for form in forms:
        text, depth = "", 0
        for c in roff(form).replace("-", "\\-"):
            depth += (c == "[") - (c == "]")
            text += "\\ " if c == " " and depth > 0 else c
        command, _, rest = text.partition(" ")
        out.extend([".HP 4", "\\fB" + command + "\\fR" + (" " + rest if rest else "")])
    out.extend([".PD", ".ad", ".hy"])


def output_section(out, lines):
    """Lines indented by two spaces are the output's shape, kept as they are."""
    out.append(".SH OUTPUT")
    literal = None
    for line in lines:
        shape = line.startswith("  ")
        if shape != literal:
            if literal:
                out.append(".fi")
            out.append(".PP")
            if shape:
                out.append(".nf")
            literal = shape
        out.append(roff(line[2:] if shape else line.strip()))
    if literal:
        out.append(".fi")


def examples_section(out, lines):
    out.append(".SH EXAMPLES")
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if indent <= 2:
            out.append(".TP")
            out.append("\\fB" + roff(line.strip()).replace("-", "\\-") + "\\fR")
        else:
            out.append(roff(line.strip()))


def render(name, section, text):
    lines = text.splitlines()
    if not lines:
        raise ValueError("empty --help output")
    version = lines[0].split(" v", 1)[1].split()[0] if " v" in lines[0] else ""
    date = ""
    if "SOURCE_DATE_EPOCH" in os.environ:  # reproducible builds (Debian sets it)
        date = time.strftime("%Y-%m-%d", time.gmtime(int(os.environ["SOURCE_DATE_EPOCH"])))
    parts = list(blocks(lines[1:]))
    purpose = parts.pop(0) if parts and not parts[0][0].endswith(":") else [name]

    out = [
        '.TH "%s" "%s" "%s" "check_vs %s" "check_vs manual"'
        % (name.upper(), section, date, version),
        ".SH NAME",
        "%s \\- %s" % (roff(name).replace("-", "\\-"), roff(first_sentence(purpose))),
    ]
    synopsis, options, output, examples, description, tail = [], [], [], [], [], []
    for block in parts:
        head = block[0]
        if head == "Usage:":
            synopsis = block[1:]
        elif head.endswith(":") and len(block) > 1 and OPTION.match(block[1]):
            options.append((head[:-1], block[1:]))
        elif head == "Examples:":
            examples = block[1:]
        elif head.startswith("Output:"):
            first = head[len("Output:"):].strip()
            output += ([first[:1].upper() + first[1:]] if first else []) + block[1:]
        elif head.startswith("Exit status:"):
            tail.append(block)
        else:
            description.append(block)

    if synopsis:
        synopsis_section(out, name, synopsis)
    out.append(".SH DESCRIPTION")
    out.append(roff(" ".join(line.strip() for line in purpose)))
    for block in description:
        out.append(".PP")
        out.extend(roff(line.strip()) for line in block)
    if options:
        out.append(".SH OPTIONS")
        for title, body in options:
            options_section(out, title, body)
    if output:
        output_section(out, output)
    for block in tail:
        out.append(".SH EXIT STATUS")
        first = block[0][len("Exit status:"):].strip()
        out.extend(roff(line.strip()) for line in ([first] if first else []) + block[1:])
    if examples:
        examples_section(out, examples)
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--section", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("program")
    args = parser.parse_args()

    name = os.path.basename(args.program)
    page = render(name, args.section, run_help(args.program, "help2man.py"))
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()
