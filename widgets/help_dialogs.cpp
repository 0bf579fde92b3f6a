#include "help_dialogs.h"

#include "support/build_info.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ew::widgets {

ShortcutsDialog::ShortcutsDialog(QMainWindow* window) : QDialog(window) {
    setWindowTitle(tr("Keyboard Shortcuts"));
    QList<QPair<QString, QString>> rows;
    // From the menus: whatever shortcut an action has is listed under its menu's name.
    for (auto* menuAction : window->menuBar()->actions()) {
        auto* menu = menuAction->menu();
        if (!menu) continue;
        for (auto* a : menu->actions())
            if (!a->shortcut().isEmpty())
                rows.append({QString(menu->title()).remove('&') + " › " + QString(a->text()).remove('&'),
                             a->shortcut().toString(QKeySequence::NativeText)});
    }
    // Keys handled inside widgets rather than by menu actions.
    rows.append({tr("Editor › Accept suggestion"), tr("Tab")});
    rows.append({tr("Editor › Accept next word"), tr("Ctrl+Right")});
    rows.append({tr("Editor › Accept next line"), tr("Ctrl+Down")});
    rows.append({tr("Editor › Reject suggestion"), tr("Esc")});
    rows.append({tr("Episode viewer › Previous / next step"), tr("Alt+Left / Alt+Right")});
    rows.append({tr("Study session › Conductor pause / resume"), tr("Ctrl+Alt+P")});
    auto* table = new QTableWidget(static_cast<int>(rows.size()), 2, this);
    table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int r = 0; r < rows.size(); ++r) {
        table->setItem(r, 0, new QTableWidgetItem(rows[r].first));
        table->setItem(r, 1, new QTableWidgetItem(rows[r].second));
        text_ += rows[r].first + "\t" + rows[r].second + "\n";
    }
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(520, 420);
}

AboutDialog::AboutDialog(const QString& modelDescription, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("About Empower Workbench"));
    text_ = tr("Empower Workbench %1\nQt %2 (built with %3)\nlibtorch %4%5\nModel: %6")
                .arg(EW_VERSION, qVersion(), QT_VERSION_STR, QString::fromStdString(libtorch_version()),
                     libtorch_has_cuda() ? tr(" with CUDA") : tr(" (CPU)"),
                     modelDescription.isEmpty() ? tr("not loaded yet") : modelDescription);
    auto* label = new QLabel(text_ + tr("\n\nA research workbench for empowerment-maximizing code assistants: the assistant "
                                        "completes the obvious and stops at decision points."),
                             this);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(buttons);
}

}  // namespace ew::widgets
