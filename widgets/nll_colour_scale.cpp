#include "nll_colour_scale.h"

#include <algorithm>

namespace ew::widgets {

QColor nllColour(double nll) {
    const double t = std::clamp(nll / kNllScaleMax, 0.0, 1.0);
    // Light tints so that dark text stays readable on every chip.
    return QColor::fromHsvF(static_cast<float>((1.0 - t) * 120.0 / 360.0), 0.45f, 0.97f);
}

}  // namespace ew::widgets
