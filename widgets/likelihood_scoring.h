// Scores a continuation after a prefix on the model worker's thread and shows the tokens in a
// likelihood view — what the main window does for the text after the caret and the episode viewer
// for a step's suggestion. The result is dropped if the view went away or `stillWanted` (asked on
// the UI thread when the result arrives) says the user has moved on.
#pragma once
#include <QPointer>
#include <QString>
#include <functional>
#include <memory>
#include <string>

namespace ew::lm {
class TransformerLanguageModel;
}

namespace ew::widgets {

class LikelihoodView;
class ModelWorker;

struct LikelihoodScoring {
    std::string prefix, continuation;
    std::size_t max_tokens = 0;  // untyped tokens; 0: as many as fit the context
    QString empty_message;       // shown when the continuation has no tokens
};

void scoreIntoView(ModelWorker* worker, const QString& jobKind, std::shared_ptr<lm::TransformerLanguageModel> model,
                   LikelihoodScoring what, LikelihoodView* view, std::function<bool()> stillWanted,
                   std::function<void()> shown = {});

}  // namespace ew::widgets
