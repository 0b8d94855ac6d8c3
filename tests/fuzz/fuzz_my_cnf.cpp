// SPDX-License-Identifier: GPL-3.0-or-later
// The option file parser, then my_getopt's reading of each option it yields (names,
// prefixes, numbers, booleans), on any bytes.
#include <cstdint>
#include <string_view>

#include "config/mysql.hpp"
#include "config/mysql_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  vs::config::visit_option_file(text, "my.cnf", [](const vs::config::OptionFileItem& item) {
    (void)vs::config::server_group(item.group);
    (void)vs::config::server_option(item.name, item.value);
    const std::string_view value = item.value ? std::string_view(*item.value) : item.name;
    (void)vs::config::port_value(value, vs::config::ServerOption::port);
    (void)vs::config::server_bool(value);
    return true;
  });
  return 0;
}
