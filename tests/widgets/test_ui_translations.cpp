// Every user-visible string of the workbench goes through the translator, and German and
// Simplified Chinese translate all of them:
//  - a marking translator ("‹…›" around whatever tr() returns) finds texts that bypass tr():
//    the main window with all its docks and panels, the preferences, welcome, shortcuts and
//    about dialogs are walked and every text with words must carry the mark;
//  - with the real German and Chinese translations installed, no text a person sees equals an
//    English source text of the catalogue that has a different translation (a string translated
//    in the .ts but shown in English, e.g. read before the translator was installed);
//  - the language chosen in the settings is the one installUiTranslators() installs.
// (tests/i18n/check_translations.py checks the .ts files themselves against the sources.)
#include "app_theme.h"
#include "code_editor.h"
#include "help_dialogs.h"
#include "main_window.h"
#include "preferences_dialog.h"
#include "support/resource_paths.h"
#include "support/tiny_model.h"
#include "ui_language.h"
#include "welcome_dialog.h"

#include <Qsci/qsciscintilla.h>
#include <Qsci/qscilexer.h>
#include <QAbstractButton>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTranslator>
#include <QValueAxis>
#include <QXmlStreamReader>
#include <QtTest>

using namespace ew;

namespace {

// Marks every translation, so a text without the mark did not go through tr().
class MarkingTranslator : public QTranslator {
public:
    bool isEmpty() const override { return false; }
    QString translate(const char*, const char* source, const char*, int) const override {
        return QStringLiteral("‹") + QString::fromUtf8(source) + QStringLiteral("›");
    }
};

struct SeenText {
    QString text;
    QString where;
};

void add(QList<SeenText>& out, const QString& text, const QObject* owner, const char* what) {
    if (!text.trimmed().isEmpty()) out.push_back({text, QString("%1 %2 (%3)").arg(owner->metaObject()->className(), owner->objectName(), what)});
}

void collectMenu(QList<SeenText>& out, QMenu* menu) {
    add(out, menu->title(), menu, "menu title");
    for (auto* a : menu->actions()) {
        add(out, a->text(), menu, "action");
        if (a->toolTip() != a->text().remove('&')) add(out, a->toolTip(), menu, "action tooltip");
        if (a->menu()) collectMenu(out, a->menu());
    }
}

// The texts a person reads: labels, buttons, titles, placeholders, tooltips, menus, headers, tabs,
// combo items, chart titles. Not data: editor contents, file names, table cells, line-edit values.
QList<SeenText> visibleTexts(QWidget* root) {
    QList<SeenText> out;
    auto widgets = root->findChildren<QWidget*>();
    widgets.prepend(root);
    for (auto* w : widgets) {
        if (w->isWindow() || qobject_cast<QDockWidget*>(w)) add(out, w->windowTitle(), w, "title");
        add(out, w->toolTip(), w, "tooltip");
        if (auto* l = qobject_cast<QLabel*>(w)) add(out, l->text(), w, "label");
        if (auto* b = qobject_cast<QAbstractButton*>(w)) add(out, b->text(), w, "button");
        if (auto* g = qobject_cast<QGroupBox*>(w)) add(out, g->title(), w, "group");
        if (auto* e = qobject_cast<QLineEdit*>(w)) add(out, e->placeholderText(), w, "placeholder");
        if (auto* e = qobject_cast<QPlainTextEdit*>(w)) add(out, e->placeholderText(), w, "placeholder");
        if (auto* c = qobject_cast<QComboBox*>(w); c && !c->isEditable())
            for (int i = 0; i < c->count(); ++i) add(out, c->itemText(i), w, "combo item");
        if (auto* t = qobject_cast<QTabBar*>(w))
            for (int i = 0; i < t->count(); ++i) add(out, t->tabText(i), w, "tab");
        if (auto* t = qobject_cast<QTableWidget*>(w))
            for (int i = 0; i < t->columnCount(); ++i)
                if (auto* h = t->horizontalHeaderItem(i)) add(out, h->text(), w, "header");
        if (auto* m = qobject_cast<QMenuBar*>(w))
            for (auto* a : m->actions())
                if (a->menu()) collectMenu(out, a->menu());
        if (auto* v = qobject_cast<QChartView*>(w); v && v->chart()) {
            add(out, v->chart()->title(), w, "chart title");
            for (auto* axis : v->chart()->axes()) add(out, axis->titleText(), w, "axis title");
        }
    }
    return out;
}

// Words (two letters or more, any script) that are not only product names, units or symbols.
bool hasWords(const QString& text) {
    static const QRegularExpression word(R"(\p{L}{2,})");
    static const QStringList names = {"Empower", "Workbench", "Base", "nats", "bits", "ms", "Pass", "DPR", "CPU", "CUDA", "Qt",
                                      "libtorch", "Slurm", "Tab", "Esc", "Ctrl", "Alt", "Space", "Right", "Down", "Left", "log", "η", "N"};
    auto it = word.globalMatch(text);
    while (it.hasNext()) {
        const QString w = it.next().captured();
        if (!names.contains(w)) return true;
    }
    return false;
}

// source -> translation of every finished message in a .ts file.
QHash<QString, QString> catalogue(const QString& tsPath) {
    QHash<QString, QString> map;
    QFile f(tsPath);
    if (!f.open(QIODevice::ReadOnly)) return map;
    QXmlStreamReader xml(&f);
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        if (xml.name() == QLatin1String("source")) source = xml.readElementText();
        // A plural entry's translation holds <numerusform> children: read through them, or the reader stops there.
        else if (xml.name() == QLatin1String("translation")) map.insert(source, xml.readElementText(QXmlStreamReader::IncludeChildElements));
    }
    return map;
}

}  // namespace

class TestUiTranslations : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString modelDir_;

    // The main window and every dialog a user opens from its menus, built under the current translators.
    QList<SeenText> everythingVisible() {
        widgets::MainWindow window(QString::fromStdString((projects_dir() / "lava-trap").string()), modelDir_, nullptr,
                                   tmp_.path() + "/workspace.sqlite");
        window.show();
        QList<SeenText> texts = visibleTexts(&window);
        widgets::PreferencesDialog preferences(&window);
        texts += visibleTexts(&preferences);
        widgets::WelcomeDialog welcome(QString(), &window);
        texts += visibleTexts(&welcome);
        widgets::ShortcutsDialog shortcuts(&window);
        texts += visibleTexts(&shortcuts);
        widgets::AboutDialog about(QString(), &window);
        texts += visibleTexts(&about);
        return texts;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        modelDir_ = tmp_.path() + "/tiny";
        testing::write_tiny_model_dir(modelDir_.toStdString());
    }

    void everyVisibleTextGoesThroughTheTranslator() {
        widgets::installUiTranslators("en");
        MarkingTranslator marking;
        QCoreApplication::installTranslator(&marking);
        const auto texts = everythingVisible();
        QCoreApplication::removeTranslator(&marking);
        QVERIFY(texts.size() > 200);  // the walk really reached the panels
        // Not for translation: each language's own name, and data (file names, project paths).
        QStringList data;
        for (const auto& l : widgets::availableUiLanguages()) data << l.nativeName;
        const QString project = QString::fromStdString((projects_dir() / "lava-trap").string());
        QStringList bypassing;
        for (const auto& t : texts) {
            // An absolute path is data even when it no longer exists: Recent Projects lists folders from
            // earlier runs (the settings persist between test runs; a CI clone's folder is gone later).
            const bool isData = data.contains(t.text) || QDir::isAbsolutePath(t.text) || QFileInfo::exists(project + "/" + t.text);
            if (!t.text.contains(QStringLiteral("‹")) && hasWords(t.text) && !isData) bypassing << t.where + ": " + t.text;
        }
        bypassing.removeDuplicates();
        QVERIFY2(bypassing.isEmpty(), qPrintable("texts that bypass tr():\n" + bypassing.join('\n')));
    }

    void germanAndChineseLeaveNothingInEnglish_data() {
        QTest::addColumn<QString>("code");
        QTest::newRow("German") << "de";
        QTest::newRow("Simplified Chinese") << "zh_CN";
    }

    void germanAndChineseLeaveNothingInEnglish() {
        QFETCH(QString, code);
        QCOMPARE(widgets::installUiTranslators(code), code);
        const auto english = catalogue(QStringLiteral(EW_SOURCE_DIR "/i18n/empower_workbench_") + code + ".ts");
        QVERIFY(english.size() > 300);
        const auto texts = everythingVisible();
        widgets::installUiTranslators("en");
        QStringList untranslated;
        for (const auto& t : texts) {
            const auto it = english.find(t.text);
            if (it != english.end() && !it->isEmpty() && *it != t.text) untranslated << t.where + ": " + t.text;
        }
        untranslated.removeDuplicates();
        QVERIFY2(untranslated.isEmpty(), qPrintable("shown in English although translated:\n" + untranslated.join('\n')));
    }

    void theLanguageInTheSettingsIsTheOneInstalled() {
        widgets::setChosenUiLanguage("de");
        QCOMPARE(widgets::installUiTranslators(widgets::chosenUiLanguage()), QString("de"));
        QCOMPARE(QCoreApplication::translate("ew::widgets::MainWindow", "&File"), QString("&Datei"));
        widgets::setChosenUiLanguage("zh_CN");
        QCOMPARE(widgets::installUiTranslators(widgets::chosenUiLanguage()), QString("zh_CN"));
        QCOMPARE(QCoreApplication::translate("ew::widgets::MainWindow", "&File"), QString::fromUtf8("文件(&F)"));
        QCOMPARE(widgets::installUiTranslators("en"), QString("en"));
        QCOMPARE(QCoreApplication::translate("ew::widgets::MainWindow", "&File"), QString("&File"));
        widgets::setChosenUiLanguage(QString());
    }

    void theDarkThemeReachesTheEditorAndCharts() {
        widgets::applyTheme("dark");
        QVERIFY(widgets::isDarkPalette());
        widgets::MainWindow window(QString::fromStdString((projects_dir() / "lava-trap").string()), modelDir_, nullptr,
                                   tmp_.path() + "/workspace.sqlite");
        window.show();
        auto* editor = window.currentEditor();
        QVERIFY(editor);
        // What a person sees: the editor's pixels right of the code, where only the paper shows.
        auto paperLightness = [editor] {
            const QImage shot = editor->viewport()->grab().toImage();
            return shot.pixelColor(shot.width() - 20, shot.height() / 2).lightness();
        };
        QVERIFY2(paperLightness() < 128, "the editor is not dark under the dark theme");
        QVERIFY(editor->lexer()->paper(0).lightness() < 128);
        for (auto* chart : window.findChildren<QChartView*>()) QVERIFY(chart->chart()->backgroundBrush().color().lightness() < 128);
        widgets::applyTheme("light");
        QVERIFY(!widgets::isDarkPalette());
        QVERIFY2(paperLightness() >= 128, "the editor did not follow the theme back to light");  // at once, no restart
        QVERIFY(editor->lexer()->paper(0).lightness() >= 128);
    }
};

QTEST_MAIN(TestUiTranslations)
#include "test_ui_translations.moc"
