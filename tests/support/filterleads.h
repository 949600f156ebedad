// SPDX-License-Identifier: MIT
#pragma once

#include "store/eventstore.h"

#include <QList>
#include <QString>

/// Leads for the filter tests: two campaigns, six leads whose companies, positions, places,
/// contact details and counts are set apart (accents, non-Latin text, a 60-character name,
/// unknown counts), so each filter and each combination selects a different set.
namespace TestSupport::FilterLeads {

inline constexpr auto CampaignA = "Été Outreach"; ///< leads a1, a2, a3
inline constexpr auto CampaignB = "Founders Berlin"; ///< leads b1, b2, b3
/// b3's full name: 60 characters.
QString longName();

/// The two events (campaign A, then B), as the endpoint hands them to EventStore::ingest.
QList<EventStore::Item> items();
/// Every lead id, in ingest (row id) order.
QStringList allIds();

} // namespace TestSupport::FilterLeads
