#include <cstdint>
#include <string_view>

#include "config/slapd.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)vs::config::parse_slapd_defaults(text, "slapd");
  (void)vs::config::parse_slapd_url(text);
  return 0;
}
