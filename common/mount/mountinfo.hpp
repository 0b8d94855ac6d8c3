// SPDX-License-Identifier: GPL-3.0-or-later
// /proc/<pid>/mountinfo: the mounts of a process's mount namespace.
//
// One line a mount, as the kernel writes it (fs/proc_namespace.c, show_mountinfo):
//
//   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
//   (1)(2)(3)   (4)   (5)      (6)      (7)   (8) (9)   (10)         (11)
//
// mount ID, parent ID, major:minor of the filesystem, root (the directory of the
// filesystem mounted here: "/" for a whole filesystem, a subdirectory for a bind
// mount), mount point (relative to the reading process's root: a chrooted guest's
// init shows "/tmp" for <vdir>/tmp), per-mount options, zero or more optional fields
// (shared:N, master:N, propagate_from:N, unbindable) ended by "-", filesystem type,
// source, superblock options. Fields are separated by exactly one space; the kernel
// escapes space, tab, newline, backslash (and '#' since 5.12) as \ooo octal in the
// paths, the source and the type, so an empty source shows as two spaces.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fs/location.hpp"

namespace vs::mount {

// st_dev of the files on a filesystem: the same for every mount of one superblock.
struct Device {
  unsigned major = 0;
  unsigned minor = 0;
  auto operator<=>(const Device&) const = default;
  std::string str() const;  // "8:17"
};

struct Mount {
  Location where;  // "/proc/1234/mountinfo:7"
  int id = 0;
  int parent = 0;
  Device device;
  std::string root;     // decoded; "/" or a bind mount's directory inside the filesystem
  std::string point;    // decoded; absolute, relative to the reading process's root
  std::string options;  // per-mount, "rw,nosuid,relatime"; the first is always ro or rw
  std::vector<std::string> optional_fields;  // as written, unknown tags included
  std::optional<int> shared;                 // peer group of a shared mount
  std::optional<int> master;                 // peer group this slave mount receives from
  std::optional<int> propagate_from;         // nearest dominant peer group, when not master
  bool unbindable = false;
  std::string fstype;         // decoded; "fuse.sshfs" for a subtype
  std::string source;         // decoded; may be empty
  std::string super_options;  // "rw,size=16384k"; the first is always ro or rw

  // Writable through this mount: neither the mount nor its superblock is read-only.
  bool writable() const;
};

struct MountinfoError {
  Location where;
  std::string message;
};

struct Mountinfo {
  std::vector<Mount> mounts;           // in the kernel's order: a parent before its children
  std::vector<MountinfoError> errors;  // lines that are not mountinfo; the others still count
};

// Pure: text to mounts. `file` names the locations ("/proc/1234/mountinfo").
// Never throws for content; an empty text has no mounts.
Mountinfo parse_mountinfo(std::string_view text, const std::string& file);

// Decodes the kernel's \ooo escapes (any three octal digits); a backslash not
// followed by three octal digits stays as it is, like util-linux's unmangle.
std::string unescape_octal(std::string_view text);

// Mount points as another root names them: a chrooted process's "/tmp" is
// "/var/lib/vservers/web1/tmp" to the host. `process_root` "/" changes nothing.
void rebase(std::vector<Mount>& mounts, const std::string& process_root);

// Paths compared component-wise, without touching the file system.
// "/a/b" is at or below "/a" and "/a/b"; "/ab" is not below "/a"; everything is below "/".
bool at_or_below(std::string_view path, std::string_view dir);
// "/a/b/c" relative to "/a" is "/b/c"; to "/a/b/c" it is "/". Requires at_or_below.
std::string relative_to(std::string_view path, std::string_view dir);
// Joins an absolute path under a root: ("/srv/g", "/tmp") -> "/srv/g/tmp", ("/", "/x") -> "/x".
std::string under(std::string_view root, std::string_view path);
// Removes repeated and trailing slashes, "." components ("//a/./b/" -> "/a/b"); ".."
// is kept (a path from a file is compared as written, never resolved here).
std::string normalize(std::string_view path);

}  // namespace vs::mount
