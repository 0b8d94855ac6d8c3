// slapd's listeners, from the shell fragment its init script or unit sources:
// SLAPD_SERVICES in Debian's /etc/default/slapd, SLAPD_URLS in RHEL's
// /etc/sysconfig/slapd. The value is slapd's -h argument, a list of LDAP URLs;
// without one slapd serves ldap:/// (port 389 on every address).
//
//   ldap:///                 every address, port 389 (ldaps: 636)
//   ldap://192.0.2.1:1389/   one address and port; ldap://[2001:db8::1]/ for IPv6
//   ldap://ldap.example/     a host name: slapd binds what it resolves to
//   ldapi:///                a local (Unix) socket: no network exposure
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/service_config.hpp"
#include "fs/location.hpp"
#include "fs/tree.hpp"
#include "net/address.hpp"

namespace vs::config {

struct SlapdUrl {
  enum class Kind { network, local_socket, invalid };
  std::string text;
  Kind kind = Kind::invalid;
  std::vector<net::Endpoint> endpoints;  // network: what slapd binds for it
  std::string problem;                   // invalid: why slapd rejects it
};

// One URL as slapd reads it (scheme case-insensitive; nothing after the host part
// matters for binding).
SlapdUrl parse_slapd_url(std::string_view url);

struct SlapdServices {
  std::string variable;          // "SLAPD_SERVICES" or "SLAPD_URLS"
  bool set = false;              // false: slapd's built-in ldap:///
  Location where;                // the last assignment; {file, 0} when not set
  std::string value;             // as the shell sees it
  bool needs_expansion = false;  // $VAR or `cmd`: the URLs cannot be known
  bool unterminated = false;     // an unclosed quote: the shell cannot read the file
  std::vector<SlapdUrl> urls;
};

// Parses the fragment in `text`. The last assignment wins; SLAPD_SERVICES is used
// when present, else SLAPD_URLS. An empty value counts as not set (the init script
// then runs slapd without -h).
SlapdServices parse_slapd_defaults(std::string_view text, const std::string& file);

// Reads `path` in `tree` (throws fs::FileError) and lists slapd's endpoints and notes.
ServiceConfig read_slapd(const fs::Tree& tree, const std::string& path);

}  // namespace vs::config
