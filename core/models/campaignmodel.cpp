// SPDX-License-Identifier: MIT
#include "models/campaignmodel.h"
#include "models/campaignmodel_p.h"

#include "models/campaigntext.h"
#include "models/modelroles.h"

#include "common/logging.h"
#include "common/textfold.h"
#include "sendpilot/campaignlabels.h"
#include "sendpilot/leadjson.h"
#include "store/campaignsources.h"

#include <QDateTime>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Numbers and text compare as such; null (unknown) sorts before everything.
bool lessThan(const QVariant &a, const QVariant &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() && !b.isNull();
    if (a.typeId() == QMetaType::QString)
        return a.toString().compare(b.toString(), Qt::CaseInsensitive) < 0;
    if (a.typeId() == QMetaType::Double)
        return a.toDouble() < b.toDouble();
    return a.toLongLong() < b.toLongLong();
}

} // namespace

CampaignModel::CampaignModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

CampaignModel::~CampaignModel() = default;

void CampaignModel::setDatabase(const QSqlDatabase &db)
{
    beginResetModel();
    m_db = db;
    m_rows.clear();
    endResetModel();
    refresh();
}

void CampaignModel::refresh()
{
    if (!m_db.isOpen())
        return;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT c.id, c.campaign_id, c.name, c.type, c.mode, c.leads_extracted,"
                    " c.leads_enriched, c.requested_limit, c.credits_extraction,"
                    " c.credits_enrichment, c.credits_total, c.started_at, c.completed_at,"
                    " c.duration_ms, c.received_at, c.search_urls, c.results_url, c.seen,"
                    " coalesce(e.projection = 'pending', 0), c.sources, c.api_status, %1,"
                    " c.lead_count, c.api_percent, c.api_message, c.source, c.filters"
                    " FROM campaigns c"
                    " LEFT JOIN events e ON e.event_id = c.event_id"
                    " ORDER BY c.received_at DESC, c.id DESC"_s.arg(
                        QLatin1StringView(CampaignSources::IncompleteSql)))) {
        reportFailure(query.lastError().text());
        return;
    }
    QList<Row> fresh;
    while (query.next()) {
        Row row;
        row.id = query.value(0).toLongLong();
        row.campaignId = query.value(1).toString();
        row.name = query.value(2).toString();
        row.type = query.value(3).toString();
        row.mode = query.value(4).toString();
        row.leadsExtracted = query.value(5).toLongLong();
        row.leadsEnriched = query.value(6).toLongLong();
        row.requestedLimit = query.value(7).toLongLong();
        row.creditsExtraction = query.value(8).toLongLong();
        row.creditsEnrichment = query.value(9).toLongLong();
        row.creditsTotal = query.value(10).toLongLong();
        row.startedAt = query.isNull(11) ? QVariant() : QVariant(query.value(11).toLongLong());
        row.completedAt = query.isNull(12) ? QVariant() : QVariant(query.value(12).toLongLong());
        row.durationMs = query.value(13).toLongLong();
        row.receivedAt = query.value(14).toLongLong();
        row.searchUrls
            = LeadJson::decodeStringList(query.value(15).toByteArray()).value_or(QStringList());
        row.resultsUrl = query.value(16).toString();
        row.seen = query.value(17).toInt() != 0;
        row.arriving = query.value(18).toInt() != 0;
        row.sources = query.value(19).toInt();
        row.apiStatus = query.value(20).toString();
        row.incomplete = query.value(21).toInt() != 0;
        row.leadCount = query.value(22).toLongLong();
        row.apiPercent = query.isNull(23) ? QVariant() : QVariant(query.value(23).toDouble());
        row.apiMessage = query.value(24).toString();
        row.search = query.value(25).toInt() == int(CampaignSource::LeadDatabase);
        row.filterLines = CampaignText::filterLines(query.value(26).toString());
        fresh.append(row);
    }
    if (query.lastError().isValid()) {
        // A read that stopped half-way (a corrupt page, a lock) is not "fewer campaigns": keep
        // what is shown.
        reportFailure(query.lastError().text());
        return;
    }

    // Changed rows in place, new ones in one insert. Campaigns are never removed by the
    // receiver; one deleted elsewhere is removed row by row.
    QHash<qint64, qsizetype> freshById;
    for (qsizetype i = 0; i < fresh.size(); ++i)
        freshById.insert(fresh[i].id, i);
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (!freshById.contains(m_rows[i].id)) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    QSet<qint64> known;
    for (int i = 0; i < m_rows.size(); ++i) {
        known.insert(m_rows[i].id);
        const Row &updated = fresh[freshById.value(m_rows[i].id)];
        if (!(updated == m_rows[i])) {
            m_rows[i] = updated;
            Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
        }
    }
    QList<Row> added;
    for (const Row &row : std::as_const(fresh)) {
        if (!known.contains(row.id))
            added.append(row);
    }
    if (added.isEmpty())
        return;
    // New campaigns are the newest: they go on top in the default order; in another order
    // they are placed by the current sort, in one block at the top too, then sorted in place
    // by a layout change only if needed.
    beginInsertRows({}, 0, int(added.size()) - 1);
    m_rows = added + m_rows;
    endInsertRows();
    if (!(m_sortColumn == ReceivedAt && m_sortOrder == Qt::DescendingOrder))
        sort(m_sortColumn, m_sortOrder);
}

void CampaignModel::reportFailure(const QString &error)
{
    qCWarning(lcModels).noquote() << "Campaigns query failed:" << error;
    Q_EMIT queryFailed(tr("The campaigns could not be read: %1").arg(error));
}

qint64 CampaignModel::campaignRowId(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].id : 0;
}

QString CampaignModel::campaignId(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].campaignId : QString();
}

int CampaignModel::rowForCampaignRowId(qint64 rowId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == rowId)
            return i;
    }
    return -1;
}

void CampaignModel::setSeen(qint64 campaignRowId)
{
    const int row = rowForCampaignRowId(campaignRowId);
    if (row < 0 || m_rows[row].seen)
        return;
    m_rows[row].seen = true;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {ModelRoles::IsNewRole});
}

bool CampaignModel::matches(int row, const QStringList &foldedWords) const
{
    if (row < 0 || row >= m_rows.size())
        return false;
    if (foldedWords.isEmpty())
        return true;
    const Row &campaign = m_rows[row];
    // A search's filters too: "cto berlin" finds the search for CTOs in Berlin.
    const QString haystack = TextFold::folded(campaign.name) + u'\n'
        + TextFold::folded(campaign.campaignId) + u'\n'
        + TextFold::folded(campaign.filterLines.join(u'\n'));
    return std::all_of(foldedWords.begin(), foldedWords.end(),
                       [&haystack](const QString &word) { return haystack.contains(word); });
}

QString CampaignModel::details(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const Row &campaign = m_rows[row];
    const QLocale locale;
    QStringList facts;
    const QString type
        = campaign.search ? CampaignText::searchTypeText() : CampaignLabels::type(campaign.type);
    for (const QString &label : {type, CampaignLabels::mode(campaign.mode)}) {
        if (!label.isEmpty())
            facts.append(label);
    }
    facts.append(campaign.statusText().section(u':', 0, 0).toLower()); // the reason below
    facts.append(CampaignText::sourceText(campaign.sources));
    QStringList lines {facts.join(u" · "_s)};
    if (campaign.failed() && !campaign.apiMessage.isEmpty())
        lines.append(tr("SendPilot says: %1").arg(campaign.apiMessage));
    if (campaign.incomplete && !campaign.running() && !campaign.failed()) {
        lines.append(campaign.fromWebhook()
                         ? tr("Incomplete: %1 of %2 leads stored; the rest can be fetched from "
                              "SendPilot.")
                               .arg(locale.toString(campaign.leadCount),
                                    locale.toString(campaign.leadsExtracted))
                         : tr("Incomplete: %1 leads stored; its results were not all read from "
                              "SendPilot yet.")
                               .arg(locale.toString(campaign.leadCount)));
    }
    QStringList figures;
    if (campaign.search) {
        if (campaign.leadsExtracted >= 0) {
            figures.append(
                campaign.requestedLimit > 0
                    ? tr("%1 of %2 requested leads found")
                          .arg(locale.toString(campaign.leadsExtracted),
                               locale.toString(campaign.requestedLimit))
                    : tr("%1 leads found").arg(locale.toString(campaign.leadsExtracted)));
        }
    } else if (campaign.requestedLimit > 0 && campaign.leadsExtracted >= 0) {
        figures.append(tr("%1 of %2 requested leads extracted")
                           .arg(locale.toString(campaign.leadsExtracted),
                                locale.toString(campaign.requestedLimit)));
    }
    if (campaign.leadsEnriched > 0)
        figures.append(tr("%1 enriched").arg(locale.toString(campaign.leadsEnriched)));
    if (campaign.search) {
        figures.append(tr("credits: drawn from the lead database quota (Credits tab)"));
    } else if (!campaign.fromWebhook()) {
        figures.append(tr("credits: unknown (SendPilot's API does not give them; the webhook "
                          "will)"));
    } else if (campaign.creditsTotal > 0) {
        figures.append(tr("credits: %1 extraction + %2 enrichment")
                           .arg(locale.toString(campaign.creditsExtraction),
                                locale.toString(campaign.creditsEnrichment)));
    }
    if (!figures.isEmpty())
        lines.append(figures.join(u"; "_s));
    if (!campaign.completedAt.isNull()) {
        const QString finished = CampaignText::formatTime(campaign.completedAt);
        const QString took = CampaignText::formatDuration(campaign.durationMs);
        lines.append(took.isEmpty() ? tr("Finished %1").arg(finished)
                                    : tr("Finished %1, took %2").arg(finished, took));
    }
    // The results_url is an API path (it needs the API key), not a page to open: left out.
    for (const QString &url : campaign.searchUrls)
        lines.append(tr("Search: %1").arg(url));
    for (const QString &filter : campaign.filterLines)
        lines.append(tr("Filter: %1").arg(filter));
    return lines.join(u'\n');
}

bool CampaignModel::isIncomplete(int row) const
{
    return row >= 0 && row < m_rows.size() && m_rows[row].incomplete;
}

bool CampaignModel::isArriving(int row) const
{
    return row >= 0 && row < m_rows.size() && m_rows[row].arriving;
}

int CampaignModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CampaignModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CampaignModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: {
        const QLocale locale;
        if (row.webhookOnly(column))
            return tr("?");
        if (row.notApplicable(column))
            return QString();
        switch (column) {
        case Name: {
            const QString name = row.name.isEmpty() ? row.campaignId : row.name;
            if (row.arriving)
                return tr("%1 (arriving…)").arg(name);
            // Its progress before the name, in the column always in sight, where a narrow
            // column's elision cannot cut it off: "45 % · Founders in Berlin" (the percent
            // says it runs), "Pending · …", "Failed · …".
            if (row.running() && !row.apiPercent.isNull())
                return tr("%1 % · %2")
                    .arg(QLocale().toString(row.apiPercent.toDouble(), 'f', 0), name);
            if (row.running() || row.failed())
                return tr("%1 · %2").arg(row.statusText().section(u':', 0, 0), name);
            return row.incomplete ? tr("%1 (incomplete)").arg(name) : name;
        }
        case Type:
            return row.search ? CampaignText::searchTypeText() : CampaignLabels::type(row.type);
        case Mode:
            return CampaignLabels::mode(row.mode);
        case Status:
            return row.statusText();
        case Source:
            return CampaignText::sourceText(row.sources);
        case EnrichmentRate:
            return row.leadsExtracted > 0
                ? locale.toString(row.raw(column).toDouble(), 'f', 1) + u" %"_s
                : QString();
        case StartedAt:
        case CompletedAt:
        case ReceivedAt:
            return CampaignText::formatShortTime(row.raw(column));
        case Duration:
            return CampaignText::formatDuration(row.durationMs);
        default:
            return locale.toString(row.raw(column).toLongLong());
        }
    }
    case Qt::ToolTipRole:
        if (row.webhookOnly(column))
            return tr("Not known: SendPilot's API does not give it. The campaign's webhook fills "
                      "it in when it arrives.");
        if (row.notApplicable(column))
            return tr("A Lead Database search has no mode, enrichment or campaign credits: it "
                      "draws on the lead database quota (Credits tab).");
        switch (column) {
        case StartedAt:
        case CompletedAt:
        case ReceivedAt:
            return CampaignText::formatTime(row.raw(column));
        case Type:
        case Mode:
            // The value as SendPilot sent it, for a reader comparing with its dashboard.
            return row.raw(column);
        default: {
            // The whole name: a narrow column cuts names that share a prefix alike.
            QStringList lines {row.name.isEmpty() ? row.campaignId : row.name};
            if (!row.name.isEmpty())
                lines.append(row.campaignId);
            if (row.arriving)
                lines.append(tr("Its leads are still being written."));
            if (row.failed())
                lines.append(row.apiMessage.isEmpty()
                                 ? tr("SendPilot says the campaign failed; it gave no reason.")
                                 : tr("SendPilot says: %1").arg(row.apiMessage));
            else if (row.running())
                lines.append(tr("Running on SendPilot: Lead Viewer follows its progress and "
                                "brings its leads in when it is done."));
            else if (row.incomplete)
                lines.append(tr("Incomplete: not all of its leads are stored. Fetch it from "
                                "SendPilot (right-click)."));
            return lines.join(u'\n');
        }
        }
    case Qt::TextAlignmentRole:
        if (column >= LeadsExtracted && column <= CreditsTotal)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case ModelRoles::RawValueRole:
        return row.raw(column);
    case ModelRoles::RowIdRole:
        return row.id;
    case ModelRoles::KeyRole:
        return row.campaignId;
    case ModelRoles::IsNewRole:
        return !row.seen;
    default:
        return {};
    }
}

QVariant CampaignModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case LeadsExtracted:
            return tr("Leads extracted by the campaign");
        case EnrichmentRate:
            return tr("Enrichment rate: the share of extracted leads that were enriched");
        case CreditsTotal:
            return tr("Credits used: extraction and enrichment");
        case CompletedAt:
            return tr("When the campaign finished");
        case Source:
            return tr("How the campaign came in: by webhook, from SendPilot's API, or both");
        default:
            return {};
        }
    }
    switch (section) {
    case Name:
        return tr("Campaign");
    case Type:
        return tr("Type");
    case Mode:
        return tr("Mode");
    case Status:
        return tr("Status");
    case LeadsExtracted:
        return tr("Leads");
    case LeadsEnriched:
        return tr("Enriched leads");
    case EnrichmentRate:
        return tr("Enriched");
    case RequestedLimit:
        return tr("Requested");
    case CreditsExtraction:
        return tr("Extraction credits");
    case CreditsEnrichment:
        return tr("Enrichment credits");
    case CreditsTotal:
        return tr("Credits");
    case StartedAt:
        return tr("Started");
    case CompletedAt:
        return tr("Completed");
    case Duration:
        return tr("Duration");
    case ReceivedAt:
        return tr("Received");
    case Source:
        return tr("Source");
    default:
        return {};
    }
}

void CampaignModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        column = ReceivedAt;
    m_sortColumn = column;
    m_sortOrder = order;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    QList<qint64> fromIds;
    for (const QModelIndex &index : from)
        fromIds.append(m_rows[index.row()].id);
    // Ties broken by row id, so the order is total and stable across refreshes.
    std::stable_sort(m_rows.begin(), m_rows.end(), [column, order](const Row &a, const Row &b) {
        const QVariant x = a.raw(column), y = b.raw(column);
        if (lessThan(x, y))
            return order == Qt::AscendingOrder;
        if (lessThan(y, x))
            return order == Qt::DescendingOrder;
        return order == Qt::AscendingOrder ? a.id < b.id : a.id > b.id;
    });
    QModelIndexList to;
    for (qsizetype i = 0; i < from.size(); ++i)
        to.append(index(rowForCampaignRowId(fromIds[i]), from[i].column()));
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}
