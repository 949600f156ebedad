// SPDX-License-Identifier: MIT
#include "models/leadprofile.h"

#include "common/logging.h"
#include "sendpilot/leadjson.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace LeadProfiles {
namespace {
LoadResult failed(const QString &error)
{
    qCWarning(lcModels).noquote() << "Lead profile query failed:" << error;
    LoadResult result;
    result.status = LoadResult::Status::Failed;
    result.error
        = QCoreApplication::translate("LeadProfiles", "The lead could not be read: %1").arg(error);
    return result;
}
} // namespace

LoadResult load(const QSqlDatabase &db, qint64 leadRowId)
{
    if (!db.isOpen())
        return failed(QCoreApplication::translate("LeadProfiles", "the database is not open"));
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(
            u"SELECT lead_id, linkedin_identifier, linkedin_url, first_name, last_name,"
            " full_name, headline, summary, location, city, country, profile_picture_url,"
            " company, job_position, email, phone, connections, followers, experience,"
            " education, skills, job_title, industry, seniority, company_linkedin_url,"
            " website, employees FROM leads WHERE id = ?"_s))
        return failed(query.lastError().text());
    query.addBindValue(leadRowId);
    if (!query.exec())
        return failed(query.lastError().text());
    if (!query.next()) {
        if (query.lastError().isValid())
            return failed(query.lastError().text());
        return {};
    }
    LeadProfile profile;
    profile.rowId = leadRowId;
    Lead &lead = profile.lead;
    lead.id = query.value(0).toString();
    lead.linkedinIdentifier = query.value(1).toString();
    lead.linkedinUrl = query.value(2).toString();
    lead.firstName = query.value(3).toString();
    lead.lastName = query.value(4).toString();
    lead.fullName = query.value(5).toString();
    lead.headline = query.value(6).toString();
    lead.summary = query.value(7).toString();
    lead.location = query.value(8).toString();
    lead.city = query.value(9).toString();
    lead.country = query.value(10).toString();
    lead.profilePictureUrl = query.value(11).toString();
    lead.company = query.value(12).toString();
    lead.jobPosition = query.value(13).toString();
    lead.email = query.value(14).toString();
    lead.phone = query.value(15).toString();
    if (!query.isNull(16))
        lead.connections = query.value(16).toLongLong();
    if (!query.isNull(17))
        lead.followers = query.value(17).toLongLong();
    // A value that is not what the store writes reads as an empty list, as before.
    lead.experience
        = LeadJson::decodeExperience(query.value(18).toByteArray()).value_or(QList<Experience>());
    lead.education
        = LeadJson::decodeEducation(query.value(19).toByteArray()).value_or(QList<Education>());
    lead.skills = LeadJson::decodeStringList(query.value(20).toByteArray()).value_or(QStringList());
    // A Lead Database search's own fields (schema v12), empty for extractor leads.
    lead.jobTitle = query.value(21).toString();
    lead.industry = query.value(22).toString();
    lead.seniority = query.value(23).toString();
    lead.companyLinkedinUrl = query.value(24).toString();
    lead.website = query.value(25).toString();
    lead.employees = query.value(26).toString();

    // The same person in other campaigns: matched on the normalised LinkedIn identifier only
    // (normalizedLinkedinIdentifier: the store writes it so, from the URL's slug when no
    // identifier was sent), never on SendPilot's lead id, which may be a per-job counter that
    // joins different people. A lead without an identifier is in its own campaign only. One
    // lookup through the identifier's partial index (schema v2; the "<> ''" term lets SQLite
    // use it), never a scan of all leads.
    QStringList match {u"SELECT campaign FROM leads WHERE id = ?"_s};
    QVariantList bindings {leadRowId};
    const QString &identifier = lead.linkedinIdentifier;
    if (!identifier.isEmpty()) {
        match.append(u"SELECT campaign FROM leads"
                     " WHERE linkedin_identifier = ? AND linkedin_identifier <> ''"_s);
        bindings.append(identifier);
    }
    if (!query.prepare(u"SELECT c.id, c.campaign_id, c.name, c.received_at FROM campaigns c"
                       " WHERE c.id IN ("_s
                       + match.join(u" UNION ALL "_s)
                       + u") ORDER BY c.received_at DESC, c.id DESC"_s))
        return failed(query.lastError().text());
    for (const QVariant &value : std::as_const(bindings))
        query.addBindValue(value);
    if (!query.exec())
        return failed(query.lastError().text());
    while (query.next()) {
        profile.campaigns.append({query.value(0).toLongLong(), query.value(1).toString(),
                                  query.value(2).toString(), query.value(3).toLongLong()});
    }
    if (query.lastError().isValid())
        return failed(query.lastError().text());
    LoadResult result;
    result.status = LoadResult::Status::Found;
    result.profile = std::move(profile);
    return result;
}

QString initials(const Lead &lead)
{
    QString name = lead.fullName.trimmed();
    if (name.isEmpty())
        name = QString(lead.firstName + u' ' + lead.lastName).trimmed();
    QString out;
    if (!name.isEmpty()) {
        const QStringList words = name.split(u' ', Qt::SkipEmptyParts);
        for (const QString &word : words) {
            if (out.size() >= 2)
                break;
            out += word.at(0).toUpper();
        }
        return out;
    }
    // No name: the first letters of the email's local part, split on . _ -
    const QString local = lead.email.section(u'@', 0, 0);
    QString word;
    for (const QChar c : local) {
        if (c == u'.' || c == u'_' || c == u'-' || c == u'+') {
            word.clear();
            continue;
        }
        if (word.isEmpty() && out.size() < 2 && c.isLetterOrNumber())
            out += c.toUpper();
        word += c;
    }
    return out;
}

} // namespace LeadProfiles
