// Replays a logged evaluation episode step by step (issue: the evaluation panel's episode viewer):
// the code as the simulated human saw it, the assistant's suggestion as ghost text in a read-only
// editor, the human's action (accept / reject / finish, kept text, deleted characters, tokens
// written), and the suggestion's tokens in the likelihood visualizer — scored off the UI thread
// by the run's likelihood model.
#pragma once
#include <functional>
#include "eval/episode.h"

#include <QString>
#include <QWidget>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace ew::widgets {

class CodeEditor;
class LikelihoodView;
class ModelStatus;
class ModelWorker;

class EpisodeViewer : public QWidget {
    Q_OBJECT
public:
    // `modelDir` empty: the bundled model scores the suggestions.
    EpisodeViewer(const QString& episodesPath, const QString& modelDir, QWidget* parent = nullptr);
    ~EpisodeViewer() override;

    bool loaded() const { return !episodes_.empty(); }
    QString loadError() const { return error_; }
    void showEpisode(int index);
    void showStep(int index);
    int episodeIndex() const { return episode_; }
    int stepIndex() const { return step_; }
    CodeEditor* editor() const { return editor_; }
    LikelihoodView* likelihood() const { return likelihood_; }
    QString stepDescription() const;

signals:
    void scored();  // the visualizer shows the current step's suggestion

private:
    void scoreSuggestion();
    std::function<void(const QString&)> reportToDetails();  // where slot errors go (guarded_call.h)

    std::vector<eval::Episode> episodes_;
    QString error_;
    int episode_ = -1, step_ = -1;
    QComboBox* episodeBox_;
    QListWidget* steps_;
    CodeEditor* editor_;
    QLabel* details_;
    QPushButton* prev_;
    QPushButton* next_;
    LikelihoodView* likelihood_;
    ModelStatus* model_;
    ModelWorker* worker_;
};

}  // namespace ew::widgets
