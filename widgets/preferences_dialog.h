// Settings that belong to the whole application: interface language (applies at the next start,
// since widgets read their texts when built) and theme (applies at once).
#pragma once
#include <QDialog>

class QComboBox;
class QLabel;

namespace ew::widgets {

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget* parent = nullptr);
    QComboBox* languageBox() const { return language_; }
    QComboBox* themeBox() const { return theme_; }

    // The two choosers, shared with the first-run screen so both offer the same items.
    static QComboBox* makeLanguageBox(QWidget* parent);
    static QComboBox* makeThemeBox(QWidget* parent);
    static void saveChoices(QComboBox* language, QComboBox* theme);  // remembers both; applies the theme

private:
    QComboBox* language_;
    QComboBox* theme_;
    QLabel* restartNote_;
};

}  // namespace ew::widgets
