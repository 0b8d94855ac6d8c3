// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/nrpe.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>

#include "config/includes.hpp"
#include "config/lines.hpp"
#include "config/listen.hpp"
#include "config/resolve.hpp"
#include "net/bind_conflicts.hpp"
#include "net/names.hpp"

namespace vs::config {
namespace {

constexpr std::uint16_t kDefaultPort = 5666;
// fgets(input_buffer, MAX_INPUT_BUFFER - 1, fp): 2046 bytes a read, newline included.
constexpr std::size_t kPiece = 2048 - 2;
// strncpy(server_address, varvalue, NI_MAXHOST - 1)
constexpr std::size_t kMaxAddress = 1024;
// Notes kept from the files; past this, one note counts the rest.
constexpr std::size_t kMaxNotes = 32;

// atoi(3) as nrpe uses it: (int)strtol(), leading blanks, a sign, digits, the rest
// ignored; out of range, strtol's LONG_MIN/LONG_MAX cut to an int.
int c_atoi(std::string_view text) {
  text = trim_left(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  long value = 0;
  bool overflow = false;
  for (const char c : text) {
    if (c < '0' || c > '9') break;
    if (value > (LONG_MAX - 9) / 10) overflow = true;
    if (!overflow) value = value * 10 + (c - '0');
  }
  if (overflow)
    value = negative ? LONG_MIN : LONG_MAX;
  else if (negative)
    value = -value;
  return static_cast<int>(static_cast<unsigned long>(value) & 0xFFFFFFFFu);
}

// The checks after which read_config_file() returns ERROR, in its words.
std::string rejected_value(std::string_view name, std::string_view value) {
  const int n = c_atoi(value);
  if (name == "server_port" && n < 1024) return "Invalid port number specified";
  if (name == "command_timeout" && n < 1) return "Invalid command_timeout specified";
  if (name == "connection_timeout" && n < 1) return "Invalid connection_timeout specified";
  if (name == "ssl_shutdown_timeout" && n < 1) return "Invalid ssl_shutdown_timeout specified";
  if (name == "listen_queue_size" && n == 0) return "Invalid listen queue size specified";
  if (name == "ssl_use_adh" && (n < 0 || n > 2)) return "Invalid use adh value specified";
  if (name == "ssl_client_certs" && (n < 0 || n > 2)) return "Invalid client certs value specified";
  if (name == "ssl_version") {
    static constexpr std::array<std::string_view, 8> kVersions = {
        "TLSv1.2", "TLSv1.2+", "TLSv1.1", "TLSv1.1+", "TLSv1", "TLSv1+", "SSLv3", "SSLv3+"};
    if (std::find(kVersions.begin(), kVersions.end(), value) == kVersions.end())
      return "Invalid ssl version specified";
  }
  return {};
}

// "command[x]": strtok(varname, "[") then strtok(NULL, "]") must find a name.
bool is_empty_command_name(std::string_view name) {
  const std::size_t start = name.find_first_not_of('[');
  if (start == std::string_view::npos) return true;
  const std::size_t bracket = name.find('[', start);
  if (bracket == std::string_view::npos) return true;
  return name.substr(bracket + 1).find_first_not_of(']') == std::string_view::npos;
}

bool is_watched(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kWatched = {"server_address",
                                                               "server_port",
                                                               "allowed_hosts",
                                                               "dont_blame_nrpe",
                                                               "allow_bash_command_substitution",
                                                               "include",
                                                               "include_file",
                                                               "include_dir"};
  return std::find(kWatched.begin(), kWatched.end(), name) != kWatched.end();
}

class Loader {
 public:
  Loader(const fs::Tree& tree, NrpeConfig& out) : tree_(tree), guard_(tree), out_(out) {}

  // Returns false where nrpe's read_config_file() returns ERROR. `from` is empty for
  // nrpe.cfg itself.
  bool read_file(const std::string& path, const Location& from) {
    const bool top = from.file.empty();
    if (!top && !tree_.stat(path).exists) {
      note(NoteKind::ignored, from,
           bounded(path) +
               ": no such file: nrpe logs \"Unable to open config file\" and "
               "goes on");
      return false;
    }
    // Counted before it is read: 512 hard links to one 4 MiB file stop at the guard.
    if (const std::string why = guard_.enter(path); !why.empty()) {
      if (top) throw fs::FileError(tree_.display(path), why);
      // A loop makes nrpe read the same files again until it runs out of descriptors;
      // reading each once and going on gives the settings it ends up with.
      note(NoteKind::ignored, from, why + ": skipped");
      return true;
    }
    fs::FileText text;
    try {
      text = tree_.read(path);
    } catch (const fs::ReadBudgetExhausted&) {
      throw;  // nothing read after this can be judged: UNKNOWN
    } catch (const fs::FileError& e) {
      guard_.leave();
      if (top) throw;
      note(NoteKind::ignored, from,
           bounded(path) + ": " + e.reason() +
               ": nrpe logs \"Unable to open config file\" and goes on without it");
      return false;
    }
    const bool ok = read_lines(text, top);
    guard_.leave();
    return ok;
  }

  const std::vector<std::string>& files_read() const { return guard_.files_read(); }

  // One note for what the cap left out.
  void finish() {
    if (dropped_ > 0)
      out_.notes.push_back({NoteKind::ignored,
                            {},
                            std::to_string(dropped_) + " more notes like these (not listed)"});
  }

 private:
  bool read_lines(const fs::FileText& text, bool top) {
    LineCursor lines(text.content);
    const std::string_view all = text.content;
    while (const auto line = lines.next()) {
      // Whether fgets() meets this line's newline: all lines but an unterminated last.
      const std::size_t end =
          static_cast<std::size_t>(line->text.data() - all.data()) + line->text.size();
      const bool newline = end < all.size();
      for (const auto piece : nrpe_pieces(line->text, newline)) {
        if (!read_piece(piece, {text.path, line->number}, top)) return false;
      }
    }
    return true;
  }

  bool read_piece(std::string_view piece, const Location& where, bool top) {
    const NrpeLine l = parse_nrpe_line(piece);
    switch (l.kind) {
      case NrpeLine::Kind::skip:
        return true;
      case NrpeLine::Kind::rejected:
        if (l.name == "server_port") set(out_.server_port, l.value, where);  // assigned first
        if (top) {
          out_.notes.push_back({NoteKind::refusal, where,
                                l.why + " (nrpe: \"Config file contained errors, aborting\")"});
        } else {
          note(NoteKind::ignored, where,
               l.why + ": nrpe skips the rest of this file (\"Continuing with errors\")");
        }
        return false;
      case NrpeLine::Kind::setting:
        break;
    }
    if (l.name == "include_dir") {
      std::string dir(l.value);
      if (dir.size() > 1 && dir.back() == '/') dir.pop_back();
      read_dir(dir, where);  // on errors nrpe logs "Continuing with errors..." and goes on
    } else if (l.name == "include" || l.name == "include_file") {
      read_file(std::string(l.value), where);
    } else if (l.name == "server_address") {
      set(out_.server_address, l.value.substr(0, kMaxAddress), where);
    } else if (l.name == "server_port") {
      set(out_.server_port, l.value, where);
    } else if (l.name == "allowed_hosts") {
      set(out_.allowed_hosts, l.value, where);
    } else if (l.name == "dont_blame_nrpe") {
      set(out_.dont_blame_nrpe, l.value, where);
    } else if (l.name == "allow_bash_command_substitution") {
      set(out_.allow_bash_command_substitution, l.value, where);
    } else if (const std::string_view trimmed = trim(l.name);
               trimmed != l.name && is_watched(trimmed)) {
      note(NoteKind::ignored, where,
           "'" + std::string(l.name) +
               "=': nrpe does not trim blanks around '=', so it ignores this " +
               std::string(trimmed) + " line (\"Unknown option specified\")");
    }
    return true;
  }

  // nrpe's read_config_dir(): *.cfg regular files and subdirectories (not hidden),
  // in name order; the first file or subdirectory that fails ends the walk.
  bool read_dir(const std::string& dir, const Location& from) {
    if (const std::string why = guard_.enter(dir); !why.empty()) {
      note(NoteKind::ignored, from, why + ": skipped");
      return true;
    }
    std::vector<fs::Entry> entries;
    try {
      entries = tree_.list(dir);
    } catch (const fs::ReadBudgetExhausted&) {
      throw;
    } catch (const fs::FileError& e) {
      guard_.leave();
      note(NoteKind::ignored, from,
           bounded(dir) + ": " + e.reason() + ": nrpe logs \"Could not open config directory\"");
      return false;
    }
    bool ok = true;
    for (const auto& entry : entries) {
      const std::string path = dir + "/" + entry.name;
      const fs::Stat st = tree_.stat(path);
      if (entry.name.size() > 4 && entry.name.ends_with(".cfg")) {
        if (st.is_regular) ok = read_file(path, from);
      } else if (st.is_directory && entry.name.front() != '.') {
        ok = read_dir(path, from);
      }
      if (!ok) break;
    }
    guard_.leave();
    return ok;
  }

  static void set(std::optional<NrpeValue>& slot, std::string_view value, const Location& where) {
    slot = NrpeValue{std::string(value), where};
  }

  void note(NoteKind kind, const Location& where, std::string text) {
    if (out_.notes.size() >= kMaxNotes) {
      ++dropped_;
      return;
    }
    out_.notes.push_back({kind, where, std::move(text)});
  }

  const fs::Tree& tree_;
  IncludeGuard guard_;
  NrpeConfig& out_;
  std::size_t dropped_ = 0;
};

// What getaddrinfo(server_address, port) gives nrpe, or why nrpe stops.
struct Binds {
  std::vector<net::Endpoint> endpoints;
  std::string because;  // "agent.example is 192.0.2.1 (/etc/hosts:2)"
  std::string refusal;
  std::vector<std::string> failed;  // binds that fail while others work
};

Binds binds_for(const net::Names& names, const std::string& host, std::uint16_t port,
                const std::optional<std::vector<net::Address>>& local) {
  const net::BoundSockets machine(local);  // answers only whether an address is here
  Binds b;
  ResolvedHost r;
  if (host == "*") {
    // glibc reads "*" as no name; without AI_PASSIVE that is loopback.
    r.kind = ResolvedHost::Kind::addresses;
    r.addresses = {{net::Address::v4(0x7f000001), {}}, {*net::Address::parse("::1"), {}}};
    r.because = "* is loopback to getaddrinfo: 127.0.0.1, ::1";
  } else {
    r = resolve_host(names, host, AF_UNSPEC);
  }
  if (r.kind == ResolvedHost::Kind::fails) {
    b.refusal = "bad addr or host: " + bounded(host) + " (" + r.error + ")";
    return b;
  }
  b.because = r.because;
  for (const auto& e : endpoints_of(r, host, port)) {
    const std::string bind = "Bind to port " + std::to_string(port) + " on " +
                             (e.is_name() ? e.hostname : e.address.str()) + " failed: ";
    if (!e.is_name() && e.address.is_v4_mapped()) {
      b.failed.push_back(bind + "Invalid argument (an IPv4-mapped address on an IPv6-only socket)");
      continue;
    }
    if (std::any_of(b.endpoints.begin(), b.endpoints.end(),
                    [&](const net::Endpoint& x) { return x.str() == e.str(); })) {
      continue;  // the second bind of one address fails, nrpe goes on with the first
    }
    if (machine.check(e) == net::BindError::address_not_available) {
      b.failed.push_back(bind + "Cannot assign requested address (not an address of this machine)");
      continue;
    }
    b.endpoints.push_back(e);
  }
  if (b.endpoints.empty() && !b.failed.empty()) {
    b.refusal = b.failed.front() + ". Cannot bind to any address.";
    b.failed.clear();
  }
  return b;
}

}  // namespace

std::vector<std::string_view> nrpe_pieces(std::string_view line, bool ends_with_newline) {
  std::vector<std::string_view> out;
  const std::size_t total = line.size() + (ends_with_newline ? 1 : 0);
  for (std::size_t at = 0; at < total; at += kPiece)
    out.push_back(line.substr(std::min(at, line.size()), kPiece));
  return out;
}

NrpeLine parse_nrpe_line(std::string_view line) {
  NrpeLine l;
  const std::string_view t = trim(line);
  if (t.empty() || t.front() == '#') return l;
  // strtok(line, "=") then strtok(NULL, "\n"): leading '=' are skipped, the name ends at
  // the next '=', the value is all the rest and must not be empty.
  const std::size_t start = t.find_first_not_of('=');
  l.kind = NrpeLine::Kind::rejected;
  if (start == std::string_view::npos) {
    l.why = "No variable name specified";
    return l;
  }
  const std::size_t eq = t.find('=', start);
  l.name = t.substr(start, eq == std::string_view::npos ? std::string_view::npos : eq - start);
  if (eq == std::string_view::npos || eq + 1 == t.size()) {
    l.why = "No variable value specified";
    return l;
  }
  l.value = t.substr(eq + 1);
  if (l.name.find("command[") != std::string_view::npos && is_empty_command_name(l.name)) {
    l.why = "Invalid command specified";
    return l;
  }
  l.why = rejected_value(l.name, l.value);
  if (l.why.empty()) l.kind = NrpeLine::Kind::setting;
  return l;
}

NrpeConfig load_nrpe(const fs::Tree& tree, const std::string& path) {
  NrpeConfig config;
  Loader loader(tree, config);
  loader.read_file(path, {});
  loader.finish();
  config.files_read = loader.files_read();
  return config;
}

ServiceConfig service_config(const NrpeConfig& config, const fs::Tree& tree,
                             const std::string& main_file,
                             const std::optional<std::vector<net::Address>>& local) {
  ServiceConfig out;
  out.notes = config.notes;
  out.files_read = config.files_read;
  for (const auto& n : out.notes) {
    if (n.kind == NoteKind::refusal) return out;  // nrpe stops before it binds anything
  }

  int port_value = kDefaultPort;
  if (config.server_port) port_value = c_atoi(config.server_port->value);
  // snprintf("%d") then getaddrinfo(): strtoul, and htons() keeps 16 bits.
  const auto port =
      static_cast<std::uint16_t>(static_cast<unsigned long>(static_cast<long>(port_value)));
  const Location port_where = config.server_port ? config.server_port->where : Location{};

  if (port == 0) {
    out.notes.push_back({NoteKind::unjudged, port_where,
                         "server_port=" + bounded(config.server_port->value) +
                             " is 0 once getaddrinfo keeps its 16 bits: the kernel picks a port"});
  } else if (port < 1024) {
    // Debian's unit runs nrpe as nagios (nrpe_user too): no privileged port.
    out.notes.push_back(
        {NoteKind::refusal, port_where,
         "Bind to port " + std::to_string(port) +
             " failed: Permission denied. Cannot bind to any address. (server_port=" +
             bounded(config.server_port->value) +
             ": nrpe runs as nagios, below 1024 it cannot bind)"});
    return out;
  } else if (static_cast<long>(port) != port_value) {
    out.notes.push_back({NoteKind::info, port_where,
                         "server_port=" + bounded(config.server_port->value) +
                             ": getaddrinfo keeps 16 bits, nrpe listens on " +
                             std::to_string(port)});
  }

  if (const auto& a = config.server_address) {
    const net::Names names(tree);
    const Binds b = binds_for(names, a->value, port, local);
    if (!b.refusal.empty()) {
      out.notes.push_back({NoteKind::refusal, a->where, b.refusal});
      return out;
    }
    for (const auto& f : b.failed)
      out.notes.push_back({NoteKind::ignored, a->where, f + ": nrpe goes on without it"});
    std::string because = "server_address=" + bounded(a->value);
    if (!b.because.empty()) because += "; " + b.because;
    if (port != 0) {
      for (const auto& e : b.endpoints)
        out.endpoints.push_back(configured(e, a->where, because));
    }
  } else if (port != 0) {
    for (const auto& e : every_address_v4_and_v6(port))
      out.endpoints.push_back(configured(e, {main_file, 0}, "server_address not set"));
  }

  if (const auto& d = config.dont_blame_nrpe; d && c_atoi(d->value) == 1) {
    out.notes.push_back({NoteKind::advice, d->where,
                         "dont_blame_nrpe=1: clients choose the command arguments (set 0 unless a "
                         "command needs $ARGn$)"});
  }
  if (const auto& b = config.allow_bash_command_substitution; b && c_atoi(b->value) == 1) {
    out.notes.push_back(
        {NoteKind::hazard, b->where,
         "allow_bash_command_substitution=1: client arguments may run $(...) commands "
         "on this machine"});
  }
  if (!config.allowed_hosts) {
    out.notes.push_back(
        {NoteKind::advice,
         {main_file, 0},
         "allowed_hosts not set: nrpe runs commands for any host that reaches its port"});
  }
  return out;
}

ServiceConfig read_nrpe(const fs::Tree& tree, const std::string& path,
                        const std::optional<std::vector<net::Address>>& local) {
  const NrpeConfig config = load_nrpe(tree, path);
  return service_config(config, tree, tree.display(path), local);
}

}  // namespace vs::config
