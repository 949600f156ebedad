// SPDX-License-Identifier: MIT
#include "viewerfilters.h"

#include "viewermeasure.h"

#include "models/leadtablemodel.h"
#include "query/leadcolumn.h"
#include "store/database.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

#include <QTableView>

#include <functional>
#include <vector>

using namespace Qt::StringLiterals;
using BenchViewerMeasure::firstRowsThenAll;
using BenchViewerMeasure::median;
using BenchViewerMeasure::out;

namespace BenchViewerFilters {

namespace {

struct Scenario
{
    QString name;
    std::function<void(LeadFieldFilters &, LeadFilter &)> set;
};

/// Applies \a filter and returns {first rows painted, complete list painted} in ms.
std::pair<double, double> apply(LeadTableModel &model, QTableView &view, const LeadFilter &filter)
{
    QElapsedTimer timer;
    timer.start();
    model.setFilter(filter);
    return firstRowsThenAll(model, view, timer);
}

} // namespace

void measure(LeadTableModel &model, QTableView &view, int runs)
{
    const LeadFilter base = model.filter();
    const std::vector<Scenario> scenarios {
        {u"company \"acme\""_s,
         [](LeadFieldFilters &f, LeadFilter &) {
             f.company = u"acme"_s;
         }},
        {u"company \"quantum labs\""_s,
         [](LeadFieldFilters &f, LeadFilter &) {
             f.company = u"quantum labs"_s;
         }},
        {u"position \"founder\""_s,
         [](LeadFieldFilters &f, LeadFilter &) {
             f.jobPosition = u"founder"_s;
         }},
        {u"location \"zurich\""_s,
         [](LeadFieldFilters &f, LeadFilter &) {
             f.location = u"zurich"_s;
         }},
        {u"campaign \"founders\""_s,
         [](LeadFieldFilters &f, LeadFilter &) {
             f.campaignName = u"founders"_s;
         }},
        {u"enriched"_s,
         [](LeadFieldFilters &f, LeadFilter &) {
             f.enriched = true;
         }},
        {u"connections >= 400"_s,
         [](LeadFieldFilters &f, LeadFilter &) {
             f.connections.min = 400;
         }},
        {u"followers 1000-5000"_s,
         [](LeadFieldFilters &f, LeadFilter &) {
             f.followers = {1000, 5000};
         }},
        {u"position \"founder\" + connections >= 400"_s,
         [](LeadFieldFilters &f, LeadFilter &) {
             f.jobPosition = u"founder"_s;
             f.connections.min = 400;
         }},
        {u"campaign \"founders\" + position \"ceo\""_s,
         [](LeadFieldFilters &f, LeadFilter &) {
             f.campaignName = u"founders"_s;
             f.jobPosition = u"ceo"_s;
         }},
        {u"has email + position \"founder\" + company \"acme\" + location \"london\""_s,
         [](LeadFieldFilters &f, LeadFilter &filter) {
             filter.hasEmail = true;
             f.jobPosition = u"founder"_s;
             f.company = u"acme"_s;
             f.location = u"london"_s;
         }},
        {u"not yet exported (half of the people marked)"_s,
         [](LeadFieldFilters &, LeadFilter &filter) {
             filter.notExported = true;
         }},
        {u"has email + position \"founder\" + not yet exported"_s,
         [](LeadFieldFilters &f, LeadFilter &filter) {
             filter.hasEmail = true;
             f.jobPosition = u"founder"_s;
             filter.notExported = true;
         }},
        {u"one row per person"_s,
         [](LeadFieldFilters &, LeadFilter &filter) {
             filter.onePerPerson = true;
         }},
        {u"one row per person + has email + not yet exported"_s,
         [](LeadFieldFilters &, LeadFilter &filter) {
             filter.onePerPerson = true;
             filter.hasEmail = true;
             filter.notExported = true;
         }},
        {u"search \"john\" + company \"nova\""_s,
         [](LeadFieldFilters &f, LeadFilter &filter) {
             filter.searchText = u"john"_s;
             f.company = u"nova"_s;
         }},
    };
    out() << "  filters (from the unfiltered table; first rows painted, then the complete list)\n";
    for (const Scenario &scenario : scenarios) {
        std::vector<double> first, all;
        qint64 shown = 0;
        for (int run = 0; run < runs; ++run) {
            LeadFilter filter = base;
            scenario.set(filter.fields, filter);
            const auto [f, a] = apply(model, view, filter);
            first.push_back(f);
            all.push_back(a);
            shown = model.shownCount();
            apply(model, view, base);
        }
        out() << "  filter " << scenario.name << ": " << median(first) << " (complete list "
              << median(all) << ", " << shown << " rows)\n";
    }
    {
        // Typing into the company field, each keystroke applied alone (no debounce).
        const QStringList keys {u"a"_s, u"ac"_s, u"acm"_s, u"acme"_s};
        std::vector<std::vector<double>> first(size_t(keys.size())), all(size_t(keys.size()));
        for (int run = 0; run < runs; ++run) {
            for (qsizetype k = 0; k < keys.size(); ++k) {
                LeadFilter filter = base;
                filter.fields.company = keys[k];
                const auto [f, a] = apply(model, view, filter);
                first[size_t(k)].push_back(f);
                all[size_t(k)].push_back(a);
            }
            apply(model, view, base);
        }
        for (qsizetype k = 0; k < keys.size(); ++k)
            out() << "  filter company typed \"" << keys[k] << "\": " << median(first[size_t(k)])
                  << " (complete list " << median(all[size_t(k)]) << ")\n";
    }
    {
        // In a table sorted by name (its order kept by the worker).
        model.sort(int(LeadColumn::FullName), Qt::AscendingOrder);
        model.waitForLoaded();
        LeadFilter sorted = model.filter();
        std::vector<double> times;
        for (int run = 0; run < runs; ++run) {
            LeadFilter filter = sorted;
            filter.fields.jobPosition = u"founder"_s;
            filter.fields.connections.min = 400;
            times.push_back(apply(model, view, filter).second);
            apply(model, view, sorted);
        }
        out() << "  filter position \"founder\" + connections >= 400, sorted by name: "
              << median(times) << '\n';
        model.sort(-1);
        model.waitForLoaded();
    }
}

bool prepareExportHistory(const QString &path)
{
    QString error;
    bool ok = false;
    {
        QSqlDatabase db
            = Database::open(path, u"bench-history"_s, Database::Access::ReadWrite, &error);
        QSqlQuery query(db);
        ok = db.isOpen() && query.exec(u"SELECT count(*) FROM lead_exports"_s) && query.next();
        if (ok && query.value(0).toLongLong() == 0) {
            QElapsedTimer timer;
            timer.start();
            // One statement a table: the bench's store has no webhooks to answer meanwhile.
            ok = query.exec(u"INSERT OR IGNORE INTO lead_exports (identity, last_export_id, "
                            "last_exported_at) SELECT "_s
                            + LeadColumn::exportIdentitySql()
                            + u", 1, 1700000000000 FROM leads l WHERE l.id % 2 = 0"_s);
            // And the mark on every lead of those people (leads.flags, LeadFlags::Exported),
            // as ExportHistory keeps it: by identifier, and a lead without one by its row.
            ok = ok
                && query.exec(u"UPDATE leads SET flags = flags | 4 WHERE linkedin_identifier IN"
                              " (SELECT identity FROM lead_exports)"
                              " AND linkedin_identifier <> ''"_s)
                && query.exec(u"UPDATE leads SET flags = flags | 4 WHERE linkedin_identifier = ''"
                              " AND id % 2 = 0"_s);
            out() << "  marked every other lead exported in " << timer.elapsed() << " ms\n";
        }
        if (!ok)
            error = db.isOpen() ? query.lastError().text() : error;
    }
    Database::close(u"bench-history"_s);
    if (!ok)
        QTextStream(stderr) << "cannot prepare the export history: " << error << '\n';
    return ok;
}

} // namespace BenchViewerFilters
