// SPDX-License-Identifier: MIT
#include "query/savedview.h"

#include "common/settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {

QJsonValue rangeJson(const LeadRange &range)
{
    if (range.isEmpty())
        return QJsonValue::Null;
    QJsonObject o;
    // As strings: a JSON number is a double, which holds every count we meet, but strings
    // keep any qint64 exact.
    if (range.min)
        o.insert(u"min"_s, QString::number(*range.min));
    if (range.max)
        o.insert(u"max"_s, QString::number(*range.max));
    return o;
}

std::optional<qint64> bound(const QJsonValue &value)
{
    bool ok = false;
    const qint64 n = value.toString().toLongLong(&ok);
    return ok ? std::optional<qint64>(n) : std::nullopt;
}

LeadRange rangeFrom(const QJsonValue &value)
{
    const QJsonObject o = value.toObject();
    return {bound(o.value(u"min"_s)), bound(o.value(u"max"_s))};
}

} // namespace

QJsonObject SavedView::toJson() const
{
    QJsonObject o;
    o.insert(u"name"_s, name);
    o.insert(u"search"_s, searchText);
    o.insert(u"hasEmail"_s, hasEmail);
    o.insert(u"hasPhone"_s, hasPhone);
    if (notExported) // absent in views saved before it existed, and read as false
        o.insert(u"notExported"_s, true);
    if (onePerPerson) // the same
        o.insert(u"onePerPerson"_s, true);
    QJsonObject f;
    f.insert(u"company"_s, fields.company);
    f.insert(u"jobPosition"_s, fields.jobPosition);
    f.insert(u"location"_s, fields.location);
    // Absent in views saved before they existed, and read as empty.
    if (!fields.industry.isEmpty())
        f.insert(u"industry"_s, fields.industry);
    if (!fields.seniority.isEmpty())
        f.insert(u"seniority"_s, fields.seniority);
    f.insert(u"campaign"_s, fields.campaignName);
    f.insert(u"enriched"_s, fields.enriched);
    f.insert(u"connections"_s, rangeJson(fields.connections));
    f.insert(u"followers"_s, rangeJson(fields.followers));
    o.insert(u"filters"_s, f);
    if (sortColumn) {
        o.insert(u"sort"_s, LeadColumn::key(*sortColumn));
        o.insert(u"descending"_s, sortOrder == Qt::DescendingOrder);
    }
    QJsonArray keys;
    for (LeadColumn::Id column : columns)
        keys.append(LeadColumn::key(column));
    o.insert(u"columns"_s, keys);
    return o;
}

std::optional<SavedView> SavedView::fromJson(const QJsonObject &o)
{
    SavedView view;
    view.name = o.value(u"name"_s).toString().simplified();
    if (view.name.isEmpty())
        return std::nullopt;
    view.searchText = o.value(u"search"_s).toString();
    view.hasEmail = o.value(u"hasEmail"_s).toBool();
    view.hasPhone = o.value(u"hasPhone"_s).toBool();
    view.notExported = o.value(u"notExported"_s).toBool();
    view.onePerPerson = o.value(u"onePerPerson"_s).toBool();
    const QJsonObject f = o.value(u"filters"_s).toObject();
    view.fields.company = f.value(u"company"_s).toString();
    view.fields.jobPosition = f.value(u"jobPosition"_s).toString();
    view.fields.location = f.value(u"location"_s).toString();
    view.fields.industry = f.value(u"industry"_s).toString();
    view.fields.seniority = f.value(u"seniority"_s).toString();
    view.fields.campaignName = f.value(u"campaign"_s).toString();
    view.fields.enriched = f.value(u"enriched"_s).toBool();
    view.fields.connections = rangeFrom(f.value(u"connections"_s));
    view.fields.followers = rangeFrom(f.value(u"followers"_s));
    view.sortColumn = LeadColumn::fromKey(o.value(u"sort"_s).toString());
    view.sortOrder = o.value(u"descending"_s).toBool() ? Qt::DescendingOrder : Qt::AscendingOrder;
    if (!view.sortColumn)
        view.sortOrder = Qt::AscendingOrder;
    for (const QJsonValue &key : o.value(u"columns"_s).toArray()) {
        const std::optional<LeadColumn::Id> column = LeadColumn::fromKey(key.toString());
        if (column && !view.columns.contains(*column))
            view.columns.append(*column);
    }
    return view;
}

namespace SavedViews {

QByteArray serialize(const QList<SavedView> &views)
{
    QJsonArray array;
    for (const SavedView &view : views)
        array.append(view.toJson());
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QList<SavedView> parse(const QByteArray &json)
{
    QList<SavedView> views;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    QSet<QString> names;
    for (const QJsonValue &value : document.array()) {
        std::optional<SavedView> view = SavedView::fromJson(value.toObject());
        if (!view || names.contains(view->name))
            continue;
        names.insert(view->name);
        views.append(std::move(*view));
    }
    return views;
}

QList<SavedView> load(const Settings &settings)
{
    return parse(settings.value(Setting::SavedLeadViews));
}

void save(Settings &settings, const QList<SavedView> &views)
{
    settings.set(Setting::SavedLeadViews, serialize(views));
}

} // namespace SavedViews
