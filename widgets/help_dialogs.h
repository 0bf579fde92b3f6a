// The Help menu's two dialogs: every keyboard shortcut of the workbench in one table (the menus'
// own shortcuts are read from their actions, so the list cannot drift), and About, with the
// versions of the workbench, Qt, libtorch and the loaded model.
#pragma once
#include <QDialog>
#include <QString>

class QMainWindow;

namespace ew::widgets {

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(QMainWindow* window);
    QString text() const { return text_; }  // the table as plain text (tests, copy)

private:
    QString text_;
};

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    AboutDialog(const QString& modelDescription, QWidget* parent = nullptr);
    QString text() const { return text_; }

private:
    QString text_;
};

}  // namespace ew::widgets
