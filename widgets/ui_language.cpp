#include "ui_language.h"

#include <QCoreApplication>
#include <QFileInfo>
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
    // The code of the file that matched (".../empower_workbench_de.qm" -> "de"), not the locale asked for.
    const QString base = QFileInfo(own->filePath()).completeBaseName();
    const QString used = base.mid(QString("empower_workbench_").size());
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
