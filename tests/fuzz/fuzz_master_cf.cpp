// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "config/postfix.hpp"
#include "config/postfix_host.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  namespace postfix = vs::config::postfix;
  // The first line as master_service_disable's patterns, the rest as master.cf.
  const std::string_view first = text.substr(0, text.find('\n'));
  (void)postfix::parse_master_cf(text, "master.cf", postfix::split_list(first));
  const auto name = postfix::parse_service_name(first);
  (void)postfix::valid_hostname(name.host);
  (void)postfix::valid_hostaddr(name.host);
  (void)postfix::numeric_port(name.port);
  return 0;
}
