// The first-run screen: what the workbench is in three lines, the sample projects that come with
// it, the bundled model they open with, and the language and theme. Shown once (QSettings
// "ui/welcomed"); Help → Welcome brings it back.
#pragma once
#include <QDialog>

class QComboBox;
class QLabel;
class QListWidget;

namespace ew::widgets {

class WelcomeDialog : public QDialog {
    Q_OBJECT
public:
    WelcomeDialog(const QString& modelDescription, QWidget* parent = nullptr);
    QString chosenProject() const { return project_; }  // empty: keep what is open
    QListWidget* projectList() const { return projects_; }
    void setModelDescription(const QString& description);  // the model finished loading meanwhile

    static bool shouldShowAtStart();
    static void markShown();

private:
    QListWidget* projects_;
    QLabel* model_;
    QComboBox* language_;
    QComboBox* theme_;
    QString project_;
};

}  // namespace ew::widgets
