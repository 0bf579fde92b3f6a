#include "app_theme.h"

#include <QApplication>
#include <QChart>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QDir>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace ew::widgets {

namespace {

// The platform's own style and palette, captured before the first theme change, so "light" and a
// desktop that turns light again restore exactly what the platform gave.
struct PlatformLook {
    QString style;
    QPalette palette;
};
const PlatformLook& platformLook() {
    static const PlatformLook look{qApp->style() ? qApp->style()->name() : QString(), QApplication::palette()};
    return look;
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(224, 224, 224), disabled(128, 128, 128), highlight(42, 130, 218);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(52, 52, 56));
    p.setColor(QPalette::ToolTipBase, QColor(60, 60, 64));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(255, 90, 90));
    p.setColor(QPalette::Link, QColor(100, 170, 240));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(70, 70, 74));
    p.setColor(QPalette::Midlight, QColor(60, 60, 64));
    p.setColor(QPalette::Mid, QColor(40, 40, 42));
    p.setColor(QPalette::Dark, QColor(25, 25, 27));
    p.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(80, 80, 80));
    return p;
}

// org.freedesktop.appearance color-scheme: 0 no preference, 1 prefer dark, 2 prefer light.
// A plain method call with a short timeout: no introspection, so a missing portal costs at most that.
int portalColorScheme() {
    auto bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) return -1;
    auto call = QDBusMessage::createMethodCall("org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                                               "org.freedesktop.portal.Settings", "Read");
    call << QString("org.freedesktop.appearance") << QString("color-scheme");
    const QDBusMessage reply = bus.call(call, QDBus::Block, 500);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty()) return -1;
    QVariant v = reply.arguments().first();
    // Read() wraps the value in one more variant (two, on some portal versions).
    while (v.userType() == qMetaTypeId<QDBusVariant>()) v = v.value<QDBusVariant>().variant();
    bool ok = false;
    const int scheme = v.toInt(&ok);
    return ok ? scheme : -1;
}

int lightness(const QString& rgb) {
    const auto parts = rgb.split(',');
    if (parts.size() < 3) return -1;
    return QColor(parts[0].trimmed().toInt(), parts[1].trimmed().toInt(), parts[2].trimmed().toInt()).lightness();
}

}  // namespace

QString chosenTheme() {
    const QString t = QSettings().value("ui/theme", "auto").toString();
    return t == "light" || t == "dark" ? t : "auto";
}

void setChosenTheme(const QString& theme) { QSettings().setValue("ui/theme", theme); }

bool desktopPrefersDark() {
    const QByteArray forced = qgetenv("EW_DESKTOP_THEME");  // tests and screenshots: "dark"/"light"
    if (!forced.isEmpty()) return forced == "dark";
    const int scheme = portalColorScheme();
    if (scheme == 1) return true;
    if (scheme == 2) return false;
    if (qEnvironmentVariable("GTK_THEME").endsWith(":dark", Qt::CaseInsensitive)) return true;
    const QSettings kde(QDir::homePath() + "/.config/kdeglobals", QSettings::IniFormat);
    const int kdeWindow = lightness(kde.value("Colors:Window/BackgroundNormal").toString());
    if (kdeWindow >= 0) return kdeWindow < 128;
    return platformLook().palette.color(QPalette::Window).lightness() < 128;
}

bool isDarkPalette() { return QApplication::palette().color(QPalette::Window).lightness() < 128; }

void applyTheme(const QString& theme) {
    const auto& platform = platformLook();
    const bool dark = theme == "dark" || (theme == "auto" && desktopPrefersDark());
    if (dark) {
        // Fusion draws every control from the palette; native styles would ignore parts of it.
        QApplication::setStyle(QStyleFactory::create("Fusion"));
        QApplication::setPalette(darkPalette());
    } else {
        if (!platform.style.isEmpty()) QApplication::setStyle(QStyleFactory::create(platform.style));
        QApplication::setPalette(platform.palette);
    }
    emit ThemeNotifier::instance()->themeApplied();
}

ThemeNotifier* ThemeNotifier::instance() {
    static ThemeNotifier* notifier = new ThemeNotifier(qApp);  // lives as long as the application
    return notifier;
}

void styleChart(QChart* chart) {
    const bool dark = isDarkPalette();
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(QApplication::palette().color(QPalette::Base));
}

DesktopThemeWatcher::DesktopThemeWatcher(QObject* parent) : QObject(parent) {
    QDBusConnection::sessionBus().connect("org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                                          "org.freedesktop.portal.Settings", "SettingChanged", this,
                                          SLOT(onPortalSettingChanged(QString, QString, QDBusVariant)));
}

void DesktopThemeWatcher::onPortalSettingChanged(const QString& group, const QString& key, const QDBusVariant&) {
    if (group == "org.freedesktop.appearance" && key == "color-scheme" && chosenTheme() == "auto") applyTheme("auto");
}

}  // namespace ew::widgets
