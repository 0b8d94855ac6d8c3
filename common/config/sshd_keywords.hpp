// SPDX-License-Identifier: GPL-3.0-or-later
// The keywords sshd knows: OpenSSH 9.2 as Debian 12 builds it (with PAM, Kerberos,
// GSSAPI and Debian's own patches: GSSAPIKeyExchange, DebianBanner ...), from
// servconf.c's keyword table, each checked against the real `sshd -t`. sshd refuses a
// keyword it does not know ("Bad configuration option"), and one that is only allowed
// in the global section when it appears in a Match block that does not match at start.
#pragma once

#include <string_view>

namespace vs::config::sshd {

enum class KeywordScope {
  unknown,   // not a keyword of sshd's
  global,    // only in the global section (or a `Match all` block)
  anywhere,  // in Match blocks too (SSHCFG_ALL)
};

// `keyword` in lower case.
KeywordScope keyword_scope(std::string_view keyword);

}  // namespace vs::config::sshd
