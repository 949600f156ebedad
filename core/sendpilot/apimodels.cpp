// SPDX-License-Identifier: MIT
#include "sendpilot/apimodels.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLocale>
#include <QStringList>

#include <cmath>

using namespace Qt::StringLiterals;

namespace SendPilotApi {

namespace {

std::optional<double> number(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    if (!value.isDouble())
        return std::nullopt;
    return value.toDouble();
}

std::optional<qint64> integer(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        return std::nullopt;
    return qint64(value.toDouble());
}

// The answer as a JSON object, or nullopt with \a error saying why not.
std::optional<QJsonObject> rootObject(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = u"the answer is not JSON (%1 at byte %2)"_s.arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = u"the answer is not a JSON object"_s;
        return std::nullopt;
    }
    return document.object();
}

} // namespace

std::optional<Credits> parseCredits(const QByteArray &body, QString *error)
{
    const std::optional<QJsonObject> object = rootObject(body, error);
    if (!object)
        return std::nullopt;
    const QJsonObject &root = *object;
    const QJsonValue global = root.value("globalCredits"_L1);
    if (!global.isObject()) {
        *error = u"the answer has no \"globalCredits\" object"_s;
        return std::nullopt;
    }
    Credits credits;
    const QJsonObject pool = global.toObject();
    credits.balance = number(pool, "balance"_L1);
    credits.used = number(pool, "used"_L1);
    credits.remaining = number(pool, "remaining"_L1);
    const QJsonObject leads = root.value("leadDatabase"_L1).toObject();
    credits.leadQuota = number(leads, "quota"_L1);
    credits.leadUsed = number(leads, "used"_L1);
    credits.leadRemaining = number(leads, "remaining"_L1);
    return credits;
}

QString errorMessage(const QByteArray &body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QJsonValue message = root.value("message"_L1);
    if (message.isString() && !message.toString().trimmed().isEmpty())
        return message.toString().trimmed();
    if (message.isArray()) {
        // Validation errors come as a list of sentences.
        QStringList parts;
        const QJsonArray list = message.toArray();
        for (const QJsonValue &part : list) {
            if (part.isString() && !part.toString().trimmed().isEmpty())
                parts << part.toString().trimmed();
        }
        if (!parts.isEmpty())
            return parts.join(u"; "_s);
    }
    const QJsonValue error = root.value("error"_L1);
    if (error.isString())
        return error.toString().trimmed();
    return {};
}

std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const qint64 seconds = text.toLongLong(&isNumber);
    if (isNumber)
        return seconds >= 0 ? std::optional<qint64>(seconds * 1000) : std::nullopt;
    // HTTP-date, preferred form (IMF-fixdate): "Sun, 06 Nov 1994 08:49:37 GMT". RFC 9110
    // §5.6.7 asks recipients to accept the two obsolete forms too; the API is not known to send
    // them, and an unreadable value falls back to the default wait, which is safe.
    const QDateTime when
        = QLocale::c().toDateTime(QString::fromLatin1(text), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (!when.isValid())
        return std::nullopt;
    QDateTime utc = when;
    utc.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, now.msecsTo(utc));
}

std::optional<CampaignStatus> parseCampaignStatus(const QByteArray &body, QString *error)
{
    const std::optional<QJsonObject> object = rootObject(body, error);
    if (!object)
        return std::nullopt;
    const QJsonObject &root = *object;
    CampaignStatus status;
    status.status = root.value("status"_L1).toString().trimmed();
    if (status.status.isEmpty()) {
        *error = u"the answer has no \"status\""_s;
        return std::nullopt;
    }
    status.id = root.value("id"_L1).toString();
    status.name = root.value("name"_L1).toString();
    const QJsonValue progressValue = root.value("progress"_L1);
    const QJsonObject progress = progressValue.toObject();
    status.extracted = integer(progress, "extracted"_L1);
    status.enriched = integer(progress, "enriched"_L1);
    status.requested = integer(progress, "requested"_L1);
    status.percentComplete = number(progress, "percent_complete"_L1);
    // A Lead Database search (§5.5): "found" where the extractor says "extracted", or the
    // schema's form, progress as a number from 0 to 100 and the count in totalResults.
    if (!status.extracted)
        status.extracted = integer(progress, "found"_L1);
    if (!status.extracted)
        status.extracted = integer(root, "totalResults"_L1);
    if (progressValue.isDouble())
        status.percentComplete = qBound(0.0, progressValue.toDouble(), 100.0);
    status.createdAt
        = QDateTime::fromString(root.value("created_at"_L1).toString(), Qt::ISODateWithMs);
    status.message = errorMessage(body);
    return status;
}

std::optional<PageInfo> parseResultsPage(const QByteArray &body, QString *error)
{
    const std::optional<QJsonObject> object = rootObject(body, error);
    if (!object)
        return std::nullopt;
    const QJsonObject &root = *object;
    const QJsonValue leads = root.value("leads"_L1);
    if (!leads.isArray()) {
        *error = u"the page has no \"leads\" list"_s;
        return std::nullopt;
    }
    PageInfo page;
    page.leads = leads.toArray().size();
    const QJsonValue pagination = root.value("pagination"_L1);
    if (!pagination.isUndefined() && !pagination.isNull()) {
        if (!pagination.isObject()) {
            *error = u"the page's \"pagination\" is not an object"_s;
            return std::nullopt;
        }
        page.hasPagination = true;
        const QJsonObject p = pagination.toObject();
        // has_more first: what the third-party client reads, hasMore its fallback (§4.4).
        for (const QLatin1StringView key : {"has_more"_L1, "hasMore"_L1}) {
            if (p.value(key).isBool()) {
                page.hasMore = p.value(key).toBool();
                break;
            }
        }
    }
    return page;
}

bool isLastPage(const PageInfo &page, qint64 limit)
{
    if (page.hasMore)
        return !*page.hasMore || page.leads == 0;
    return page.leads == 0 || page.leads < limit;
}

bool isValidCampaignId(const QString &id)
{
    if (id.isEmpty() || id.size() > 200)
        return false;
    for (const QChar c : id) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z')
            || (u >= u'0' && u <= u'9') || u == u'_' || u == u'-' || u == u'.';
        if (!ok)
            return false;
    }
    return id != u"."_s && id != u".."_s;
}

} // namespace SendPilotApi
