#include "config/slapd.hpp"

#include <cstdint>

#include "config/host_port.hpp"
#include "config/lines.hpp"
#include "config/listen.hpp"
#include "config/shell_vars.hpp"

namespace vs::config {
namespace {

struct Scheme {
  std::string_view prefix;
  SlapdUrl::Kind kind;
  std::uint16_t port;
  net::Proto proto;
};

constexpr Scheme kSchemes[] = {
    {"ldap://", SlapdUrl::Kind::network, 389, net::Proto::tcp},
    {"ldaps://", SlapdUrl::Kind::network, 636, net::Proto::tcp},
    {"ldapi://", SlapdUrl::Kind::local_socket, 0, net::Proto::tcp},
    {"cldap://", SlapdUrl::Kind::network, 389, net::Proto::udp},  // connectionless LDAP
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// URLs may percent-encode the host (RFC 4516); slapd decodes it before resolving.
std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
        hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// slapd splits -h on blanks (ldap_str2charray with " \t").
std::vector<std::string> split_urls(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i]))
      ++i;
    std::size_t j = i;
    while (j < text.size() && !is_space(text[j]))
      ++j;
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

SlapdUrl invalid(SlapdUrl url, std::string why) {
  url.kind = SlapdUrl::Kind::invalid;
  url.problem = std::move(why);
  return url;
}

}  // namespace

SlapdUrl parse_slapd_url(std::string_view text) {
  SlapdUrl url;
  url.text = std::string(text);
  const std::string lowered = lower(text);
  const Scheme* scheme = nullptr;
  for (const auto& s : kSchemes) {
    if (lowered.starts_with(s.prefix)) scheme = &s;
  }
  if (scheme == nullptr) return invalid(url, "not an ldap://, ldaps://, ldapi:// or cldap:// URL");
  url.kind = scheme->kind;
  if (url.kind == SlapdUrl::Kind::local_socket) return url;

  std::string_view rest = text.substr(scheme->prefix.size());
  const std::string_view hostport = rest.substr(0, rest.find_first_of("/?"));
  if (hostport.empty()) {
    for (auto e : every_address_v4_and_v6(scheme->port)) {
      e.proto = scheme->proto;
      url.endpoints.push_back(e);
    }
    return url;
  }
  std::uint16_t port = scheme->port;
  std::string host;
  if (hostport.front() == ':') {  // "ldap://:1389/": every address, another port
    const auto p = parse_port(hostport.substr(1));
    if (!p)
      return invalid(
          url, "port '" + std::string(hostport.substr(1)) + "' is not a number from 1 to 65535");
    port = *p;
  } else {
    const HostPort hp = parse_host_port(percent_decoded(hostport), kSshdHostPort);
    if (!hp.error.empty()) return invalid(url, hp.error);
    if (hp.port) port = *hp.port;
    host = hp.host;
  }
  if (host.empty()) {
    for (auto e : every_address_v4_and_v6(port)) {
      e.proto = scheme->proto;
      url.endpoints.push_back(e);
    }
    return url;
  }
  net::Endpoint e = endpoint_for(host, port, {}, scheme->proto);
  if (!e.is_name() && e.address.family() == net::Family::v6)
    e.v6only = true;  // slapd sets IPV6_V6ONLY
  url.endpoints.push_back(e);
  return url;
}

SlapdServices parse_slapd_defaults(std::string_view text, const std::string& file) {
  SlapdServices s;
  const ShellAssignment* services = nullptr;
  const ShellAssignment* urls = nullptr;
  const auto assignments = parse_shell_assignments(text, file);
  for (const auto& a : assignments) {
    if (a.name == "SLAPD_SERVICES") services = &a;
    if (a.name == "SLAPD_URLS") urls = &a;
    s.unterminated |= a.unterminated;
  }
  const ShellAssignment* chosen = services != nullptr ? services : urls;
  s.variable = chosen != nullptr                             ? chosen->name
               : file.find("sysconfig") != std::string::npos ? "SLAPD_URLS"
                                                             : "SLAPD_SERVICES";
  s.where = {file, 0};
  if (chosen == nullptr) return s;
  s.where = chosen->where;
  s.value = chosen->value;
  s.needs_expansion = chosen->needs_expansion;
  s.unterminated = chosen->unterminated;
  if (s.needs_expansion) return s;
  for (const auto& u : split_urls(s.value))
    s.urls.push_back(parse_slapd_url(u));
  s.set = !s.urls.empty();
  if (!s.set) s.where = {file, 0};
  return s;
}

ServiceConfig read_slapd(const fs::Tree& tree, const std::string& path) {
  const fs::FileText text = tree.read(path);
  const SlapdServices s = parse_slapd_defaults(text.content, text.path);
  ServiceConfig config;
  config.files_read.push_back(text.path);

  if (s.unterminated) {
    config.notes.push_back(
        {NoteKind::refusal, s.where, "unterminated quote (the shell cannot read this file)"});
    return config;
  }
  if (s.needs_expansion) {
    config.notes.push_back(
        {NoteKind::unjudged, s.where,
         s.variable + "=\"" + s.value +
             "\" needs shell expansion: cannot tell which addresses slapd binds"});
    return config;
  }
  if (!s.set) {
    for (const auto& e : every_address_v4_and_v6(389)) {
      config.endpoints.push_back(configured(e, s.where, s.variable + " not set: ldap:///"));
    }
    return config;
  }
  for (const auto& url : s.urls) {
    switch (url.kind) {
      case SlapdUrl::Kind::network:
        for (const auto& e : url.endpoints)
          config.endpoints.push_back(configured(e, s.where, url.text));
        break;
      case SlapdUrl::Kind::local_socket:
        config.notes.push_back(
            {NoteKind::info, s.where, url.text + ": a local socket, not a network address"});
        break;
      case SlapdUrl::Kind::invalid:
        config.notes.push_back({NoteKind::refusal, s.where, "'" + url.text + "': " + url.problem});
        break;
    }
  }
  return config;
}

}  // namespace vs::config
