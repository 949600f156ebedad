// SPDX-License-Identifier: MIT
#pragma once

#include "query/leadcolumn.h"
#include "query/leadfieldfilters.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

class Settings;

/*!
    A named way of looking at the leads: the search box, the quick filters, the filter bar's
    criteria, the sort and the visible columns in their order. The campaign pane's selection
    is not part of it (a view applies across campaigns; the filter bar's campaign criterion
    names campaigns by name). Kept in the settings file as JSON, columns by their stable
    command-line keys, so a view survives a new column or a reordered registry.
*/
struct SavedView
{
    QString name;
    QString searchText;
    bool hasEmail = false;
    bool hasPhone = false;
    bool notExported = false; ///< LeadFilter::notExported
    bool onePerPerson = false; ///< LeadFilter::onePerPerson
    LeadFieldFilters fields;
    std::optional<LeadColumn::Id> sortColumn;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    QList<LeadColumn::Id> columns; ///< visible, in view order; empty: the default columns

    bool operator==(const SavedView &) const = default;

    QJsonObject toJson() const;
    /// Nullopt when \a object has no name; unknown columns and malformed values are dropped.
    static std::optional<SavedView> fromJson(const QJsonObject &object);
};

/// The saved views in the settings file (Setting::SavedLeadViews), in the user's order.
namespace SavedViews {

QByteArray serialize(const QList<SavedView> &views);
/// Views with an empty or repeated name are dropped (the first of a name is kept); anything
/// that is not a JSON array reads as no views.
QList<SavedView> parse(const QByteArray &json);

QList<SavedView> load(const Settings &settings);
void save(Settings &settings, const QList<SavedView> &views);

} // namespace SavedViews
