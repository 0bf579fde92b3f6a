// The interface language: which translations the workbench embeds, which one the user chose
// (QSettings "ui/language"; empty = follow the system locale), and installing the translators.
// Translators must be installed before the first widget is built: widgets read tr() once, when they
// are constructed, so a change of language takes effect at the next start.
#pragma once
#include <QList>
#include <QString>

class QCoreApplication;

namespace ew::widgets {

struct UiLanguage {
    QString code;        // "en", "de", "zh_CN"
    QString nativeName;  // the language's name in itself, so anyone can find their own
};

QList<UiLanguage> availableUiLanguages();
QString chosenUiLanguage();  // "" = system
void setChosenUiLanguage(const QString& code);

// Installs the workbench's translation and Qt's own (standard buttons, dialogs) for `code`, or for
// the system locale when `code` is empty, replacing any installed before. Returns the code in use
// ("en" when nothing matched: English is the source language and needs no translator).
QString installUiTranslators(const QString& code);

}  // namespace ew::widgets
