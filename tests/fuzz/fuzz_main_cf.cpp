#include <cstdint>
#include <string_view>

#include "config/postfix.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto main = vs::config::postfix::parse_main_cf(text, "main.cf");
  for (const char* name : {"inet_interfaces", "inet_protocols", "myhostname"}) {
    const auto e = vs::config::postfix::expand(main, name);
    (void)vs::config::postfix::split_list(e.value);
  }
  for (const auto& [name, parameter] : main.parameters)
    (void)vs::config::postfix::expand(main, name);
  return 0;
}
