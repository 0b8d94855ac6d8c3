// SPDX-License-Identifier: GPL-3.0-or-later
// A guest's fstab files: /etc/vservers/<guest>/fstab, fstab.local and fstab.remote.
//
// util-vserver mounts each with `secure-mount -a --chroot --fstab FILE --rootfs no`
// inside the guest's new mount namespace, so the grammar that matters is
// secure-mount's own (src/secure-mount.c), not fstab(5):
//  - lines end at '\n'; leading blanks are skipped; a line whose first non-blank
//    character is '#', or a blank line, is ignored;
//  - fields are separated by blanks (isspace); source, mount point, type and options
//    are REQUIRED (a line with fewer is a syntax error, and secure-mount stops there:
//    that line and every line after it are never mounted); dump and pass are ignored;
//  - no \040 escapes are decoded: a field is taken byte for byte;
//  - the mount point is inside the guest's root (secure-mount chroots into vdir and
//    changes to it there, so symlinks resolve inside the guest);
//  - type "swap" is skipped; an option that is a prefix of "noauto" but of no
//    earlier entry of secure-mount's option table ("noau", "noaut", "noauto") skips
//    the line (secure-mount matches options by prefix, first entry wins);
//  - the file's bytes get a '#' appended before parsing (a dietlibc workaround): a
//    last line without newline thus ends in '#', which turns options "defaults"
//    into "defaults#", an option most filesystems refuse.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fs/location.hpp"

namespace vs::mount {

struct FstabEntry {
  Location where;
  std::string source;
  std::string point;  // as written: a path inside the guest's root
  std::string type;
  std::string options;  // may be empty
  // Why secure-mount -a skips it ("swap", "noauto"); empty when it mounts it.
  std::string skipped;
  // The options as secure-mount reads them end in the '#' it appends (see above).
  bool hash_appended = false;

  // "none /tmp tmpfs": what the line asks for, for messages.
  std::string str() const;
};

struct FstabStop {
  Location where;       // the line secure-mount rejects
  std::string message;  // "syntax error: ..."
  int lines_after = 0;  // lines after it (of any kind) that secure-mount never reads
};

struct Fstab {
  std::vector<FstabEntry> entries;  // every line up to `stop`, in order
  std::optional<FstabStop> stop;
};

// Pure: text to entries. `file` names the locations.
Fstab parse_fstab(std::string_view text, const std::string& file);

}  // namespace vs::mount
