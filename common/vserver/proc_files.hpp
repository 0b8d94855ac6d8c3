// SPDX-License-Identifier: GPL-3.0-or-later
// The files a Linux-VServer kernel shows under /proc, parsed as text.
//
// Formats are the kernel's printf strings (kernel/vserver/proc.c, vs2.2 and vs2.3):
//   virtual/info         "VCIVersion:\t%04x:%04x\n" "VCISyscall:\t%d\n" "VCIKernel:\t%08x\n"
//   virtual/<xid>/info   "ID:\t%d\n" "Info:\t%p\n" "Init:\t%d\n" "OOM:\t%lld\n"
//   virtual/<xid>/status "UseCnt:\t%d\n" "Tasks:\t%d\n" "Flags:\t%016llx\n" "BCaps:\t" then
//                        one %08x per 32-bit capability word, highest first (vs2.2: one
//                        %016llx), "CCaps:\t%016llx\n" "Umask:\t%16llx\n" (space padded)
//                        "Wmask:\t%16llx\n" "Spaces:\t%08lx %08lx\n" (vs2.2: one word)
//   virtnet/<nid>/info   "ID:" "Info:" "Bcast:" "Lback:" (vs2.3), then one line per address:
//                        vs2.3 "%d:\t[ip-ip2/mask:%04x]", IPv6 "%d:\t[%pI6/%pI6/%d:%04x]";
//                        vs2.2 "%d:\tip/mask"
//   virtnet/<nid>/status "UseCnt:" "Tasks:" "Flags:\t%016llx\n" "NCaps:\t%016llx\n"
//   <pid>/ninfo          "NID:\t%d\n", then with a network context "NCaps:" "NFlags:"
//                        "V4Root[bcast]:" "V4Root[lback]:" (vs2.3) and "V4Root[N]:" /
//                        "V6Root[N]:" per address (vs2.2 prints V4Root[N] before bcast)
//   <pid>/vinfo          "XID:\t%d\n", then "BCaps:" "CCaps:" "CFlags:" "CIPid:"
//   <pid>/status         "VxID:" and "NxID:" lines (absent on other kernels)
//
// Every parser is pure: text in, data out. A malformed line or a missing field throws
// ProcFormatError naming file:line; unknown keys are skipped (newer patches add some).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fs/location.hpp"
#include "net/address.hpp"

namespace vs::vserver {

// A malformed /proc file: what() is "file:line: reason".
class ProcFormatError : public std::runtime_error {
 public:
  ProcFormatError(Location where, const std::string& reason)
      : std::runtime_error(where.str() + ": " + reason),
        where_(std::move(where)),
        reason_(reason) {}
  const Location& where() const { return where_; }
  const std::string& reason() const { return reason_; }

 private:
  Location where_;
  std::string reason_;
};

// A file that could not be read or understood, kept with what it concerns (one guest,
// or the kernel as a whole) instead of stopping the whole check.
struct ReadProblem {
  Location where;       // "/proc/virtual/42/status:3", or the file alone
  std::string message;  // "Tasks: 'x' is not a decimal number", "a FIFO, not a regular file"

  std::string str() const { return where.str() + ": " + message; }
};

// Network context flags (nflags) and the address types of include/uapi/vserver/network.h.
inline constexpr std::uint64_t kNxfSingleIp = 0x100;
inline constexpr std::uint64_t kNxfLbackRemap = 0x200;
inline constexpr std::uint64_t kNxfLbackAllow = 0x400;
inline constexpr std::uint64_t kNxfHideNetif = 0x02000000;
inline constexpr std::uint64_t kNxfHideLback = 0x04000000;
inline constexpr std::uint64_t kNxfStateAdmin = 1ULL << 34;

// virtual/info: the VServer kernel interface (VCI).
struct VirtualInfo {
  std::uint32_t vci = 0;  // 0x00020308 for "0002:0308"
  std::optional<int> syscall;
  std::optional<std::uint32_t> kernel_bits;
  Location where;  // the VCIVersion line

  // The VServer branch the interface belongs to: 2 and 3 for vs2.3 ("0002:0308");
  // the low word's high byte is the minor branch (vs2.1 prints 0002:0102).
  unsigned api_major() const { return vci >> 16; }
  unsigned api_minor() const;
  // "0002:0308"
  std::string text() const;
};
VirtualInfo parse_virtual_info(std::string_view text, const std::string& file);

// virtual/<xid>/info
struct ContextInfo {
  unsigned xid = 0;
  int init_pid = 0;  // 0: the context has no init process
};
ContextInfo parse_xid_info(std::string_view text, const std::string& file);

// virtual/<xid>/status
struct ContextStatus {
  int use_count = 0;
  int tasks = 0;
  std::uint64_t flags = 0;  // cflags
  std::uint64_t bcaps = 0;  // capability bounding set, bit N = capability N
  std::uint64_t ccaps = 0;
  std::optional<std::uint64_t> umask;  // vs2.3 only
  std::optional<std::uint64_t> wmask;
  std::vector<std::uint32_t> spaces;  // namespace masks: two on vs2.3, one on vs2.2
  Location bcaps_at;                  // where BCaps was read, for findings
};
ContextStatus parse_xid_status(std::string_view text, const std::string& file);

// One address of a network context.
struct NetworkAddress {
  net::Address ip;
  std::optional<net::Address> ip2;  // range end (vs2.3 IPv4, 0.0.0.0 when not a range)
  std::optional<net::Address> mask;
  std::optional<unsigned> prefix;  // IPv6
  std::optional<std::uint16_t> type;
};

// virtnet/<nid>/info
struct NetworkInfo {
  unsigned nid = 0;
  std::optional<net::Address> bcast;
  std::optional<net::Address> lback;  // vs2.3; 0.0.0.0 when none was set
  std::vector<NetworkAddress> addresses;
  Location lback_at;
};
NetworkInfo parse_nid_info(std::string_view text, const std::string& file);

// virtnet/<nid>/status
struct NetworkStatus {
  int use_count = 0;
  int tasks = 0;
  std::uint64_t flags = 0;  // nflags
  std::uint64_t ncaps = 0;
  Location flags_at;
};
NetworkStatus parse_nid_status(std::string_view text, const std::string& file);

// <pid>/ninfo. Without a network context (a host process) only the NID is printed.
struct PidNetworkInfo {
  unsigned nid = 0;
  std::optional<std::uint64_t> ncaps;
  std::optional<std::uint64_t> nflags;
  std::optional<net::Address> bcast;
  std::optional<net::Address> lback;  // vs2.3
  std::vector<NetworkAddress> addresses;
  Location nflags_at;
  Location lback_at;
};
PidNetworkInfo parse_pid_ninfo(std::string_view text, const std::string& file);

// <pid>/vinfo. Without a context only the XID is printed.
struct PidContextInfo {
  unsigned xid = 0;
  std::optional<std::uint64_t> bcaps;
  std::optional<std::uint64_t> ccaps;
  std::optional<std::uint64_t> cflags;
  std::optional<int> init_pid;  // CIPid
};
PidContextInfo parse_pid_vinfo(std::string_view text, const std::string& file);

// <pid>/status: the VServer fields, matched by exact key at the start of a line (a
// process may name itself "VxID:0": its Name line is not a VxID line).
struct PidStatus {
  std::string name;
  std::optional<unsigned> uid;   // real uid
  std::optional<unsigned> vxid;  // absent on other kernels and with HIDE_VINFO
  std::optional<unsigned> nxid;
};
PidStatus parse_pid_status(std::string_view text, const std::string& file);

// "BCaps:" value: the capability words as %08x each, highest first ("ffffffffb44c04ff"),
// or one %016llx (vs2.2). Bits above 63 must be clear. nullopt when malformed.
std::optional<std::uint64_t> parse_cap_words(std::string_view text);

}  // namespace vs::vserver
