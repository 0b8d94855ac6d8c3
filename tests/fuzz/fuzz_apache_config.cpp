#include <cstdint>
#include <string_view>

#include "config/apache.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)vs::config::apache::parse_apache(text, "apache2.conf");
  (void)vs::config::apache::parse_envvars(text);
  return 0;
}
