#include "arm_model.h"

#include "lm/model_registry.h"
#include "support/error.h"
#include "support/resource_paths.h"
#ifdef EW_WITH_SERVE
#include "serve/remote_language_model.h"
#endif

namespace ew::widgets {

std::string armModelKey(const study::Arm& arm) {
    if (!arm.server.empty()) return "served:" + arm.server;
    return arm.model.empty() ? default_model_dir().string() : arm.model;
}

std::shared_ptr<const lm::LanguageModel> loadArmModel(const study::Arm& arm, const lm::LoadOptions& options) {
    if (arm.server.empty()) return lm::load_shared_model(armModelKey(arm), options);  // the main window's copy when it is the same
#ifdef EW_WITH_SERVE
    return serve::connect_remote_model(arm.server, arm.api_key_file.empty() ? std::string() : serve::read_api_key_file(arm.api_key_file));
#else
    throw Error("arm \"" + arm.name + "\" takes its model from " + arm.server + ", and this build has no HTTP (EW_WITH_SERVE=OFF)");
#endif
}

}  // namespace ew::widgets
