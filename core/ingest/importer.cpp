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

enum class Parse {
    Full, ///< the whole event: the caller projects it at once (EventStore)
    Envelope, ///< what the log needs: the projector parses the rest later
};

Prepared prepare(const QByteArray &body, const QString &source, Parse parse)
{
    Prepared prepared;
    prepared.result.source = source;
    if (body.trimmed().isEmpty()) {
        prepared.result.error = QCoreApplication::translate("Importer", "the file is empty");
        return prepared;
    }
    EventStore::Item item;
    if (parse == Parse::Full) {
        EventParseResult parsed = EventParser::parse(body);
        if (!parsed.ok()) {
            prepared.result.error = parsed.error;
            return prepared;
        }
        item.event = std::move(*parsed.event);
        item.envelope = EventEnvelope::of(item.event);
    } else {
        EnvelopeParseResult parsed = EventParser::parseEnvelope(body);
        if (!parsed.ok()) {
            prepared.result.error = parsed.error;
            return prepared;
        }
        item.envelope = std::move(parsed.envelope);
    }
    const EventEnvelope &envelope = *item.envelope;
    item.delivery.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    item.delivery.peer = u"import"_s;
    item.delivery.method = u"IMPORT"_s;
    item.delivery.path = source;
    item.delivery.body = body;
    item.delivery.bodySize = body.size();
    item.delivery.status = 200;
    item.delivery.verdict = Verdict::Imported;
    item.delivery.eventId = envelope.eventId;
    item.delivery.eventType = envelope.eventType;
    item.delivery.leadCount = envelope.leadCount;
    prepared.result.eventId = envelope.eventId;
    prepared.result.eventType = envelope.eventType;
    prepared.result.leadCount = envelope.leadCount;
    prepared.item = std::move(item);
    return prepared;
}

void markReprocess(Prepared &prepared)
{
    if (!prepared.item)
        return;
    prepared.item->reprocess = true;
    prepared.item->delivery.verdict = Verdict::Reingested;
    prepared.item->delivery.method = u"REINGEST"_s;
}

/// Appends (and, through EventStore, projects) the prepared items; the results go to \a report.
template<typename Writer>
void store(Writer &&write, QList<Prepared> &prepared, Importer::Report &report)
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
        = items.isEmpty() ? QList<EventStore::ItemResult>() : write(items);
    for (qsizetype k = 0; k < indexes.size(); ++k) {
        Importer::FileResult &result = prepared[indexes.at(k)].result;
        const EventStore::ItemResult outcome
            = k < results.size() ? results.at(k) : EventStore::ItemResult {};
        switch (outcome.outcome) {
        case EventStore::Outcome::Stored:
            result.ok = outcome.projectionError.isEmpty();
            if (!result.ok) {
                result.error = QCoreApplication::translate(
                                   "Importer", "it was stored but could not be applied: %1")
                                   .arg(outcome.projectionError);
            }
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
    prepared.clear();
}

/// Reads one file of an import; returns its body, or sets \a prepared's error.
QByteArray readFile(const QString &path, qint64 maxBytes, Prepared *prepared)
{
    QFile file(path);
    prepared->result.source = path;
    if (!file.open(QIODevice::ReadOnly)) {
        prepared->result.error
            = QCoreApplication::translate("Importer", "cannot read it: %1").arg(file.errorString());
        return {};
    }
    if (file.size() > maxBytes) {
        prepared->result.error
            = QCoreApplication::translate("Importer", "it is %1 bytes, over the %2-byte limit")
                  .arg(file.size())
                  .arg(maxBytes);
        return {};
    }
    return file.readAll();
}
} // namespace

namespace Importer {

Report importFiles(EventStore &eventStore, const QStringList &files, qint64 maxBytes)
{
    // Files are committed in groups: one fsync for many small files, while memory stays
    // bounded by the group size rather than by the whole import.
    constexpr qint64 GroupBytes = 32 * 1024 * 1024;
    const auto write = [&](const QList<EventStore::Item> &items) {
        return eventStore.ingest(items);
    };
    Report report;
    QList<Prepared> prepared;
    qint64 groupBytes = 0;
    for (const QString &path : files) {
        Prepared p;
        const QByteArray body = readFile(path, maxBytes, &p);
        if (p.result.error.isEmpty()) {
            groupBytes += body.size();
            p = prepare(body, path, Parse::Full);
        }
        prepared.append(std::move(p));
        if (groupBytes >= GroupBytes) {
            store(write, prepared, report);
            groupBytes = 0;
        }
    }
    store(write, prepared, report);
    return report;
}

FileResult importBody(EventStore &eventStore, const QByteArray &body, const QString &source,
                      bool reprocess)
{
    QList<Prepared> prepared;
    prepared.append(prepare(body, source, Parse::Full));
    if (reprocess)
        markReprocess(prepared.front());
    Report report;
    store([&](const QList<EventStore::Item> &items) { return eventStore.ingest(items); }, prepared,
          report);
    return report.files.constFirst();
}

FileResult appendBody(EventLog &log, const QByteArray &body, const QString &source, bool reprocess)
{
    QList<Prepared> prepared;
    prepared.append(prepare(body, source, Parse::Envelope));
    if (reprocess)
        markReprocess(prepared.front());
    Report report;
    store([&](const QList<EventStore::Item> &items) { return log.append(items); }, prepared,
          report);
    return report.files.constFirst();
}

Job::Job(const QStringList &files, qint64 maxBytes)
    : m_files(files)
    , m_maxBytes(maxBytes)
{ }

bool Job::step(EventLog &log)
{
    QList<Prepared> prepared;
    qint64 groupBytes = 0;
    while (m_next < m_files.size() && groupBytes < GroupBytes) {
        const QString path = m_files.at(m_next++);
        Prepared p;
        const QByteArray body = readFile(path, m_maxBytes, &p);
        if (p.result.error.isEmpty()) {
            groupBytes += body.size();
            p = prepare(body, path, Parse::Envelope);
        }
        prepared.append(std::move(p));
    }
    store([&](const QList<EventStore::Item> &items) { return log.append(items); }, prepared,
          m_report);
    return !atEnd();
}

} // namespace Importer
