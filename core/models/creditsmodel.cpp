// SPDX-License-Identifier: MIT
#include "models/creditsmodel.h"

#include "models/modelroles.h"

#include "common/logging.h"

#include <QDateTime>
#include <QLocale>
#include <QMap>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

struct CreditsModel::Row
{
    qint64 id = 0; ///< campaigns.id; 0 for the total
    QString name;
    qint64 creditsExtraction = 0;
    qint64 creditsEnrichment = 0;
    qint64 creditsTotal = 0;
    qint64 leadsExtracted = 0;
    qint64 leadsEnriched = 0;
    qint64 leadsWithEmail = 0;

    bool operator==(const Row &other) const = default;

    /// Null when there is nothing to divide by.
    static QVariant ratio(qint64 credits, qint64 leads)
    {
        return leads > 0 ? QVariant(double(credits) / double(leads)) : QVariant();
    }

    QVariant raw(int column) const
    {
        switch (column) {
        case Campaign:
            return name;
        case CreditsExtraction:
            return creditsExtraction;
        case CreditsEnrichment:
            return creditsEnrichment;
        case CreditsTotal:
            return creditsTotal;
        case LeadsExtracted:
            return leadsExtracted;
        case LeadsEnriched:
            return leadsEnriched;
        case LeadsWithEmail:
            return leadsWithEmail;
        case CreditsPerLead:
            return ratio(creditsTotal, leadsExtracted);
        case CreditsPerLeadWithEmail:
            return ratio(creditsTotal, leadsWithEmail);
        default:
            return {};
        }
    }
};

CreditsModel::CreditsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

CreditsModel::~CreditsModel() = default;

void CreditsModel::setDatabase(const QSqlDatabase &db)
{
    beginResetModel();
    m_db = db;
    m_rows.clear();
    endResetModel();
    refresh();
}

void CreditsModel::refresh()
{
    if (!m_db.isOpen())
        return;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT id, CASE WHEN name = '' THEN campaign_id ELSE name END,"
                    " credits_extraction, credits_enrichment, credits_total, leads_extracted,"
                    " leads_enriched, email_count FROM campaigns"
                    // Lead Database searches use the quota, not campaign credits: left out of
                    // the per-campaign credits and their per-lead averages.
                    " WHERE source = 0 ORDER BY received_at DESC, id DESC"_s)) {
        reportFailure(query.lastError().text());
        return;
    }
    QList<Row> fresh;
    Row total;
    total.name = tr("Total");
    while (query.next()) {
        Row row;
        row.id = query.value(0).toLongLong();
        row.name = query.value(1).toString();
        row.creditsExtraction = query.value(2).toLongLong();
        row.creditsEnrichment = query.value(3).toLongLong();
        row.creditsTotal = query.value(4).toLongLong();
        row.leadsExtracted = query.value(5).toLongLong();
        row.leadsEnriched = query.value(6).toLongLong();
        row.leadsWithEmail = query.value(7).toLongLong();
        total.creditsExtraction += row.creditsExtraction;
        total.creditsEnrichment += row.creditsEnrichment;
        total.creditsTotal += row.creditsTotal;
        total.leadsExtracted += row.leadsExtracted;
        total.leadsEnriched += row.leadsEnriched;
        total.leadsWithEmail += row.leadsWithEmail;
        fresh.append(row);
    }
    if (query.lastError().isValid()) {
        // Stopped half-way: a total over part of the campaigns would be wrong, keep the old one.
        reportFailure(query.lastError().text());
        return;
    }
    fresh.append(total);

    if (m_rows.isEmpty()) {
        beginInsertRows({}, 0, int(fresh.size()) - 1);
        m_rows = fresh;
        endInsertRows();
        return;
    }
    // Campaigns only arrive (newest first, so on top) or change; anything else (a campaign
    // removed elsewhere) is rare enough for a layout-free reset.
    const qsizetype added = fresh.size() - m_rows.size();
    bool prefixOnly = added >= 0;
    for (qsizetype i = 0; prefixOnly && i + 1 < m_rows.size(); ++i)
        prefixOnly = fresh[i + added].id == m_rows[i].id;
    if (!prefixOnly) {
        beginResetModel();
        m_rows = fresh;
        endResetModel();
        return;
    }
    if (added > 0) {
        beginInsertRows({}, 0, int(added) - 1);
        m_rows = fresh.mid(0, added) + m_rows;
        endInsertRows();
    }
    for (int i = int(added); i < m_rows.size(); ++i) {
        if (!(m_rows[i] == fresh[i])) {
            m_rows[i] = fresh[i];
            Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
        }
    }
}

void CreditsModel::reportFailure(const QString &error) const
{
    qCWarning(lcModels).noquote() << "Credits query failed:" << error;
    // daily() is const for its callers; the signal changes nothing in the model.
    Q_EMIT const_cast<CreditsModel *>(this)->queryFailed(
        tr("The credits could not be read: %1").arg(error));
}

QList<DailyCredits> CreditsModel::daily(const QList<qint64> &campaignRowIds) const
{
    QList<DailyCredits> series;
    if (!m_db.isOpen())
        return series;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT id, coalesce(completed_at, received_at), credits_extraction,"
                    " credits_enrichment FROM campaigns"_s)) {
        reportFailure(query.lastError().text());
        return series;
    }
    const QSet<qint64> wanted(campaignRowIds.cbegin(), campaignRowIds.cend());
    QMap<QDate, DailyCredits> byDay;
    while (query.next()) {
        if (!wanted.isEmpty() && !wanted.contains(query.value(0).toLongLong()))
            continue;
        const QDate day
            = QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), Qt::UTC).date();
        DailyCredits &entry = byDay[day];
        entry.day = day;
        entry.extraction += query.value(2).toLongLong();
        entry.enrichment += query.value(3).toLongLong();
    }
    if (query.lastError().isValid()) {
        reportFailure(query.lastError().text());
        return series;
    }
    if (byDay.isEmpty())
        return series;
    // Every day from the first to the last, zeros where nothing completed.
    for (QDate day = byDay.firstKey(); day <= byDay.lastKey(); day = day.addDays(1)) {
        const auto it = byDay.constFind(day);
        series.append(it != byDay.cend() ? *it : DailyCredits {day, 0, 0});
    }
    return series;
}

int CreditsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CreditsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CreditsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const bool isTotal = index.row() == m_rows.size() - 1;
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: {
        const QVariant value = row.raw(column);
        if (column == Campaign)
            return value;
        if (value.isNull())
            return QString();
        const QLocale locale;
        if (value.typeId() == QMetaType::Double)
            return locale.toString(value.toDouble(), 'f', 2);
        return locale.toString(value.toLongLong());
    }
    case Qt::TextAlignmentRole:
        if (column != Campaign)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case ModelRoles::RawValueRole:
        return row.raw(column);
    case ModelRoles::RowIdRole:
        // 0 marks the Total row: a sorting proxy keeps it last in either order by this role
        // (no single raw value can sort last both ways).
        return isTotal ? qint64(0) : row.id;
    default:
        return {};
    }
}

QVariant CreditsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Campaign:
        return tr("Campaign");
    case CreditsExtraction:
        return tr("Extraction credits");
    case CreditsEnrichment:
        return tr("Enrichment credits");
    case CreditsTotal:
        return tr("Total credits");
    case LeadsExtracted:
        return tr("Leads extracted");
    case LeadsEnriched:
        return tr("Leads enriched");
    case LeadsWithEmail:
        return tr("Leads with email");
    case CreditsPerLead:
        return tr("Credits per lead");
    case CreditsPerLeadWithEmail:
        return tr("Credits per lead with email");
    default:
        return {};
    }
}
