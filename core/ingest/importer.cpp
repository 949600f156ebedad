// SPDX-License-Identifier: MIT
#include "ingest/importer.h"

#include "sendpilot/eventparser.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {
struct Prepared
{
    Importer::FileResult result;
    std::optional<EventStore::Item> item;
};

Prepared prepare(const QByteArray &body, const QString &source)
{
    Prepared prepared;
    prepared.result.source = source;
    EventParseResult parsed = EventParser::parse(body);
    if (!parsed.ok()) {
        prepared.result.error = parsed.error;
        return prepared;
    }
    EventStore::Item item;
    item.delivery.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    item.delivery.peer = u"import"_s;
    item.delivery.method = u"IMPORT"_s;
    item.delivery.path = source;
    item.delivery.body = body;
    item.delivery.bodySize = body.size();
    item.delivery.status = 200;
    item.delivery.verdict = Verdict::Imported;
    item.delivery.eventId = parsed.event->eventId;
    item.delivery.eventType = parsed.event->eventType;
    item.delivery.leadCount = parsed.event->leadCount();
    prepared.result.eventId = parsed.event->eventId;
    prepared.result.eventType = parsed.event->eventType;
    prepared.result.leadCount = parsed.event->leadCount();
    item.event = std::move(*parsed.event);
    prepared.item = std::move(item);
    return prepared;
}

void store(EventStore &store, QList<Prepared> &prepared, Importer::Report &report)
{
    QList<EventStore::Item> items;
    QList<qsizetype> indexes;
    for (qsizetype i = 0; i < prepared.size(); ++i) {
        if (prepared[i].item) {
            items.append(std::move(*prepared[i].item));
            indexes.append(i);
        }
    }
    const QList<EventStore::ItemResult> results
        = items.isEmpty() ? QList<EventStore::ItemResult>() : store.ingest(items);
    for (qsizetype k = 0; k < indexes.size(); ++k) {
        Importer::FileResult &result = prepared[indexes.at(k)].result;
        const EventStore::ItemResult outcome
            = k < results.size() ? results.at(k) : EventStore::ItemResult {};
        switch (outcome.outcome) {
        case EventStore::Outcome::Stored:
            result.ok = true;
            break;
        case EventStore::Outcome::Duplicate:
            result.ok = true;
            result.duplicate = true;
            break;
        case EventStore::Outcome::Failed:
            result.error = QCoreApplication::translate("Importer", "could not store it: %1")
                               .arg(outcome.error);
            break;
        }
    }
    for (Prepared &p : prepared) {
        if (!p.result.ok)
            ++report.failed;
        else if (p.result.duplicate)
            ++report.duplicates;
        else
            ++report.stored;
        report.files.append(std::move(p.result));
    }
}
} // namespace

namespace Importer {

Report importFiles(EventStore &eventStore, const QStringList &files, qint64 maxBytes)
{
    // Files are committed in groups: one fsync for many small files, while memory stays
    // bounded by the group size rather than by the whole import.
    constexpr qint64 GroupBytes = 32 * 1024 * 1024;
    Report report;
    QList<Prepared> prepared;
    qint64 groupBytes = 0;
    for (const QString &path : files) {
        QFile file(path);
        Prepared p;
        p.result.source = path;
        if (!file.open(QIODevice::ReadOnly)) {
            p.result.error = QCoreApplication::translate("Importer", "cannot read it: %1")
                                 .arg(file.errorString());
        } else if (file.size() > maxBytes) {
            p.result.error
                = QCoreApplication::translate("Importer", "it is %1 bytes, over the %2-byte limit")
                      .arg(file.size())
                      .arg(maxBytes);
        } else {
            const QByteArray body = file.readAll();
            groupBytes += body.size();
            if (body.trimmed().isEmpty()) // not "illegal value at offset 0"
                p.result.error = QCoreApplication::translate("Importer", "the file is empty");
            else
                p = prepare(body, path);
        }
        prepared.append(std::move(p));
        if (groupBytes >= GroupBytes) {
            store(eventStore, prepared, report);
            prepared.clear();
            groupBytes = 0;
        }
    }
    store(eventStore, prepared, report);
    return report;
}

FileResult importBody(EventStore &eventStore, const QByteArray &body, const QString &source,
                      bool reprocess)
{
    QList<Prepared> prepared;
    prepared.append(prepare(body, source));
    if (reprocess && prepared.front().item) {
        prepared.front().item->reprocess = true;
        prepared.front().item->delivery.verdict = Verdict::Reingested;
        prepared.front().item->delivery.method = u"REINGEST"_s;
    }
    Report report;
    store(eventStore, prepared, report);
    return report.files.constFirst();
}

} // namespace Importer
