// Units of negative log-likelihood. Models produce natural logs (nats); η may be given in bits.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace ew::empower {

enum class NllUnit { Nats, Bits };

const char* unit_name(NllUnit unit);                      // "nats" / "bits"
std::optional<NllUnit> parse_unit(std::string_view name);  // accepts "nats", "nat", "bits", "bit"
double to_nats(double value, NllUnit unit);
double from_nats(double nats, NllUnit unit);

}  // namespace ew::empower
