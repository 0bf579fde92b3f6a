// Light or dark: the user's choice (QSettings "ui/theme": "auto", "light", "dark"), where "auto"
// follows the desktop — the XDG desktop portal's color-scheme (GNOME, KDE and others publish it),
// else GTK_THEME's ":dark" suffix, else KDE's kdeglobals window colour — and keeps following it
// while the workbench runs (the portal announces changes).
#pragma once
#include <QObject>
#include <QString>

class QChart;
class QDBusVariant;

namespace ew::widgets {

QString chosenTheme();  // "auto", "light" or "dark"
void setChosenTheme(const QString& theme);
bool desktopPrefersDark();
bool isDarkPalette();  // what the application shows now

// Applies the theme to the running application: Fusion with a dark palette, or the platform's own
// palette. Widgets that paint with their own colours (editor, charts) follow the palette-change event.
void applyTheme(const QString& theme);

// Announces applyTheme(): widgets that paint with their own colours (QScintilla) re-colour on it.
// (Qt does not pass the application's palette on to a widget that set its own, as QScintilla does.)
class ThemeNotifier : public QObject {
    Q_OBJECT
public:
    static ThemeNotifier* instance();
    using QObject::QObject;
signals:
    void themeApplied();
};

// Colours a chart to match the current palette (Qt Charts does not follow the palette by itself).
void styleChart(QChart* chart);

// Re-applies "auto" when the desktop's preference changes. One per application.
class DesktopThemeWatcher : public QObject {
    Q_OBJECT
public:
    explicit DesktopThemeWatcher(QObject* parent = nullptr);
private slots:
    void onPortalSettingChanged(const QString& group, const QString& key, const QDBusVariant& value);
};

}  // namespace ew::widgets
