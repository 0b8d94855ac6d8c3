#include <cstdint>
#include <string_view>

#include "config/postfix.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)vs::config::postfix::parse_master_cf(text, "master.cf");
  return 0;
}
