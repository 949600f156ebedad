// SPDX-License-Identifier: MIT
#include "models/campaigntext.h"

#include "store/campaignsources.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

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
    if (upper == u"RUNNING"_s)
        return tr("Running");
    if (upper == u"FAILED"_s)
        return tr("Failed");
    if (upper == u"FINISHED"_s)
        return tr("Finished");
    return status.left(40);
}

} // namespace CampaignText
