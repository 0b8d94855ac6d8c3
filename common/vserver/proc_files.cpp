// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver/proc_files.hpp"

#include <charconv>
#include <cstdio>

#include "config/lines.hpp"
#include "plugin/number.hpp"

namespace vs::vserver {
namespace {

struct Field {
  std::string_view key;
  std::string_view value;  // blanks trimmed: Umask is printed with %16llx
  int line = 0;
};

// The "Key:<tab>value" lines of one file, each with its line number.
class Fields {
 public:
  // `strict`: a line without a colon is an error (the kernel's own files); /proc/PID/
  // status is read leniently, only the keys asked for matter there.
  Fields(std::string_view text, const std::string& file, bool strict) : file_(file) {
    const auto lines = config::split_lines(text);
    // The kernel ends every line with a newline: a last line without one was cut.
    if (!text.empty() && text.back() != '\n') {
      fail(lines.back().number,
           "'" + shown(lines.back().text) + "' is cut short (truncated file?)");
    }
    for (const auto& line : lines) {
      const auto colon = line.text.find(':');
      if (colon == std::string_view::npos || colon == 0) {
        if (strict && !config::trim(line.text).empty()) {
          fail(line.number, "'" + shown(line.text) + "' is not a 'Key: value' line");
        }
        continue;
      }
      fields_.push_back(
          {line.text.substr(0, colon), config::trim(line.text.substr(colon + 1)), line.number});
    }
  }

  const std::vector<Field>& all() const { return fields_; }

  // The first line with exactly this key, or nullptr.
  const Field* find(std::string_view key) const {
    for (const auto& f : fields_) {
      if (f.key == key) return &f;
    }
    return nullptr;
  }

  // The first line with this key; a file without it was cut short.
  const Field& need(std::string_view key) const {
    if (const Field* f = find(key)) return *f;
    throw ProcFormatError({file_, 0}, "no '" + std::string(key) + ":' line (truncated file?)");
  }

  Location at(const Field& f) const { return {file_, f.line}; }

  [[noreturn]] void fail(int line, const std::string& reason) const {
    throw ProcFormatError({file_, line}, reason);
  }
  [[noreturn]] void bad(const Field& f, const std::string& what) const {
    fail(f.line, std::string(f.key) + ": '" + shown(f.value) + "' is not " + what);
  }

  long long decimal(const Field& f) const {
    long long v = 0;
    const char* begin = f.value.data();
    const char* end = begin + f.value.size();
    const auto [ptr, ec] = std::from_chars(begin, end, v, 10);
    if (f.value.empty() || ec != std::errc{} || ptr != end) bad(f, "a decimal number");
    return v;
  }
  int integer(const Field& f) const {
    const long long v = decimal(f);
    if (v < -2147483648LL || v > 2147483647LL) bad(f, "a 32-bit number");
    return static_cast<int>(v);
  }
  unsigned id(const Field& f) const {
    const long long v = decimal(f);
    if (v < 0 || v > 0xffffffffLL) bad(f, "a context id");
    return static_cast<unsigned>(v);
  }
  std::uint64_t hex(const Field& f) const {
    std::uint64_t v = 0;
    const char* begin = f.value.data();
    const char* end = begin + f.value.size();
    const auto [ptr, ec] = std::from_chars(begin, end, v, 16);
    if (f.value.empty() || f.value.size() > 16 || ec != std::errc{} || ptr != end)
      bad(f, "a hexadecimal mask");
    return v;
  }
  std::uint64_t caps(const Field& f) const {
    const auto v = parse_cap_words(f.value);
    if (!v) bad(f, "a capability mask (%08x words)");
    return *v;
  }
  net::Address ipv4(const Field& f, std::string_view text) const {
    const auto a = net::Address::parse(text);
    if (!a || a->family() != net::Family::v4) bad(f, "an IPv4 address");
    return *a;
  }

 private:
  // A value as shown in an error: bounded, so a huge garbage line stays one line.
  static std::string shown(std::string_view text) {
    constexpr std::size_t kMax = 60;
    return text.size() > kMax ? std::string(text.substr(0, kMax)) + "..." : std::string(text);
  }

  std::string file_;
  std::vector<Field> fields_;
};

// One address line's value:
//   vs2.3 IPv4 "[192.0.2.40-0.0.0.0/255.255.255.0:0010]"
//   vs2.3 IPv6 "[2001:0db8:...:0040/ffff:...:0000/64:0010]" (%pI6: every group, no ::)
//   vs2.2 IPv4 "192.0.2.40/255.255.255.0"
std::optional<NetworkAddress> parse_address(std::string_view text) {
  NetworkAddress out;
  if (text.empty() || text.front() != '[') {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto ip = net::Address::parse(text.substr(0, slash));
    const auto mask = net::Address::parse(text.substr(slash + 1));
    if (!ip || !mask || ip->family() != net::Family::v4 || mask->family() != net::Family::v4)
      return std::nullopt;
    out.ip = *ip;
    out.mask = *mask;
    return out;
  }
  if (text.size() < 2 || text.back() != ']') return std::nullopt;
  const std::string_view inner = text.substr(1, text.size() - 2);
  const auto colon = inner.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto type = plugin::parse_number<std::uint16_t>(inner.substr(colon + 1), 16);
  if (!type || inner.size() - colon - 1 != 4) return std::nullopt;
  out.type = *type;
  const std::string_view body = inner.substr(0, colon);
  const auto slash = body.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view first = body.substr(0, slash);
  const std::string_view rest = body.substr(slash + 1);
  if (const auto dash = first.find('-'); dash != std::string_view::npos) {  // IPv4
    const auto ip = net::Address::parse(first.substr(0, dash));
    const auto ip2 = net::Address::parse(first.substr(dash + 1));
    const auto mask = net::Address::parse(rest);
    if (!ip || !ip2 || !mask || ip->family() != net::Family::v4 ||
        ip2->family() != net::Family::v4 || mask->family() != net::Family::v4)
      return std::nullopt;
    out.ip = *ip;
    out.ip2 = *ip2;
    out.mask = *mask;
    return out;
  }
  const auto slash2 = rest.find('/');  // IPv6: ip/mask/prefix
  if (slash2 == std::string_view::npos) return std::nullopt;
  const auto ip = net::Address::parse(first);
  const auto mask = net::Address::parse(rest.substr(0, slash2));
  const auto prefix = plugin::parse_number<unsigned>(rest.substr(slash2 + 1), 10);
  if (!ip || !mask || ip->family() != net::Family::v6 || mask->family() != net::Family::v6 ||
      !prefix || *prefix > 128)
    return std::nullopt;
  out.ip = *ip;
  out.mask = *mask;
  out.prefix = *prefix;
  return out;
}

NetworkAddress address(const Fields& fields, const Field& f) {
  const auto a = parse_address(f.value);
  if (!a) fields.bad(f, "an address ([ip-ip2/mask:type], [ip6/mask/prefix:type] or ip/mask)");
  return *a;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// "V4Root[3]" and "V6Root[0]": an address; "V4Root[bcast]" and "V4Root[lback]" are not.
bool is_root_address(std::string_view key) {
  if (key.size() < 9 || (key.substr(0, 7) != "V4Root[" && key.substr(0, 7) != "V6Root[") ||
      key.back() != ']')
    return false;
  return all_digits(key.substr(7, key.size() - 8));
}

}  // namespace

std::optional<std::uint64_t> parse_cap_words(std::string_view text) {
  if (text.empty() || text.size() % 8 != 0 || text.size() > 32) return std::nullopt;
  if (text.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos)
    return std::nullopt;
  // Words beyond the lowest two are capabilities 64 and up: none exist today, so a
  // set bit there is garbage rather than something to drop silently.
  const std::size_t high = text.size() - std::min<std::size_t>(text.size(), 16);
  if (text.substr(0, high).find_first_not_of('0') != std::string_view::npos) return std::nullopt;
  return plugin::parse_number<std::uint64_t>(text.substr(high), 16);
}

unsigned VirtualInfo::api_minor() const {
  const unsigned low = vci & 0xffff;
  return low >= 0x100 ? low >> 8 : low;
}

std::string VirtualInfo::text() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04x:%04x", vci >> 16, vci & 0xffff);
  return buf;
}

VirtualInfo parse_virtual_info(std::string_view text, const std::string& file) {
  const Fields fields(text, file, true);
  VirtualInfo out;
  const Field& version = fields.need("VCIVersion");
  const auto colon = version.value.find(':');
  const auto major = colon == 4
                         ? plugin::parse_number<std::uint32_t>(version.value.substr(0, 4), 16)
                         : std::nullopt;
  const auto minor = colon == 4 && version.value.size() == 9
                         ? plugin::parse_number<std::uint32_t>(version.value.substr(5), 16)
                         : std::nullopt;
  if (!major || !minor) fields.bad(version, "a version (%04x:%04x)");
  out.vci = (*major << 16) | *minor;
  out.where = fields.at(version);
  if (const Field* f = fields.find("VCISyscall")) out.syscall = fields.integer(*f);
  if (const Field* f = fields.find("VCIKernel")) {
    out.kernel_bits = static_cast<std::uint32_t>(fields.hex(*f));
  }
  return out;
}

ContextInfo parse_xid_info(std::string_view text, const std::string& file) {
  const Fields fields(text, file, true);
  ContextInfo out;
  out.xid = fields.id(fields.need("ID"));
  const Field& init = fields.need("Init");
  out.init_pid = fields.integer(init);
  if (out.init_pid < 0) fields.bad(init, "a process id");
  return out;
}

ContextStatus parse_xid_status(std::string_view text, const std::string& file) {
  const Fields fields(text, file, true);
  ContextStatus out;
  out.use_count = fields.integer(fields.need("UseCnt"));
  out.tasks = fields.integer(fields.need("Tasks"));
  out.flags = fields.hex(fields.need("Flags"));
  const Field& bcaps = fields.need("BCaps");
  out.bcaps = fields.caps(bcaps);
  out.bcaps_at = fields.at(bcaps);
  out.ccaps = fields.hex(fields.need("CCaps"));
  if (const Field* f = fields.find("Umask")) out.umask = fields.hex(*f);
  if (const Field* f = fields.find("Wmask")) out.wmask = fields.hex(*f);
  if (const Field* f = fields.find("Spaces")) {
    std::string_view rest = f->value;
    while (!rest.empty()) {
      const auto blank = rest.find_first_of(" \t");
      const auto word = plugin::parse_number<std::uint32_t>(rest.substr(0, blank), 16);
      if (!word || out.spaces.size() == 2) fields.bad(*f, "one or two namespace masks");
      out.spaces.push_back(*word);
      rest = blank == std::string_view::npos ? std::string_view{}
                                             : config::trim_left(rest.substr(blank));
    }
  }
  return out;
}

NetworkInfo parse_nid_info(std::string_view text, const std::string& file) {
  const Fields fields(text, file, true);
  NetworkInfo out;
  out.nid = fields.id(fields.need("ID"));
  if (const Field* f = fields.find("Bcast")) out.bcast = fields.ipv4(*f, f->value);
  if (const Field* f = fields.find("Lback")) {
    out.lback = fields.ipv4(*f, f->value);
    out.lback_at = fields.at(*f);
  }
  for (const auto& f : fields.all()) {
    if (all_digits(f.key)) out.addresses.push_back(address(fields, f));
  }
  return out;
}

NetworkStatus parse_nid_status(std::string_view text, const std::string& file) {
  const Fields fields(text, file, true);
  NetworkStatus out;
  out.use_count = fields.integer(fields.need("UseCnt"));
  out.tasks = fields.integer(fields.need("Tasks"));
  const Field& flags = fields.need("Flags");
  out.flags = fields.hex(flags);
  out.flags_at = fields.at(flags);
  out.ncaps = fields.hex(fields.need("NCaps"));
  return out;
}

PidNetworkInfo parse_pid_ninfo(std::string_view text, const std::string& file) {
  const Fields fields(text, file, true);
  PidNetworkInfo out;
  out.nid = fields.id(fields.need("NID"));
  if (const Field* f = fields.find("NCaps")) out.ncaps = fields.hex(*f);
  if (const Field* f = fields.find("NFlags")) {
    out.nflags = fields.hex(*f);
    out.nflags_at = fields.at(*f);
  }
  if (const Field* f = fields.find("V4Root[bcast]")) out.bcast = fields.ipv4(*f, f->value);
  if (const Field* f = fields.find("V4Root[lback]")) {
    out.lback = fields.ipv4(*f, f->value);
    out.lback_at = fields.at(*f);
  }
  for (const auto& f : fields.all()) {
    if (is_root_address(f.key)) out.addresses.push_back(address(fields, f));
  }
  return out;
}

PidContextInfo parse_pid_vinfo(std::string_view text, const std::string& file) {
  const Fields fields(text, file, true);
  PidContextInfo out;
  out.xid = fields.id(fields.need("XID"));
  if (const Field* f = fields.find("BCaps")) out.bcaps = fields.caps(*f);
  if (const Field* f = fields.find("CCaps")) out.ccaps = fields.hex(*f);
  if (const Field* f = fields.find("CFlags")) out.cflags = fields.hex(*f);
  if (const Field* f = fields.find("CIPid")) out.init_pid = fields.integer(*f);
  return out;
}

PidStatus parse_pid_status(std::string_view text, const std::string& file) {
  const Fields fields(text, file, false);
  PidStatus out;
  if (const Field* f = fields.find("Name")) out.name = std::string(f->value);
  if (const Field* f = fields.find("Uid")) {
    const Field first{f->key, f->value.substr(0, f->value.find_first_of(" \t")), f->line};
    out.uid = fields.id(first);
  }
  if (const Field* f = fields.find("VxID")) out.vxid = fields.id(*f);
  if (const Field* f = fields.find("NxID")) out.nxid = fields.id(*f);
  return out;
}

}  // namespace vs::vserver
