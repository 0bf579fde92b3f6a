// The model a study arm suggests with: a model directory on this machine (the bundled model when
// the design names none), or a model another machine serves (`server`, serve/remote_language_model.h).
// Arms naming the same one share it, so the key says which.
#pragma once
#include "lm/language_model.h"
#include "lm/load_options.h"
#include "study/study_design.h"

#include <memory>
#include <string>

namespace ew::widgets {

std::string armModelKey(const study::Arm& arm);
// Loads (or connects to) it; throws ew::Error with a one-line reason. Slow: call it off the UI thread.
std::shared_ptr<const lm::LanguageModel> loadArmModel(const study::Arm& arm, const lm::LoadOptions& options);

}  // namespace ew::widgets
