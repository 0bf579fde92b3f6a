// A private single-node Slurm for one test (tests/cluster/local_slurm.sh: munged, slurmctld and
// slurmd in a scratch folder under /tmp), started by the constructor with SLURM_CONF pointing at
// it and stopped by the destructor. Where the machine cannot run one (no Slurm installed, no
// munge), available() is false and skipReason() says why, for QSKIP.
#pragma once
#include <QString>
#include <QTemporaryDir>

namespace ew::testing {

class LocalSlurm {
public:
    LocalSlurm();
    ~LocalSlurm();
    LocalSlurm(const LocalSlurm&) = delete;
    LocalSlurm& operator=(const LocalSlurm&) = delete;

    bool available() const { return error_.isEmpty() && skipReason_.isEmpty(); }
    const QString& skipReason() const { return skipReason_; }
    const QString& error() const { return error_; }  // the script failed on a machine that should run it

private:
    QTemporaryDir dir_{"/tmp/ew-slurm-XXXXXX"};  // under /tmp: munged (user munge) must reach its socket
    QString skipReason_, error_;
};

}  // namespace ew::testing
