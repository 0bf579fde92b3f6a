// One colour scale for token surprise (−log p in nats), shared by the chips, the legend and the
// whole-file colouring, so a colour means the same thing everywhere.
#pragma once
#include <QColor>

namespace ew::widgets {

// 0 nats (certain) is green, kNllScaleMax nats and above is red, through yellow.
inline constexpr double kNllScaleMax = 8.0;
QColor nllColour(double nllNats);

}  // namespace ew::widgets
