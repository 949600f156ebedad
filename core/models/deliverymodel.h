// SPDX-License-Identifier: MIT
#pragma once

#include "models/deliverydetail.h"
#include "models/deliveryfilter.h"

#include <QAbstractTableModel>
#include <QSqlDatabase>
#include <QStringList>

class QSqlQuery;

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
    /// Shows only the deliveries \a filter matches (a reset, with the first page read again).
    void setFilter(const DeliveryFilter &filter);
    const DeliveryFilter &filter() const { return m_filter; }
    /// Every delivery stored, and those the filter matches, as of the last read.
    qint64 totalCount() const { return m_totalCount; }
    qint64 matchingCount() const { return m_matchingCount; }
    /// The event types of the deliveries stored, sorted.
    const QStringList &eventTypes() const { return m_eventTypes; }
    /// The verdict column's words for an accepted or duplicate event taken without a
    /// signature check ("Accepted, unverified").
    static QString unverifiedLabel(::Verdict verdict);

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
    /// totalCount(), matchingCount() or eventTypes() changed.
    void countsChanged();

private:
    struct Row;
    enum class Page { First, Older, Newer };
    bool readRows(QSqlQuery &query, QList<Row> *rows);
    /// The filter's rows: the newest page, the page older than \a boundId, or every row newer
    /// than it. False (and \a error set) when the query failed.
    bool selectRows(const QSqlDatabase &db, Page page, qint64 boundId, QList<Row> *rows,
                    QString *error);
    /// Reads the counts and the new event types; false (reported) when that failed.
    bool updateCounts();
    /// False (reported) when the query failed.
    bool refreshBursts();
    void reportFailure(const QString &error) const;
    QSqlDatabase m_db;
    QList<Row> m_rows;
    bool m_atEnd = false;
    DeliveryFilter m_filter;
    qint64 m_totalCount = 0;
    qint64 m_matchingCount = 0;
    QStringList m_eventTypes;
    qint64 m_eventTypesReadTo = 0; ///< the largest id whose event type is in m_eventTypes
    qint64 m_lastSeenMark = 0; ///< newest deliveries.last_seen read so far
    /// Set while the model changes (inside begin/end...Rows/Reset): a fetchMore() or refresh()
    /// from a slot connected to those signals would otherwise page from a half-updated list.
    bool m_changing = false;
};
