#include "message_bar.h"

namespace ew::widgets {

MessageBar::MessageBar(QWidget* parent) : QLabel(parent) {
    setObjectName("messageBar");
    setWordWrap(true);
    setTextFormat(Qt::PlainText);  // error texts hold paths and file contents, never markup
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setStyleSheet("QLabel#messageBar { background: #fdecea; color: #611a15; border: 1px solid #f5c6cb; "
                  "border-radius: 3px; padding: 4px; }");
    hide();
}

void MessageBar::showError(const QString& origin, const QString& message) {
    origin_ = origin;
    setText(message);
    setToolTip(message);
    show();
}

void MessageBar::clearError(const QString& origin) {
    if (origin_ == origin && !text().isEmpty()) clearAll();
}

void MessageBar::clearAll() {
    origin_.clear();
    clear();
    setToolTip({});
    hide();
}

}  // namespace ew::widgets
