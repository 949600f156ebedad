// SPDX-License-Identifier: MIT
#include "export/exporthistory.h"

#include "common/leadflags.h"
#include "common/logging.h"
#include "query/leadcolumn.h"
#include "store/sqlitestatement.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

ExportHistory::ExportHistory(const QSqlDatabase &db)
    : m_db(db)
{ }

bool ExportHistory::writeStep(ExportRecord *record, const QList<qint64> &leadRowIds,
                              qsizetype *next, QString *error)
{
    if (!m_db.transaction()) {
        *error = m_db.lastError().text();
        return false;
    }
    const auto rollback = [this, error](const QString &reason) {
        *error = reason;
        m_db.rollback();
        qCWarning(lcExport).noquote() << "cannot record the export:" << reason;
        return false;
    };
    qint64 id = record->id;
    if (id == 0) {
        QSqlQuery insert(m_db);
        if (!insert.prepare(
                u"INSERT INTO exports (exported_at, scope, filter_summary, preset, "
                "format, file_path, row_count, marked) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s))
            return rollback(insert.lastError().text());
        insert.addBindValue(record->exportedAtMs);
        // A null QString binds as NULL; the columns are NOT NULL with '' for none.
        for (const QString *text : {&record->scope, &record->filterSummary, &record->preset,
                                    &record->format, &record->filePath})
            insert.addBindValue(text->isNull() ? u""_s : *text);
        insert.addBindValue(record->rowCount);
        // Marked only once the last person's mark commits (below): a marking that fails
        // half-way is listed as not marked, not as marked with some people missing.
        insert.addBindValue(record->marked && leadRowIds.isEmpty() ? 1 : 0);
        if (!insert.exec())
            return rollback(insert.lastError().text());
        id = insert.lastInsertId().toLongLong();
    }
    qsizetype position = *next;
    if (record->marked && position < leadRowIds.size()) {
        // One prepared statement stepped per lead: two leads of one person (two campaigns, or
        // a row selected twice) update the same row, the last one winning with the same values.
        Sqlite::Statement mark;
        const QString sql = u"INSERT INTO lead_exports (identity, last_export_id, "
                            "last_exported_at) SELECT "_s
            + LeadColumn::exportIdentitySql()
            + u", ?1, ?2 FROM leads l WHERE l.id = ?3 ON CONFLICT (identity) DO UPDATE SET "
              "last_export_id = excluded.last_export_id, "
              "last_exported_at = excluded.last_exported_at"_s;
        if (!mark.prepare(Sqlite::handle(m_db), sql.toUtf8()))
            return rollback(mark.errorText());
        // leads.flags' Exported bit (common/leadflags.h) on every lead of the person: the lead
        // itself (the one lead of a person without identifier), then the person's other leads
        // through leads_by_linkedin_identifier (partial: the literal "<> ''" lets it serve).
        Sqlite::Statement flagLead;
        Sqlite::Statement flagPerson;
        static_assert(LeadFlags::Exported == 4);
        if (!flagLead.prepare(Sqlite::handle(m_db),
                              "UPDATE leads SET flags = flags | 4 WHERE id = ?1 AND flags & 4 = 0"))
            return rollback(flagLead.errorText());
        if (!flagPerson.prepare(Sqlite::handle(m_db),
                                "UPDATE leads SET flags = flags | 4 WHERE linkedin_identifier ="
                                " (SELECT p.linkedin_identifier FROM leads p WHERE p.id = ?1)"
                                " AND linkedin_identifier <> '' AND flags & 4 = 0"))
            return rollback(flagPerson.errorText());
        const qsizetype end = std::min(leadRowIds.size(), position + MarkChunkRows);
        for (; position < end; ++position) {
            mark.bindInt64(1, id);
            mark.bindInt64(2, record->exportedAtMs);
            mark.bindInt64(3, leadRowIds.at(position));
            flagLead.bindInt64(1, leadRowIds.at(position));
            flagPerson.bindInt64(1, leadRowIds.at(position));
            QString reason;
            if (!mark.exec(&reason) || !flagLead.exec(&reason) || !flagPerson.exec(&reason))
                return rollback(reason);
        }
    }
    if (record->marked && position == leadRowIds.size() && !leadRowIds.isEmpty()) {
        QSqlQuery done(m_db);
        if (!done.prepare(u"UPDATE exports SET marked = 1 WHERE id = ?"_s))
            return rollback(done.lastError().text());
        done.addBindValue(id);
        if (!done.exec())
            return rollback(done.lastError().text());
    }
    if (!m_db.commit())
        return rollback(m_db.lastError().text());
    record->id = id;
    *next = position;
    return true;
}

bool ExportHistory::write(ExportRecord *record, const QList<qint64> &leadRowIds, QString *error)
{
    qsizetype next = 0;
    do {
        if (!writeStep(record, leadRowIds, &next, error))
            return false;
    } while (record->marked && next < leadRowIds.size());
    return true;
}

bool ExportHistory::list(const QSqlDatabase &db, QList<ExportRecord> *records, QString *error,
                         int limit)
{
    records->clear();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(u"SELECT id, exported_at, scope, filter_summary, preset, format, "
                       "file_path, row_count, marked FROM exports ORDER BY id DESC LIMIT ?"_s)) {
        *error = query.lastError().text();
        return false;
    }
    query.addBindValue(limit);
    if (!query.exec()) {
        *error = query.lastError().text();
        return false;
    }
    while (query.next()) {
        ExportRecord r;
        r.id = query.value(0).toLongLong();
        r.exportedAtMs = query.value(1).toLongLong();
        r.scope = query.value(2).toString();
        r.filterSummary = query.value(3).toString();
        r.preset = query.value(4).toString();
        r.format = query.value(5).toString();
        r.filePath = query.value(6).toString();
        r.rowCount = query.value(7).toLongLong();
        r.marked = query.value(8).toBool();
        records->append(r);
    }
    return true;
}
