// A panel's visible error line: hidden while there is nothing to say, a tinted strip at the top of
// the panel otherwise (selectable, so a path can be copied). guarded() writes to it.
#pragma once
#include <QLabel>

namespace ew::widgets {

class MessageBar : public QLabel {
    Q_OBJECT
public:
    explicit MessageBar(QWidget* parent = nullptr);

    // `origin` is what was being done; clearError(origin) removes the message only if it is still
    // that one, so a later success elsewhere does not hide an unrelated error.
    void showError(const QString& origin, const QString& message);
    void clearError(const QString& origin);
    void clearAll();
    QString origin() const { return origin_; }

private:
    QString origin_;
};

}  // namespace ew::widgets
