#include "episode_viewer.h"

#include "code_editor.h"
#include "guarded_call.h"
#include "likelihood_scoring.h"
#include "eval/episode_log.h"
#include "likelihood_view.h"
#include "model_status.h"
#include "model_worker.h"
#include "support/resource_paths.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QVBoxLayout>

namespace ew::widgets {

namespace {

QString shortText(const std::string& s, int max = 40) {
    // Whitespace made visible: a suggestion of spaces is not an empty one.
    QString t = QString::fromStdString(s).replace('\n', QStringLiteral("⏎")).replace(' ', QStringLiteral("␣"));
    return t.size() > max ? t.left(max - 1) + "…" : t;
}

}  // namespace

EpisodeViewer::EpisodeViewer(const QString& episodesPath, const QString& modelDir, QWidget* parent)
    : QWidget(parent, Qt::Window), episodeBox_(new QComboBox(this)), steps_(new QListWidget(this)), editor_(new CodeEditor(this)),
      details_(new QLabel(this)), prev_(new QPushButton(tr("◀ Previous step"), this)), next_(new QPushButton(tr("Next step ▶"), this)),
      likelihood_(new LikelihoodView(this)), model_(new ModelStatus(this)), worker_(new ModelWorker(this)) {
    setWindowTitle(tr("Episodes — %1").arg(episodesPath));
    try {
        episodes_ = eval::read_episode_log(episodesPath.toStdString());
    } catch (const std::exception& e) {
        error_ = QString::fromUtf8(e.what());
    }
    editor_->setReadOnly(true);
    details_->setWordWrap(true);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    likelihood_->setSource(LikelihoodView::Source::Suggestion);
    likelihood_->setSourceSelectable(false);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Episode:"), this));
    top->addWidget(episodeBox_, 1);
    top->addWidget(prev_);
    top->addWidget(next_);
    auto* centre = new QWidget(this);
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->addWidget(editor_, 3);
    centreLayout->addWidget(details_);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(steps_);
    split->addWidget(centre);
    split->setStretchFactor(1, 4);
    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(split);
    vertical->addWidget(likelihood_);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(vertical, 1);

    for (const auto& e : episodes_)
        episodeBox_->addItem(QString("%1 — %2 — %3/%4 accepted, %5 steps")
                                 .arg(QString::fromStdString(e.problem), e.passed ? tr("passed") : tr("failed"))
                                 .arg(e.accepted)
                                 .arg(e.suggestions_shown)
                                 .arg(e.steps.size()));
    connect(episodeBox_, &QComboBox::currentIndexChanged, this, guard(reportToDetails(), {}, [this](int i) { showEpisode(i); }));
    connect(steps_, &QListWidget::currentRowChanged, this, guard(reportToDetails(), {}, [this](int row) {
        if (row >= 0 && row != step_) showStep(row);
    }));
    connect(prev_, &QPushButton::clicked, this, guard(reportToDetails(), {}, [this] { showStep(step_ - 1); }));
    connect(next_, &QPushButton::clicked, this, guard(reportToDetails(), {}, [this] { showStep(step_ + 1); }));
    connect(new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Left), this), &QShortcut::activated, prev_, &QPushButton::click);
    connect(new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Right), this), &QShortcut::activated, next_, &QPushButton::click);
    connect(model_, &ModelStatus::loaded, this, guard(reportToDetails(), {}, [this] { scoreSuggestion(); }));
    connect(model_, &ModelStatus::failed, this, guard(reportToDetails(), {}, [this](const QString& m) { likelihood_->clearTokens(tr("Model: %1").arg(m)); }));
    model_->load(modelDir.isEmpty() ? QString::fromStdString(default_model_dir().string()) : modelDir);

    if (!error_.isEmpty()) {
        details_->setText(error_);
        likelihood_->clearTokens(error_);
    } else if (episodes_.empty()) {
        details_->setText(tr("The log holds no episodes yet."));
    } else {
        showEpisode(0);
    }
    resize(1100, 800);
}

EpisodeViewer::~EpisodeViewer() = default;

std::function<void(const QString&)> EpisodeViewer::reportToDetails() {
    return [this](const QString& message) { details_->setText(message.toHtmlEscaped()); };
}

void EpisodeViewer::showEpisode(int index) {
    if (index < 0 || index >= static_cast<int>(episodes_.size())) return;
    episode_ = index;
    if (episodeBox_->currentIndex() != index) episodeBox_->setCurrentIndex(index);
    const auto& e = episodes_[static_cast<std::size_t>(index)];
    QSignalBlocker block(steps_);
    steps_->clear();
    for (const auto& s : e.steps) {
        QString line = tr("Round %1 · %2").arg(s.round).arg(eval::to_string(s.action));
        if (!s.suggestion.empty()) line += " · " + shortText(s.suggestion, 24);
        steps_->addItem(line);
    }
    step_ = -1;
    showStep(0);
}

void EpisodeViewer::showStep(int index) {
    if (episode_ < 0) return;
    const auto& e = episodes_[static_cast<std::size_t>(episode_)];
    if (index < 0 || index >= static_cast<int>(e.steps.size())) return;
    step_ = index;
    steps_->setCurrentRow(index);
    const auto& s = e.steps[static_cast<std::size_t>(index)];
    editor_->clearGhostText();
    editor_->setText(QString::fromStdString(eval::code_before_step(e, static_cast<std::size_t>(index))));
    editor_->SendScintilla(QsciScintillaBase::SCI_DOCUMENTEND);
    editor_->SendScintilla(QsciScintillaBase::SCI_SCROLLCARET);
    if (!s.suggestion.empty()) editor_->showGhostText(QString::fromStdString(s.suggestion));
    details_->setText(stepDescription());
    prev_->setEnabled(index > 0);
    next_->setEnabled(index + 1 < static_cast<int>(e.steps.size()));
    scoreSuggestion();
}

QString EpisodeViewer::stepDescription() const {
    if (episode_ < 0 || step_ < 0) return {};
    const auto& e = episodes_[static_cast<std::size_t>(episode_)];
    const auto& s = e.steps[static_cast<std::size_t>(step_)];
    QStringList parts;
    parts << tr("<b>Round %1 of %2</b>").arg(s.round).arg(e.steps.size());
    if (s.suggestion.empty()) parts << tr("no suggestion shown");
    else parts << tr("suggestion of %1 tokens (read)").arg(s.tokens_read);
    parts << tr("human: <b>%1</b>").arg(eval::to_string(s.action));
    if (s.action == eval::HumanAction::Accept)
        parts << tr("kept %1 characters, deleted %2").arg(QString::fromStdString(s.kept).size()).arg(s.deleted_chars);
    if (!s.written.empty())
        parts << tr("then wrote %1 tokens: <code>%2</code>").arg(s.tokens_written).arg(shortText(s.written).toHtmlEscaped());
    QString text = parts.join(" · ");
    // How the episode's chat prompts were rendered (instruct assistant, LLM human).
    if (!e.assistant_prompt.empty()) text += "<br>" + tr("Assistant prompts: %1").arg(QString::fromStdString(e.assistant_prompt).toHtmlEscaped());
    if (!e.human_prompt.empty()) text += "<br>" + tr("Human prompts: %1").arg(QString::fromStdString(e.human_prompt).toHtmlEscaped());
    return text;
}

void EpisodeViewer::scoreSuggestion() {
    auto model = model_->model();
    if (episode_ < 0 || step_ < 0) return;
    const auto& e = episodes_[static_cast<std::size_t>(episode_)];
    const auto& s = e.steps[static_cast<std::size_t>(step_)];
    if (s.suggestion.empty()) {
        likelihood_->clearTokens(tr("No suggestion at this step."));
        return;
    }
    if (!model) {
        likelihood_->clearTokens(tr("Loading the likelihood model…"));
        return;
    }
    const int step = step_, episode = episode_;
    QPointer<EpisodeViewer> self(this);
    scoreIntoView(
        worker_, "score-episode-step", model, {eval::code_before_step(e, static_cast<std::size_t>(step_)), s.suggestion, 0, QString()},
        likelihood_, [self, step, episode] { return self && self->step_ == step && self->episode_ == episode; },
        [self] { emit self->scored(); });
}

}  // namespace ew::widgets
