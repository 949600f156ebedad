// SPDX-License-Identifier: MIT
#pragma once

#include "common/rawtext.h"
#include "models/deliverydetail.h"
#include "models/jsontreemodel.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

/// One delivery read for the inspector, with its body prepared for both of its views.
struct DeliveryInspection
{
    quint64 generation = 0;
    DeliveryDetail detail;
    JsonTreeModel::Parsed json; ///< the body parsed (not JSON: json.error says why)
    /// The body's first bytes as text that shows every byte (rawText()), at most
    /// DeliveryDetailLoader::RawTextLimit of them: a text view lays out a line of a few
    /// megabytes for seconds.
    RawText raw;
    QString error; ///< the store could not be read, or the body not decompressed
};
Q_DECLARE_METATYPE(DeliveryInspection)

/*!
    Reads deliveries for the inspector on its own thread and read-only connection: the query,
    the body's decompression (BodyCodec) and its parse (up to 64 MiB, seconds of work) never
    run on the GUI thread. Each load() starts a new generation; a result is delivered (loaded())
    only while its generation is the newest, so a selection that moved on never shows an
    older body, and a request that is already stale when the worker reaches it is skipped.
*/
class DeliveryDetailLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveryDetailLoader)

public:
    static constexpr qsizetype RawTextLimit = 64 * 1024;

    explicit DeliveryDetailLoader(QObject *parent = nullptr);
    ~DeliveryDetailLoader() override;

    /// The SQLite file to read; the worker opens it read-only (Database::Access::ReadOnly).
    void setDatabasePath(const QString &path);
    /// Starts reading \a deliveryId; returns its generation.
    quint64 load(qint64 deliveryId);
    /// Drops whatever is being read (a new generation with nothing to read).
    void cancel();
    quint64 generation() const { return m_latest->load(); }
    /// Releases \a parsed on the worker: freeing a document of many megabytes takes time too.
    void dispose(JsonTreeModel::Parsed parsed);

Q_SIGNALS:
    /// The newest load() has been read (or failed: inspection.error).
    void loaded(const DeliveryInspection &inspection);

private:
    class Worker;
    QThread m_thread;
    Worker *m_worker;
    const std::shared_ptr<std::atomic<quint64>> m_latest;
    QString m_path;
};
