// SPDX-License-Identifier: MIT
#pragma once

#include "export/leadexporter.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QWaitCondition>

#include <optional>

class QThread;
struct sqlite3;

/*!
    The export dialog's counts and preflight, on a thread of their own with their own read-only
    connection: at 1,000,000 leads the preflight is one full scan (about 1.2 s), too long for
    the GUI thread.

    Two kinds of work, queued separately: the row count of each scope (asked once, when the
    dialog opens) and the preflight of the current request (asked again on every scope,
    preset or guard change). A preflight asked while an older one runs interrupts it
    (sqlite3_interrupt is safe from any thread) and replaces it; a count is never interrupted
    by a preflight. Each answer carries the generation it was asked with, so the receiver can
    drop one that a newer question made stale. Answers arrive on the thread that owns the
    object. The destructor interrupts whatever runs (a count too) and waits for the thread.
*/
class ExportPreflight final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportPreflight)

public:
    explicit ExportPreflight(const QString &databasePath, QObject *parent = nullptr);
    ~ExportPreflight() override;

    /// Counts the rows each filter selects; countsReady() gives them under the same keys.
    quint64 count(const QHash<int, LeadFilter> &filters);
    /// Checks \a request (LeadExporter::preflight); replaces any older preflight.
    quint64 check(const LeadExporter::Request &request);

Q_SIGNALS:
    /// A count that failed is -1, with \a error.
    void countsReady(quint64 generation, const QHash<int, qint64> &counts, const QString &error);
    void checked(quint64 generation, const QList<ExportWarning> &warnings, const QString &error);

private:
    struct CountJob
    {
        quint64 generation = 0;
        QHash<int, LeadFilter> filters;
    };
    struct CheckJob
    {
        quint64 generation = 0;
        LeadExporter::Request request;
    };
    void run();

    const QString m_databasePath;
    const QString m_connectionName;
    QThread *m_thread = nullptr;

    QMutex m_mutex;
    QWaitCondition m_wake;
    quint64 m_generation = 0;
    std::optional<CountJob> m_counts;
    std::optional<CheckJob> m_check;
    sqlite3 *m_running = nullptr; ///< the connection while anything runs on it
    bool m_runningCheck = false; ///< what runs is a preflight (a newer one interrupts it)
    bool m_quit = false;
};
