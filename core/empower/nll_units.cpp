#include "empower/nll_units.h"

#include <numbers>

namespace ew::empower {

const char* unit_name(NllUnit unit) { return unit == NllUnit::Bits ? "bits" : "nats"; }

std::optional<NllUnit> parse_unit(std::string_view name) {
    if (name == "nats" || name == "nat") return NllUnit::Nats;
    if (name == "bits" || name == "bit") return NllUnit::Bits;
    return std::nullopt;
}

double to_nats(double value, NllUnit unit) { return unit == NllUnit::Bits ? value * std::numbers::ln2 : value; }
double from_nats(double nats, NllUnit unit) { return unit == NllUnit::Bits ? nats / std::numbers::ln2 : nats; }

}  // namespace ew::empower
