// SPDX-License-Identifier: MIT
#include "models/campaigntext.h"

#include "store/campaignsources.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("CampaignModel", text);
}
} // namespace

namespace CampaignText {

QString formatTime(const QVariant &ms)
{
    if (ms.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms.toLongLong(), Qt::LocalTime)
        .toString(u"yyyy-MM-dd HH:mm"_s);
}

// Short enough for a narrow column: the time today, the day this year, else the month. The
// tooltip has the full time.
QString formatShortTime(const QVariant &ms)
{
    if (ms.isNull())
        return {};
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms.toLongLong(), Qt::LocalTime);
    const QDate today = QDate::currentDate();
    const QLocale locale;
    if (time.date() == today) {
        // The locale's short form, without seconds (some locales' short form has them).
        QString format = locale.timeFormat(QLocale::ShortFormat);
        format.remove(u":ss"_s);
        return locale.toString(time.time(), format);
    }
    if (time.date().year() == today.year())
        return locale.toString(time.date(), u"d MMM"_s);
    // Another year: the month is precise enough in a list (the day is in the tooltip), and
    // "Dec 2023" fits where "1 Dec 2023" would be cut.
    return locale.toString(time.date(), u"MMM yyyy"_s);
}

QString formatDuration(qint64 ms)
{
    const qint64 minutes = (ms + 30'000) / 60'000;
    if (ms <= 0)
        return {};
    if (minutes < 1)
        return u"%1 s"_s.arg((ms + 500) / 1000);
    if (minutes < 60)
        return u"%1 min"_s.arg(minutes);
    return minutes % 60 ? u"%1 h %2 min"_s.arg(minutes / 60).arg(minutes % 60)
                        : u"%1 h"_s.arg(minutes / 60);
}

QString sourceText(int sources)
{
    const bool webhook = sources & CampaignSources::Webhook;
    const bool api = sources & CampaignSources::Api;
    if (webhook && api)
        return tr("Webhook + API");
    return api ? tr("API") : tr("Webhook");
}

// The API's status word as shown ("Running"), for a campaign no webhook has finished.
QString apiStatusLabel(const QString &status)
{
    const QString upper = status.toUpper();
    if (upper == u"PENDING"_s)
        return tr("Pending");
    // A Lead Database search says processing and completed (§5.5).
    if (upper == u"RUNNING"_s || upper == u"PROCESSING"_s)
        return tr("Running");
    if (upper == u"FAILED"_s)
        return tr("Failed");
    if (upper == u"FINISHED"_s || upper == u"COMPLETED"_s)
        return tr("Finished");
    return status.left(40);
}

QString searchTypeText()
{
    return tr("Lead Database search");
}

QStringList filterLines(const QString &filtersJson)
{
    if (filtersJson.isEmpty())
        return {};
    const QJsonDocument document = QJsonDocument::fromJson(filtersJson.toUtf8());
    if (!document.isObject())
        return {};
    // QJsonObject sorts its keys; the stored text keeps SendPilot's order, so read the keys
    // from it (the object is small).
    const QJsonObject object = document.object();
    QStringList keys = object.keys();
    std::sort(keys.begin(), keys.end(), [&filtersJson](const QString &a, const QString &b) {
        return filtersJson.indexOf(u'"' + a + u'"') < filtersJson.indexOf(u'"' + b + u'"');
    });
    const auto text = [](const QJsonValue &value) -> QString {
        if (value.isString())
            return value.toString();
        if (value.isDouble())
            return QLocale().toString(value.toDouble(), 'g', 15);
        if (value.isBool())
            return value.toBool() ? tr("yes") : tr("no");
        if (value.isNull() || value.isUndefined())
            return QString();
        return QString::fromUtf8(
            value.isObject() ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
                             : QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    };
    QStringList lines;
    for (const QString &key : std::as_const(keys)) {
        const QJsonValue value = object.value(key);
        QStringList values;
        if (value.isArray()) {
            for (const QJsonValue &item : value.toArray()) {
                const QString t = text(item);
                if (!t.isEmpty())
                    values.append(t);
            }
        } else if (const QString t = text(value); !t.isEmpty()) {
            values.append(t);
        }
        if (values.isEmpty())
            continue;
        QString label = key;
        label.replace(u'_', u' ');
        if (!label.isEmpty())
            label[0] = label[0].toUpper();
        lines.append(QString(label + u": "_s + values.join(u", "_s)).left(300));
    }
    return lines;
}

} // namespace CampaignText
