// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "config/postfix.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto main = vs::config::postfix::parse_main_cf(text, "main.cf");
  namespace postfix = vs::config::postfix;
  const postfix::Defaults daemon{.machine_name = "vs1"};
  const postfix::Defaults postconf{.evaluator = postfix::Evaluator::postconf};
  for (const char* name :
       {"inet_interfaces", "inet_protocols", "myhostname", "mydomain", "known_tcp_ports"}) {
    const auto e = postfix::expand(main, name);
    (void)postfix::split_list(e.value);
    (void)postfix::parse_known_tcp_ports(postfix::expand(main, name, daemon).value);
    (void)postfix::expand(main, name, postconf);
  }
  for (const auto& [name, parameter] : main.parameters)
    (void)vs::config::postfix::expand(main, name);
  return 0;
}
