// The decision-point map drawn in an editor (issue 16 §1): a marker in the symbol margin on each
// line that holds a decision point, a thin underline under each decision token, its −log p, rank
// and the model's likelier tokens on hover, and next/previous navigation (F8 / Shift+F8). Only
// drawing and navigation live here; what the points are comes from empower/decision_map.h.
#pragma once
#include <QObject>
#include <QString>
#include <functional>
#include <vector>

class QsciScintilla;

namespace ew::widgets {

class DecisionMarks : public QObject {
    Q_OBJECT
public:
    struct Mark {
        long begin = 0, end = 0;  // UTF-8 byte range of the decision token
        std::size_t point = 0;    // handed to `describe` for its hover text
    };
    // A mark's hover text, made only when it is hovered (a drag of η shows thousands of marks per step).
    using Describe = std::function<QString(std::size_t point)>;

    explicit DecisionMarks(QsciScintilla* editor);

    // Replaces what is shown; ranges past the document's end are dropped.
    void show(std::vector<Mark> marks, Describe describe);
    void clear() { show({}, {}); }
    int count() const { return static_cast<int>(marks_.size()); }
    int markedLines() const;  // lines carrying the margin marker
    QString tooltipAt(long bytePosition) const;  // empty where no decision token is
    // Moves the caret to the start of the next (previous) decision token after (before) it; false
    // when there is none that way.
    bool goNext();
    bool goPrevious();

private:
    void showTooltip(int position, int x, int y);
    QsciScintilla* editor_;
    std::vector<Mark> marks_;  // by begin, ascending
    Describe describe_;
};

}  // namespace ew::widgets
