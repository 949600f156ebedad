// SPDX-License-Identifier: MIT
#pragma once

#include "common/verdict.h"
#include "store/projectionstate.h"

#include <QAbstractTableModel>
#include <QByteArray>
#include <QSqlDatabase>

#include <optional>

class QSqlQuery;

/// One delivery with everything the inspector shows.
struct DeliveryDetail
{
    qint64 id = 0;
    qint64 receivedAtMs = 0;
    QString peer;
    QString method;
    QString path;
    QString headers; ///< "Name: value" lines, signature redacted by the store
    QByteArray body;
    qint64 bodySize = 0;
    int status = 0;
    Verdict verdict = Verdict::Unknown;
    QString verdictName; ///< as stored (shown as is, also when this build does not know it)
    bool verified = false;
    QString eventId;
    QString eventType;
    qint64 leadCount = 0;
    QString detail;
    QString activityJson; ///< events.activity for the smaller events, pretty-printed; or empty
    /// For a delivery that brought an event: how far the projector got with it (events.projection,
    /// "pending", "projected" or "failed") and, if it failed, why.
    std::optional<ProjectionState> projection; ///< unset for deliveries without an event row
    QString projectionError;
    qint64 repeatCount = 1; ///< a burst of alike rejections kept as this one row
    qint64 lastSeenMs = 0; ///< when the last of the burst arrived; 0 for a single request
    QString forwardedFor; ///< the client a tunnel in front named, or empty

    /// The header lines as shown: each escaped (logSafe()), so that a control character in a
    /// value can neither break a line nor forge one. headers stays as stored.
    QString displayHeaders() const;
};

/*!
    Every request the endpoint answered, newest first, loaded in pages (canFetchMore /
    fetchMore) so a long history costs nothing until scrolled. refresh() prepends what arrived
    since (one beginInsertRows), never a reset, and updates the count of a burst that grew
    (dataChanged for its row). No bodies in the model: detail() loads one. Text from requests
    (event type and id, peer, client) is shown escaped (logSafe()); RawValueRole gives it as
    stored.
*/
class DeliveryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveryModel)

public:
    /// What matters first: when, the answer, and why; then what it was and where it came from.
    /// Count: how many alike rejections the row stands for (a burst); Client: the address the
    /// tunnel in front forwarded, beside the socket's peer.
    enum Column {
        ReceivedAt,
        Status,
        Verdict,
        Count,
        EventType,
        EventId,
        Leads,
        Size,
        Peer,
        Client,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit DeliveryModel(QObject *parent = nullptr);
    ~DeliveryModel() override;

    void setDatabase(const QSqlDatabase &db);
    void refresh();

    qint64 deliveryId(int row) const;
    DeliveryDetail detail(qint64 deliveryId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    /// A query failed (logged in the "leadviewer.models" category); the rows shown are kept.
    void queryFailed(const QString &error);

private:
    struct Row;
    bool readRows(QSqlQuery &query, QList<Row> *rows);
    /// False (reported) when the query failed.
    bool refreshBursts();
    void reportFailure(const QString &error) const;
    QSqlDatabase m_db;
    QList<Row> m_rows;
    bool m_atEnd = false;
    qint64 m_lastSeenMark = 0; ///< newest deliveries.last_seen read so far
    /// Set while the model changes (inside begin/end...Rows/Reset): a fetchMore() or refresh()
    /// from a slot connected to those signals would otherwise page from a half-updated list.
    bool m_changing = false;
};
