// SPDX-License-Identifier: MIT
#include "filterleads.h"

#include "fixtures.h"

using namespace Qt::StringLiterals;

namespace TestSupport::FilterLeads {

namespace {

Lead lead(const QString &id, const QString &first, const QString &last, const QString &company,
          const QString &position, const QString &location, bool email, const QString &phone,
          std::optional<qint64> connections, std::optional<qint64> followers)
{
    Lead l = namedLead(id, first, last);
    l.company = company;
    l.jobPosition = position;
    l.location = location;
    if (email)
        l.email = id + u"@example.com"_s;
    l.phone = phone;
    l.connections = connections;
    l.followers = followers;
    return l;
}

} // namespace

QString longName()
{
    return u"Maximilian Alexander Konstantin von Hohenberg-Wittelsbach III"_s.left(60);
}

QList<EventStore::Item> items()
{
    const QList<Lead> a {
        lead(u"a1"_s, u"Anna"_s, u"Müller"_s, u"Müller GmbH"_s, u"Founder & CEO"_s,
             u"Berlin Metropolitan Area"_s, true, {}, 500, 1200),
        lead(u"a2"_s, u"Bob"_s, u"Stone"_s, u"Acme Corp"_s, u"Head of Sales"_s, u"Greater London"_s,
             false, u"+1-555-0100"_s, 120, std::nullopt),
        lead(u"a3"_s, u"千代"_s, u"田中"_s, u"株式会社テスト"_s, u"エンジニア"_s, u"Tokyo, Japan"_s,
             false, {}, std::nullopt, 80),
    };
    Lead longLead
        = lead(u"b3"_s, {}, {}, u"Société Générale Investment Banking and Markets Division Ltd."_s,
               u"Sales Manager"_s, u"Zürich, Switzerland"_s, true, {}, 10000, 100);
    longLead.fullName = longName();
    const QList<Lead> b {
        lead(u"b1"_s, u"Dara"_s, u"O'Neil"_s, u"ACME Industries"_s, u"Co-Founder"_s,
             u"Dublin, Ireland"_s, true, u"+353 1 555 0101"_s, 501, 5000),
        lead(u"b2"_s, u"Émile"_s, u"Zola"_s, u"Acmeville"_s, u"Founder"_s, u"Île-de-France"_s,
             false, {}, 499, 0),
        longLead,
    };
    return {jobItem(u"evt_filter_a"_s, u"camp_a"_s, QString::fromUtf8(CampaignA), a),
            jobItem(u"evt_filter_b"_s, u"camp_b"_s, QString::fromUtf8(CampaignB), b)};
}

QStringList allIds()
{
    return {u"a1"_s, u"a2"_s, u"a3"_s, u"b1"_s, u"b2"_s, u"b3"_s};
}

} // namespace TestSupport::FilterLeads
