// SPDX-License-Identifier: GPL-3.0-or-later
// The records glibc's nss_files module reads from /etc/hosts and /etc/services, so
// both parsers see exactly the text glibc's line parsers see (nss/nss_readline.c,
// nss/nss_files/files-parse.c, glibc 2.32 and later):
//  - a line is what fgets returns, its newline included;
//  - leading blanks (isspace in the C locale) are removed, then an empty line or one
//    starting with '#' is skipped;
//  - the blanks are removed with memmove(buf, p, strlen(p)), which does not move the
//    terminating NUL: on a last line WITHOUT a newline the tail of the old text stays
//    behind ("  192.0.2.9 tail" reads as "192.0.2.9 tailil"), while on a line with a
//    newline the leftover sits after the newline and is cut below;
//  - the line parser then cuts the text at the first '#' or newline: a comment may
//    start anywhere, even inside a field ("mail#old" is "mail").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vs::net::nss {

struct Record {
  int line = 0;      // 1-based line number in the file
  std::string text;  // what the line parser sees: no leading blanks, no comment, no newline
};

// Every record of the file, in order; blank and comment lines are not records.
std::vector<Record> records(std::string_view content);

// The non-empty runs of non-blank characters (glibc's isspace, C locale).
std::vector<std::string_view> fields(std::string_view text);

}  // namespace vs::net::nss
