// Settings that belong to the whole application: interface language (applies at the next start,
// since widgets read their texts when built), theme (applies at once) and the sandbox's isolation
// for generated code (applies at once, also to jobs started afterwards), and how model weights are
// held in memory (applies to the next model loaded).
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
    QComboBox* isolationBox() const { return isolation_; }
    QComboBox* weightsBox() const { return weights_; }

    // The remembered sandbox isolation, handed to core (and through the environment to jobs).
    static void applyChosenIsolation();

    // The two choosers, shared with the first-run screen so both offer the same items.
    static QComboBox* makeLanguageBox(QWidget* parent);
    static QComboBox* makeThemeBox(QWidget* parent);
    static void saveChoices(QComboBox* language, QComboBox* theme);  // remembers both; applies the theme

private:
    QComboBox* language_;
    QComboBox* theme_;
    QComboBox* isolation_;
    QComboBox* weights_;
    QLabel* restartNote_;
};

}  // namespace ew::widgets
