// SPDX-License-Identifier: GPL-3.0-or-later
// util-vserver's capability lists: /etc/vservers/<guest>/bcapabilities (Linux
// capability bounding set) and ccapabilities (VServer context capabilities).
//
// The grammar is util-vserver's, quirks included, because the point is to predict
// what the start scripts will do:
//  - the file is read with `while read line`: leading and trailing blanks trimmed,
//    backslash escapes honoured, and a LAST LINE WITHOUT NEWLINE IS IGNORED;
//  - blank lines and lines whose first non-blank character is '#' are skipped;
//  - a line is one or more comma-separated tokens, NO spaces around commas;
//  - a token is a name (case-insensitive, optional CAP_ prefix for bcaps), '^N'
//    (bit N), a bare number (a raw bit mask, "13" = bits 0, 2, 3), or a keyword
//    all/any/none (or a prefix of one); '!' or '~' in front removes instead of adds;
//  - an unknown token makes the guest FAIL TO START.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fs/location.hpp"

namespace vs::vserver {

enum class CapKind { bcap, ccap };

struct CapToken {
  std::string text;  // as written
  Location where;
  std::uint64_t mask = 0;
  bool remove = false;
};

struct CapProblem {
  std::string token;
  Location where;
  std::string message;  // "unknown capability", "spaces around commas" ...
};

struct CapList {
  std::vector<CapToken> tokens;      // applied by util-vserver, in order
  std::vector<CapToken> ignored;     // on a last line without newline: never applied
  std::vector<CapProblem> problems;  // tokens util-vserver rejects: guest fails to start
  // The mask the tokens build, starting from nothing: each adds or removes its bits.
  std::uint64_t granted() const;
};

// Pure: text to tokens with locations. `file` is only used for the locations.
CapList parse_capabilities(std::string_view text, const std::string& file, CapKind kind);

// Name table look-ups ("NET_RAW" <-> 13, "raw_icmp" <-> 0x100). Case-insensitive,
// optional CAP_ prefix for bcaps. nullopt for unknown names.
std::optional<std::uint64_t> capability_mask(std::string_view name, CapKind kind);
// Canonical name of a single-bit mask ("NET_RAW", "raw_icmp"), or "^N".
std::string capability_name(std::uint64_t single_bit, CapKind kind);
// "NET_RAW,SYS_ADMIN" for a mask (names in bit order).
std::string capability_names(std::uint64_t mask, CapKind kind);

// All bcap names util-vserver knows (CHOWN .. MAC_ADMIN, bits 0..33).
inline constexpr int kBcapCount = 34;

}  // namespace vs::vserver
