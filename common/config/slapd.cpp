// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/slapd.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>

#include "config/lines.hpp"
#include "config/listen.hpp"
#include "config/resolve.hpp"
#include "net/bind_conflicts.hpp"
#include "net/names.hpp"

namespace vs::config {
namespace {

constexpr auto npos = std::string_view::npos;

// ldap_url_parse()'s return codes (ldap.h), as slapd prints them.
constexpr int kBadScheme = 3;
constexpr int kBadEnclosure = 4;
constexpr int kBadUrl = 5;
constexpr int kBadScope = 8;
constexpr int kBadFilter = 9;
constexpr int kBadExtensions = 10;

constexpr std::uint16_t kLdapPort = 389;
constexpr std::uint16_t kLdapsPort = 636;

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(char c) {
  return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

// ldap_pvt_hex_unescape(): %XX decoded; a '%' without two hex digits after it empties
// the whole text (the function restarts its output there).
std::string hex_unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !is_hex(text[i + 1]) || !is_hex(text[i + 2])) return {};
    out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
    i += 2;
  }
  return out;
}

// strtol(text, &end, 10) that must consume everything (ldap_url_parse's port).
std::optional<long> whole_number(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i]))
    ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  const std::size_t digits = i;
  long value = 0;
  bool overflow = false;  // strtol then gives LONG_MAX or LONG_MIN
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (value > (LONG_MAX - 9) / 10) overflow = true;
    if (!overflow) value = value * 10 + (text[i] - '0');
  }
  if (i == digits || i != text.size()) return std::nullopt;
  if (overflow) return negative ? LONG_MIN : LONG_MAX;
  return negative ? -value : value;
}

bool is_scope(std::string_view word) {
  static constexpr std::array<std::string_view, 8> kScopes = {
      "one", "onelevel", "base", "sub", "subtree", "subord", "subordinate", "children"};
  const std::string w = lower(word);
  return std::find(kScopes.begin(), kScopes.end(), w) != kScopes.end();
}

// slapd's message, then what the code means.
SlapdUrl parse_error(SlapdUrl u, int code) {
  u.kind = SlapdUrl::Kind::invalid;
  const char* meaning = code == kBadScheme ? "not an ldap://, ldaps://, pldap://, pldaps:// or "
                                             "ldapi:// URL"
                        : code == kBadEnclosure ? "a '<' without its '>'"
                        : code == kBadUrl       ? "a bad host or port"
                        : code == kBadScope     ? "not a search scope"
                        : code == kBadFilter    ? "an empty filter"
                                                : "empty extensions";
  u.problem = "daemon: listen URL \"" + bounded(u.text) + "\" parse error=" + std::to_string(code) +
              " (" + meaning + ")";
  return u;
}

// What follows the DN, "attrs?scope?filter?exts", checked as ldap_url_parse() checks
// it: 0 or its error code. `exts` is set to the extensions when there are any.
int check_query(std::string_view query, std::optional<std::string_view>& exts) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t q = query.find('?');
    parts.push_back(query.substr(0, q));
    if (q == npos) break;
    query.remove_prefix(q + 1);
  }
  if (parts.size() > 4) return kBadUrl;  // a '?' after the extensions
  if (parts.size() > 1 && !parts[1].empty() && !is_scope(hex_unescape(parts[1]))) return kBadScope;
  if (parts.size() > 2 && !parts[2].empty() && hex_unescape(parts[2]).empty()) return kBadFilter;
  if (parts.size() > 3) {
    // ldap_str2charray(exts, ","): at least one non-empty piece.
    if (parts[3].find_first_not_of(',') == npos) return kBadExtensions;
    exts = parts[3];
  }
  return 0;
}

// slapd accepts extensions only if one sets x-mod (ldapi permissions): get_url_perms().
bool has_valid_x_mod(std::string_view exts) {
  while (!exts.empty()) {
    const std::size_t comma = exts.find(',');
    std::string ext = hex_unescape(exts.substr(0, comma));
    exts.remove_prefix(comma == npos ? exts.size() : comma + 1);
    if (!ext.empty() && ext.front() == '!') ext.erase(0, 1);
    if (lower(ext.substr(0, 6)) != "x-mod=") continue;
    const std::string v = ext.substr(6);
    const bool octal =
        (v.size() == 3 || (v.size() == 4 && v[0] == '0')) &&
        std::all_of(v.end() - 3, v.end(), [](char c) { return c >= '0' && c <= '7'; });
    bool symbolic = v.size() == 10;
    static constexpr std::string_view kRwx = "-rwxrwxrwx";
    for (std::size_t j = 1; symbolic && j < 10; ++j)
      symbolic = v[j] == kRwx[j] || v[j] == '-';
    return octal || symbolic;
  }
  return false;
}

bool is_blank_ifs(char c) {
  return c == ' ' || c == '\t' || c == '\n';
}

std::vector<std::string> split_fields(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_blank_ifs(text[i]))
      ++i;
    std::size_t j = i;
    while (j < text.size() && !is_blank_ifs(text[j]))
      ++j;
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

const ShellVariable* variable(const ShellRun& run, std::string_view name) {
  const auto found = run.variables.find(name);
  return found == run.variables.end() ? nullptr : &found->second;
}

// Commands the shell runs that change nothing that matters here and cannot fail.
bool is_harmless_command(std::string_view word) {
  return word == ":" || word == "true" || word == "unset" || word == "export" || word == "readonly";
}

// "$IP is set nowhere in this file: sh expands it to nothing" for each unset variable.
void note_unset(const ShellVariable& v, const std::string& name, std::vector<Note>& notes) {
  for (const auto& used : v.unset_used) {
    Note n{NoteKind::info, v.where,
           name + ": $" + used + " is set nowhere in this file, so sh expands it to nothing"};
    n.always_shown = true;
    notes.push_back(std::move(n));
  }
}

// The sockets opened so far, to find the listen() that fails.
struct Socket {
  net::Endpoint endpoint;
  std::string url;
};

// Whether binding `b` after `a` (SO_REUSEADDR on both) fails once both listen: the
// same port and protocol, and the same address or a wildcard of the other's family.
bool overlaps(const net::Endpoint& a, const net::Endpoint& b) {
  if (a.is_name() || b.is_name() || a.proto != b.proto || a.port != b.port) return false;
  if (a.address.family() != b.address.family()) return false;
  return a.address == b.address || a.address.is_wildcard() || b.address.is_wildcard();
}

std::vector<net::Endpoint> wildcards(int family, std::uint16_t port) {
  std::vector<net::Endpoint> all = every_address_v4_and_v6(port);
  if (family == AF_INET) all.pop_back();
  if (family == AF_INET6) all.erase(all.begin());
  return all;
}

}  // namespace

SlapdUrl parse_slapd_url(std::string_view text) {
  SlapdUrl u;
  u.text = std::string(text);
  std::string_view p = text;
  const bool enclosed = !p.empty() && p.front() == '<';
  if (enclosed) p.remove_prefix(1);
  if (lower(p.substr(0, 4)) == "url:") p.remove_prefix(4);
  // skip_url_prefix()'s order; Debian builds without LDAP_CONNECTIONLESS (no cldap).
  static constexpr std::array<std::string_view, 5> kSchemes = {"ldap", "pldap", "ldaps", "pldaps",
                                                               "ldapi"};
  for (const auto scheme : kSchemes) {
    const std::string prefix = std::string(scheme) + "://";
    if (lower(p.substr(0, prefix.size())) == prefix) {
      u.scheme = std::string(scheme);
      p.remove_prefix(prefix.size());
      break;
    }
  }
  if (u.scheme.empty()) return parse_error(u, kBadScheme);
  std::string rest(p);
  if (enclosed) {
    if (rest.empty() || rest.back() != '>') return parse_error(u, kBadEnclosure);
    rest.pop_back();
  }
  const bool ipc = u.scheme == "ldapi";

  // The host and port end at the first '/', or at a '?' when there is none. For
  // ldapi:// only, "host??dn" is "Novell's kludge": a DN.
  std::string_view r = rest;
  const std::size_t slash = r.find('/');
  const std::size_t end = slash != npos ? slash : r.find('?');
  const std::string_view hostport = r.substr(0, end);
  std::string_view host = hostport;
  if (!ipc) {
    std::optional<std::string_view> port_text;
    if (!hostport.empty() && hostport.front() == '[') {
      const std::size_t close = hostport.find(']');
      if (close == npos) return parse_error(u, kBadUrl);
      const std::string_view tail = hostport.substr(close + 1);
      const std::size_t colon = tail.find(':');
      if (colon != npos && colon != 0) return parse_error(u, kBadUrl);
      if (colon == 0) port_text = tail.substr(1);
      host = hostport.substr(1, close - 1);
    } else if (const std::size_t colon = hostport.find(':'); colon != npos) {
      host = hostport.substr(0, colon);
      port_text = hostport.substr(colon + 1);
    }
    long port = 0;
    if (port_text) {
      const std::string decoded = hex_unescape(*port_text);
      const auto number = decoded.empty() ? std::nullopt : whole_number(decoded);
      if (!number) return parse_error(u, kBadUrl);
      port = *number;
    }
    if (port == 0) port = u.scheme == "ldaps" ? kLdapsPort : kLdapPort;
    u.port = static_cast<std::uint16_t>(port);  // slapd's (unsigned short) cast
  }
  u.host = hex_unescape(host);
  if (!ipc && u.host == "*") u.host.clear();

  std::string dn;
  std::optional<std::string_view> exts;
  if (slash != npos) {
    const std::string_view after = r.substr(slash + 1);
    const std::size_t q = after.find('?');
    dn = hex_unescape(after.substr(0, q));
    if (q != npos) {
      if (const int code = check_query(after.substr(q + 1), exts); code != 0)
        return parse_error(u, code);
    }
  } else if (ipc && end != npos && r.substr(end + 1, 1) == "?") {
    dn = hex_unescape(r.substr(end + 2));
  }

  if (!dn.empty()) {
    u.kind = SlapdUrl::Kind::invalid;
    u.problem = "daemon: listener URL " + u.scheme + "://" + bounded(u.host) +
                "/<junk> DN must be absent (" + bounded(dn) + ")";
    return u;
  }
  if (exts && !has_valid_x_mod(*exts)) {
    u.kind = SlapdUrl::Kind::invalid;
    u.problem = "slapd: listener initialization failed: \"" + bounded(u.text) +
                "\" has a URL extension other than x-mod";
    return u;
  }
  u.kind = ipc ? SlapdUrl::Kind::local_socket : SlapdUrl::Kind::network;
  return u;
}

std::vector<std::string> split_slapd_urls(std::string_view urls) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < urls.size()) {
    const std::size_t j = std::min(urls.find(' ', i), urls.size());
    if (j > i) out.emplace_back(urls.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

SlapdOptions parse_slapd_options(std::string_view options) {
  // slapd 2.5's getopt() string on Linux (with IPv6, chroot, syslog, setuid).
  constexpr std::string_view kFlags = "tV46";
  constexpr std::string_view kWithArgument = "cdfFhnosTrSlug";
  SlapdOptions out;
  const auto words = split_fields(options);
  std::vector<std::string> operands;
  for (std::size_t w = 0; w < words.size(); ++w) {
    const std::string& word = words[w];
    if (word == "--") {
      operands.insert(operands.end(), words.begin() + static_cast<long>(w) + 1, words.end());
      break;
    }
    if (word.size() < 2 || word[0] != '-') {
      operands.push_back(word);  // GNU getopt moves operands to the end
      continue;
    }
    for (std::size_t k = 1; k < word.size(); ++k) {
      const char c = word[k];
      if (kFlags.find(c) != npos) {
        if (c == '4') out.family = AF_INET;
        if (c == '6') out.family = AF_INET6;
        continue;
      }
      if (kWithArgument.find(c) == npos) {
        out.problem = std::string("slapd: invalid option -- '") + c + "'";
        return out;
      }
      std::string argument = word.substr(k + 1);
      if (argument.empty()) {
        if (w + 1 >= words.size()) {
          out.problem = std::string("slapd: option requires an argument -- '") + c + "'";
          return out;
        }
        argument = words[++w];
      }
      if (c == 'h') out.urls.push_back(argument);
      break;
    }
  }
  if (!operands.empty()) {
    out.problem = "slapd prints its usage and stops: '" + bounded(operands.front()) +
                  "' is not an option (a URL goes after -h)";
  }
  return out;
}

SlapdStart slapd_start(const ShellRun& run, const std::string& file, bool debian) {
  SlapdStart s;
  s.where = {file, 0};
  auto refuse = [&](std::string why, Location where) {
    s.refusal = std::move(why);
    s.refusal_where = std::move(where);
    return s;
  };
  if (run.unterminated.line > 0) {
    // dash: "/etc/default/slapd: 3: Syntax error: Unterminated quoted string"
    return refuse("Syntax error: Unterminated quoted string (the init script stops)",
                  run.unterminated);
  }
  for (const auto& c : run.commands) {
    if (is_harmless_command(c.word)) continue;
    // `SLAPD_SERVICES=ldap:/// ldapi:///`: the blank ends the value, sh runs the next URL.
    if (!c.prefix.empty() && parse_slapd_url(c.word).kind != SlapdUrl::Kind::invalid) {
      return refuse(c.word.substr(0, kMaxQuoted) + ": not found: sh ends " + c.prefix +
                        " at the blank and runs the next URL as a command, and the init "
                        "script stops (quote the whole value)",
                    c.where);
    }
    s.notes.push_back({NoteKind::unjudged, c.where,
                       "sh runs a command here when the init script sources this file; if it "
                       "fails, the script stops and slapd does not start (not checked)"});
  }
  if (run.more_commands > 0) {
    s.notes.push_back({NoteKind::unjudged,
                       {file, 0},
                       std::to_string(run.more_commands) + " more commands (not checked)"});
  }
  if (!run.capped.empty()) {
    s.notes.push_back({NoteKind::unjudged, {file, 0}, run.capped + ": the rest is not read"});
  }

  const std::string services_name = debian ? "SLAPD_SERVICES" : "SLAPD_URLS";
  if (debian) {
    if (const auto* v = variable(run, "SLAPD_NO_START")) {
      if (!v->unknown.empty()) {
        s.unknown = "SLAPD_NO_START: " + v->unknown;
        s.where = v->where;
        return s;
      }
      if (!v->value.empty()) {
        s.disabled = "SLAPD_NO_START is set";
        s.where = v->where;
        return s;
      }
    }
    if (const auto* v = variable(run, "SLAPD_SENTINEL_FILE"); v && v->unknown.empty()) {
      s.sentinel = v->value;
      s.sentinel_where = v->where;
    }
    if (const auto* v = variable(run, "SLAPD_URLS");
        v && (!v->unknown.empty() || !v->value.empty())) {
      s.notes.push_back({NoteKind::ignored, v->where,
                         "SLAPD_URLS: Debian's init script does not read it (SLAPD_SERVICES is "
                         "slapd's -h)"});
    }
  }

  const ShellVariable* services = variable(run, services_name);
  const ShellVariable* options = variable(run, "SLAPD_OPTIONS");
  for (const auto* v : {services, options}) {
    if (v != nullptr && !v->unknown.empty()) {
      s.unknown =
          (v == services ? services_name : std::string("SLAPD_OPTIONS")) + ": " + v->unknown;
      s.where = v->where;
      return s;
    }
  }
  if (services != nullptr) note_unset(*services, services_name, s.notes);
  if (options != nullptr) note_unset(*options, "SLAPD_OPTIONS", s.notes);

  const SlapdOptions opts = parse_slapd_options(options != nullptr ? options->value : "");
  const Location options_where = options != nullptr ? options->where : Location{file, 0};
  if (!opts.problem.empty()) return refuse(opts.problem, options_where);
  s.family = opts.family;
  const bool services_given = services != nullptr && !services->value.empty();
  // Debian's script passes -h only for a non-empty SLAPD_SERVICES; RHEL's unit always.
  const std::size_t h_count = opts.urls.size() + (services_given || !debian ? 1 : 0);
  if (h_count > 1) {
    const std::string twice = opts.urls.size() > 1 ? "SLAPD_OPTIONS has -h twice"
                                                   : services_name + " and -h in SLAPD_OPTIONS";
    return refuse("Segmentation fault: slapd 2.5 crashes when it gets -h twice (" + twice +
                      "): give the URLs once",
                  options_where);
  }
  if (services_given) {
    s.urls = services->value;
    s.where = services->where;
    s.source = services_name;
  } else if (!opts.urls.empty()) {
    s.urls = opts.urls.front();
    s.where = options_where;
    s.source = "-h in SLAPD_OPTIONS";
  } else {
    s.where = services != nullptr ? services->where : Location{file, 0};
    s.source = services_name + (services != nullptr ? " is empty" : " not set");
  }
  return s;
}

ServiceConfig read_slapd(const fs::Tree& tree, const std::string& path,
                         const std::optional<std::vector<net::Address>>& local) {
  const fs::FileText text = tree.read(path);
  ServiceConfig config;
  config.files_read.push_back(text.path);
  const bool debian = path.find("sysconfig") == std::string::npos;
  // What Debian's init script has set when it sources the file.
  static const std::map<std::string, std::string, std::less<>> kInitScript = {
      {"PATH", "/sbin:/usr/sbin:/bin:/usr/bin"}, {"SLAPD", "/usr/sbin/slapd"}};
  static const std::map<std::string, std::string, std::less<>> kNone;
  const ShellRun run = run_shell_fragment(text.content, text.path, debian ? kInitScript : kNone);
  SlapdStart s = slapd_start(run, text.path, debian);
  config.notes = std::move(s.notes);
  auto refuse = [&](std::string why, Location where) {
    config.notes.push_back({NoteKind::refusal, std::move(where), std::move(why)});
    config.endpoints.clear();
    return config;
  };
  if (!s.refusal.empty()) return refuse(s.refusal, s.refusal_where);
  if (!s.unknown.empty()) {
    config.notes.push_back(
        {NoteKind::unjudged, s.where, s.unknown + ": cannot tell which addresses slapd binds"});
    return config;
  }
  const auto disabled = [&](const std::string& why, const Location& where) {
    Note n{NoteKind::unjudged, where,
           "slapd is disabled: " + why +
               ", so Debian's init script starts nothing (\"Not starting slapd\"); whatever "
               "starts slapd instead chooses its URLs"};
    n.brief = "slapd is disabled (" + why + ")";
    config.notes.push_back(std::move(n));
    return config;
  };
  if (!s.disabled.empty()) return disabled(s.disabled, s.where);
  if (!s.sentinel.empty() && tree.stat(s.sentinel).exists)
    return disabled("SLAPD_SENTINEL_FILE " + bounded(s.sentinel) + " exists", s.sentinel_where);

  const std::string urls = s.urls.empty() ? "ldap:///" : s.urls;
  const auto list = split_slapd_urls(urls);
  if (list.empty()) return refuse("daemon_init: no urls (" + bounded(urls) + ") provided", s.where);

  const net::Names names(tree);
  const net::BoundSockets machine(local);  // answers only whether an address is here
  std::vector<Socket> sockets;
  std::string listen_failure;
  for (const auto& text_url : list) {
    const SlapdUrl u = parse_slapd_url(text_url);
    if (u.kind == SlapdUrl::Kind::invalid) return refuse(u.problem, s.where);
    if (u.kind == SlapdUrl::Kind::local_socket) {
      config.notes.push_back(
          {NoteKind::info, s.where, bounded(u.text) + ": a local socket, not a network address"});
      continue;
    }
    std::string because = s.urls.empty() ? s.source + ": ldap:///" : bounded(u.text);
    std::vector<net::Endpoint> endpoints;
    if (u.host.empty()) {
      endpoints = wildcards(s.family, u.port);
    } else {
      const ResolvedHost r = resolve_host(names, u.host, s.family);
      if (r.kind == ResolvedHost::Kind::fails)
        return refuse("daemon: getaddrinfo() failed: " + r.error + " (" + bounded(u.host) + ")",
                      s.where);
      if (!r.because.empty()) because += "; " + r.because;
      // slapd binds each address of the URL and goes on without those that fail; a URL
      // left with none stops it.
      std::vector<Note> unbound;
      for (auto& e : endpoints_of(r, u.host, u.port)) {
        std::string why;
        if (!e.is_name() && e.address.is_v4_mapped()) {
          why = "errno=22 (Invalid argument): " + e.address.str() + " on an IPv6-only socket";
        } else if (machine.check(e) == net::BindError::address_not_available) {
          why = "errno=99 (Cannot assign requested address): " + e.address.str() +
                " is not an address of this machine";
        } else {
          endpoints.push_back(std::move(e));
          continue;
        }
        unbound.push_back(
            {NoteKind::ignored, s.where, bounded(u.text) + ": daemon: bind() failed " + why});
      }
      if (endpoints.empty() && !unbound.empty())
        return refuse(unbound.back().text + ": slapd has no address left for this URL and exits",
                      s.where);
      config.notes.insert(config.notes.end(), unbound.begin(), unbound.end());
    }
    if (u.port == 0) {
      config.notes.push_back({NoteKind::unjudged, s.where,
                              bounded(u.text) + ": the port wraps to 0, the kernel picks one"});
    }
    for (auto& e : endpoints) {
      for (const auto& earlier : sockets) {
        if (listen_failure.empty() && overlaps(earlier.endpoint, e)) {
          listen_failure = "daemon: listen(" + bounded(u.text) +
                           ", 5) failed errno=98 (Address already in use): " + e.str() +
                           " overlaps " + earlier.endpoint.str() + " of " + earlier.url;
        }
      }
      sockets.push_back({e, bounded(u.text)});
      config.endpoints.push_back(configured(e, s.where, because));
    }
  }
  if (!listen_failure.empty()) return refuse(listen_failure, s.where);
  return config;
}

}  // namespace vs::config
