#include "support/local_slurm.h"

#include <QProcess>

namespace ew::testing {

namespace {
QString script() { return QStringLiteral(EW_TEST_SOURCE_DIR "/cluster/local_slurm.sh"); }
}  // namespace

LocalSlurm::LocalSlurm() {
    QProcess start;
    start.start("bash", {script(), "start", dir_.path()});
    if (!start.waitForFinished(60000)) {
        error_ = "local_slurm.sh start did not finish in 60 s";
        return;
    }
    const QString err = QString::fromUtf8(start.readAllStandardError()).trimmed();
    if (start.exitCode() == 77) {
        skipReason_ = err;
        return;
    }
    if (start.exitCode() != 0) {
        error_ = "local_slurm.sh start failed: " + err;
        return;
    }
    qputenv("SLURM_CONF", start.readAllStandardOutput().trimmed());
}

LocalSlurm::~LocalSlurm() { QProcess::execute("bash", {script(), "stop", dir_.path()}); }

}  // namespace ew::testing
