#include "config/nrpe.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>

#include "config/host_port.hpp"
#include "config/includes.hpp"
#include "config/lines.hpp"
#include "config/listen.hpp"

namespace vs::config {
namespace {

constexpr std::uint16_t kDefaultPort = 5666;

// atoi(3) as nrpe uses it: leading blanks, a sign, digits, and the rest ignored.
long c_atoi(std::string_view text) {
  text = trim_left(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  long value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') break;
    if (value < INT_MAX) value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

// The checks after which nrpe's read_config_file() returns ERROR (and a port above
// 65535, which nrpe accepts here but can never bind).
std::string rejected_value(const std::string& name, const std::string& value) {
  if (name == "server_port" && (c_atoi(value) < 1024 || c_atoi(value) > 65535)) {
    return "server_port must be a number from 1024 to 65535";
  }
  if (name == "command_timeout" && c_atoi(value) < 1) return "command_timeout must be 1 or more";
  if (name == "connection_timeout" && c_atoi(value) < 1)
    return "connection_timeout must be 1 or more";
  return {};
}

bool has_cfg_suffix(const std::string& name) {
  return name.size() > 4 && name.ends_with(".cfg");
}

class Loader {
 public:
  Loader(const fs::Tree& tree, NrpeConfig& out) : tree_(tree), guard_(tree), out_(out) {}

  // Returns false where nrpe's read_config_file() returns ERROR.
  bool read_file(const std::string& path, const Location& from) {
    const bool top = from.file.empty();
    fs::FileText text;
    try {
      text = tree_.read(path);
    } catch (const fs::FileError& e) {
      if (top) throw;
      note(NoteKind::ignored, from, e.path() + ": " + e.reason() + ": nrpe continues without it");
      return false;
    }
    // A loop makes nrpe read the same files again until its paths grow too long;
    // reading each once and going on gives the settings it ends up with.
    if (const std::string why = guard_.enter(path); !why.empty()) {
      note(NoteKind::ignored, from, why + ": skipped");
      return true;
    }
    const bool ok = read_settings(text, top);
    guard_.leave();
    return ok;
  }

  const std::vector<std::string>& files_read() const { return guard_.files_read(); }

 private:
  bool read_settings(const fs::FileText& text, bool top) {
    const NrpeFile file = parse_nrpe_file(text.content, text.path);
    for (const auto& s : file.settings) {
      if (s.name == "include_dir") {
        std::string dir = s.value;
        if (dir.size() > 1 && dir.back() == '/') dir.pop_back();
        read_dir(dir, s.where);  // on errors nrpe logs "Continuing with errors..." and goes on
      } else if (s.name == "include" || s.name == "include_file") {
        read_file(s.value, s.where);
      } else {
        out_.settings.push_back(s);
      }
    }
    if (file.rejected_line == 0) return true;
    const Location at{text.path, file.rejected_line};
    if (top) {
      note(NoteKind::refusal, at, file.rejected_why);
    } else {
      note(NoteKind::ignored, at, file.rejected_why + ": nrpe ignores the rest of this file");
    }
    return false;
  }

  // nrpe's read_config_dir(): *.cfg regular files and subdirectories (not hidden),
  // in name order; the first file or subdirectory that fails ends the walk.
  bool read_dir(const std::string& dir, const Location& from) {
    std::vector<fs::Entry> entries;
    try {
      entries = tree_.list(dir);
    } catch (const fs::FileError& e) {
      note(NoteKind::ignored, from, e.path() + ": " + e.reason());
      return false;
    }
    if (const std::string why = guard_.enter(dir); !why.empty()) {
      note(NoteKind::ignored, from, why + ": skipped");
      return true;
    }
    bool ok = true;
    for (const auto& entry : entries) {
      const std::string path = dir + "/" + entry.name;
      const fs::Stat st = tree_.stat(path);
      if (has_cfg_suffix(entry.name)) {
        if (st.is_regular) ok = read_file(path, from);
      } else if (st.is_directory && entry.name.front() != '.') {
        ok = read_dir(path, from);
      }
      if (!ok) break;
    }
    guard_.leave();
    return ok;
  }

  void note(NoteKind kind, const Location& where, std::string text) {
    out_.notes.push_back({kind, where, std::move(text)});
  }

  const fs::Tree& tree_;
  IncludeGuard guard_;
  NrpeConfig& out_;
};

const NrpeSetting* last(const std::vector<NrpeSetting>& settings, std::string_view name) {
  const NrpeSetting* found = nullptr;
  for (const auto& s : settings) {
    if (s.name == name) found = &s;
  }
  return found;
}

}  // namespace

NrpeFile parse_nrpe_file(std::string_view text, const std::string& file) {
  NrpeFile out;
  for (const auto& line : split_lines(text)) {
    const std::string_view t = trim(line.text);
    if (t.empty() || t.front() == '#') continue;
    // strtok(line, "=") then strtok(NULL, "\n"): leading '=' are skipped, the name
    // ends at the next '=', the value is all the rest and must not be empty.
    const std::size_t start = t.find_first_not_of('=');
    const std::size_t eq =
        start == std::string_view::npos ? std::string_view::npos : t.find('=', start);
    std::string why;
    if (start == std::string_view::npos) {
      why = "no name before '='";
    } else if (eq == std::string_view::npos || eq + 1 == t.size()) {
      why = "no value after '" + std::string(t.substr(start, eq - start)) + "='";
    }
    NrpeSetting s;
    if (why.empty()) {
      s = {std::string(t.substr(start, eq - start)),
           std::string(t.substr(eq + 1)),
           {file, line.number}};
      why = rejected_value(s.name, s.value);
    }
    if (!why.empty()) {
      out.rejected_line = line.number;
      out.rejected_why = why;
      return out;
    }
    out.settings.push_back(std::move(s));
  }
  return out;
}

NrpeConfig load_nrpe(const fs::Tree& tree, const std::string& path) {
  NrpeConfig config;
  Loader loader(tree, config);
  loader.read_file(path, {});
  config.files_read = loader.files_read();
  return config;
}

ServiceConfig service_config(const NrpeConfig& config, const std::string& main_file) {
  ServiceConfig out;
  out.notes = config.notes;
  out.files_read = config.files_read;
  const auto& settings = config.settings;

  // nrpe compares names exactly: "server_address = x" sets nothing.
  for (const auto& s : settings) {
    const std::string trimmed(trim(s.name));
    static const std::vector<std::string> kWatched = {"server_address",
                                                      "server_port",
                                                      "allowed_hosts",
                                                      "dont_blame_nrpe",
                                                      "allow_bash_command_substitution",
                                                      "include",
                                                      "include_dir"};
    if (trimmed != s.name &&
        std::find(kWatched.begin(), kWatched.end(), trimmed) != kWatched.end()) {
      out.notes.push_back({NoteKind::ignored, s.where,
                           "'" + s.name +
                               "=': nrpe does not trim spaces around '=', so it ignores this " +
                               trimmed + " line"});
    }
  }

  std::uint16_t port = kDefaultPort;
  if (const auto* p = last(settings, "server_port"))
    port = static_cast<std::uint16_t>(c_atoi(p->value));
  if (const auto* a = last(settings, "server_address")) {
    const std::string host(trim(a->value));
    net::Endpoint e = endpoint_for(host, port);
    if (!e.is_name() && e.address.family() == net::Family::v6)
      e.v6only = true;  // nrpe sets IPV6_V6ONLY
    out.endpoints.push_back(configured(e, a->where, "server_address=" + a->value));
  } else {
    for (const auto& e : every_address_v4_and_v6(port)) {
      out.endpoints.push_back(configured(e, {main_file, 0}, "server_address not set"));
    }
  }

  if (const auto* d = last(settings, "dont_blame_nrpe"); d != nullptr && c_atoi(d->value) == 1) {
    out.notes.push_back({NoteKind::advice, d->where,
                         "dont_blame_nrpe=1: clients choose the command arguments (set 0 unless a "
                         "command needs $ARGn$)"});
  }
  if (const auto* b = last(settings, "allow_bash_command_substitution");
      b != nullptr && c_atoi(b->value) == 1) {
    out.notes.push_back(
        {NoteKind::hazard, b->where,
         "allow_bash_command_substitution=1: client arguments may run $(...) commands "
         "on this machine"});
  }
  if (last(settings, "allowed_hosts") == nullptr) {
    out.notes.push_back(
        {NoteKind::advice,
         {main_file, 0},
         "allowed_hosts not set: nrpe runs commands for any host that reaches its port"});
  }
  return out;
}

ServiceConfig read_nrpe(const fs::Tree& tree, const std::string& path) {
  const NrpeConfig config = load_nrpe(tree, path);
  return service_config(config, tree.display(path));
}

}  // namespace vs::config
