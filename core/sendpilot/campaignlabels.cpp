// SPDX-License-Identifier: MIT
#include "sendpilot/campaignlabels.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("CampaignLabels", text);
}
} // namespace

namespace CampaignLabels {

QString type(QStringView value)
{
    const QString trimmed = value.trimmed().toString();
    if (trimmed.compare(u"SEARCH"_s, Qt::CaseInsensitive) == 0)
        return tr("LinkedIn search");
    // Not in the docs, but what the create endpoint's url_type "sales_navigator" suggests.
    if (trimmed.compare(u"SALES_NAVIGATOR"_s, Qt::CaseInsensitive) == 0)
        return tr("Sales Navigator");
    return humanized(trimmed);
}

QString mode(QStringView value)
{
    const QString trimmed = value.trimmed().toString();
    if (trimmed.compare(u"extraction_only"_s, Qt::CaseInsensitive) == 0)
        return tr("Extraction only");
    if (trimmed.compare(u"with_enrichment"_s, Qt::CaseInsensitive) == 0)
        return tr("With enrichment");
    return humanized(trimmed);
}

QString humanized(QStringView value)
{
    QString words = value.trimmed().toString();
    for (QChar &c : words) {
        if (c == u'_' || c == u'-')
            c = u' ';
    }
    words = words.simplified().toLower();
    if (!words.isEmpty())
        words[0] = words[0].toUpper();
    return words;
}

} // namespace CampaignLabels
