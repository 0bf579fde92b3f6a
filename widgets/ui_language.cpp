#include "ui_language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>
#include <memory>
#include <vector>

namespace ew::widgets {

namespace {

// Installed translators live until replaced; QCoreApplication keeps only raw pointers.
std::vector<std::unique_ptr<QTranslator>>& installed() {
    static std::vector<std::unique_ptr<QTranslator>> translators;
    return translators;
}

}  // namespace

QList<UiLanguage> availableUiLanguages() {
    return {{"en", "English"}, {"de", "Deutsch"}, {"zh_CN", QString::fromUtf8("简体中文")}};
}

QString chosenUiLanguage() { return QSettings().value("ui/language").toString(); }

void setChosenUiLanguage(const QString& code) { QSettings().setValue("ui/language", code); }

QString installUiTranslators(const QString& code) {
    for (auto& t : installed()) QCoreApplication::removeTranslator(t.get());
    installed().clear();

    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    auto own = std::make_unique<QTranslator>();
    // Embedded by qt_add_translations under :/i18n; QTranslator::load(locale, ...) tries de_DE, de, …
    if (!own->load(locale, "empower_workbench", "_", ":/i18n")) return "en";
    const QString used = own->language().isEmpty() ? locale.name() : own->language();
    QCoreApplication::installTranslator(own.get());
    installed().push_back(std::move(own));
    // Qt's own strings (button boxes, file dialogs) come from the system's qt6-translations package.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        installed().push_back(std::move(qt));
    }
    return used;
}

}  // namespace ew::widgets
