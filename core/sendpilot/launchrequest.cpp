// SPDX-License-Identifier: MIT
#include "sendpilot/launchrequest.h"

#include "sendpilot/apimodels.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("LaunchRequest", text);
}

// What the user typed, short enough for a message.
QString shown(const QString &url)
{
    return url.size() > 80 ? url.left(79) + u'…' : url;
}

bool isLinkedinHost(const QString &host)
{
    const QString h = host.toLower();
    return h == "linkedin.com"_L1 || h == "www.linkedin.com"_L1;
}

} // namespace

namespace SendPilotApi {

QString modeName(ExtractionMode mode)
{
    return mode == ExtractionMode::WithEnrichment ? u"with_enrichment"_s : u"extraction_only"_s;
}

std::optional<ExtractionMode> modeFromName(QStringView name)
{
    if (name == u"extraction_only")
        return ExtractionMode::ExtractionOnly;
    if (name == u"with_enrichment")
        return ExtractionMode::WithEnrichment;
    return std::nullopt;
}

QString urlTypeName(UrlType type)
{
    return type == UrlType::SalesNavigator ? u"sales_navigator"_s : u"linkedin_search"_s;
}

std::optional<UrlType> urlTypeFromName(QStringView name)
{
    if (name == u"linkedin_search")
        return UrlType::LinkedinSearch;
    if (name == u"sales_navigator")
        return UrlType::SalesNavigator;
    return std::nullopt;
}

QString urlProblem(const QString &text, UrlType type)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return tr("The URL is empty.");
    const QUrl url(trimmed, QUrl::TolerantMode);
    if (!url.isValid() || url.host().isEmpty())
        return tr("“%1” is not a URL.").arg(shown(trimmed));
    if (url.scheme().toLower() != "https"_L1)
        return tr("“%1” must start with https://.").arg(shown(trimmed));
    if (!isLinkedinHost(url.host()))
        return tr("“%1” is not on linkedin.com.").arg(shown(trimmed));
    const QString path = url.path();
    const bool search = path.startsWith("/search/"_L1);
    const bool sales = path.startsWith("/sales/"_L1);
    if (type == UrlType::LinkedinSearch) {
        if (sales)
            return tr("“%1” is a Sales Navigator URL: choose the URL type Sales Navigator.")
                .arg(shown(trimmed));
        if (!search)
            return tr("“%1” is not a LinkedIn search: its address starts with "
                      "https://www.linkedin.com/search/.")
                .arg(shown(trimmed));
    } else {
        if (search)
            return tr("“%1” is a LinkedIn search URL: choose the URL type LinkedIn search.")
                .arg(shown(trimmed));
        if (!sales)
            return tr("“%1” is not a Sales Navigator search: its address starts with "
                      "https://www.linkedin.com/sales/.")
                .arg(shown(trimmed));
    }
    return {};
}

QList<LaunchProblem> validateLaunch(const LaunchRequest &request)
{
    using Field = LaunchProblem::Field;
    QList<LaunchProblem> problems;
    if (request.name.trimmed().isEmpty())
        problems.append({Field::Name, -1, tr("Give the campaign a name.")});
    if (request.urls.isEmpty())
        problems.append({Field::Urls, -1, tr("Give at least one LinkedIn search URL.")});
    for (int i = 0; i < request.urls.size(); ++i) {
        if (const QString why = urlProblem(request.urls.at(i), request.urlType); !why.isEmpty())
            problems.append({Field::Urls, i, why});
    }
    if (request.limit < 1)
        problems.append(
            {Field::Limit, -1, tr("The limit is the most leads to extract: 1 or more.")});
    return problems;
}

QByteArray launchBody(const LaunchRequest &request)
{
    QJsonArray urls;
    for (const QString &url : request.urls)
        urls.append(url.trimmed());
    const QJsonObject body {
        {u"name"_s, request.name.trimmed()},
        {u"urls"_s, urls},
        {u"limit"_s, request.limit},
        {u"mode"_s, modeName(request.mode)},
        {u"url_type"_s, urlTypeName(request.urlType)},
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::optional<QString> parseLaunchedCampaignId(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (!document.isObject()) {
        *error = u"the answer is not a JSON object"_s;
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    const auto idIn = [](const QJsonObject &o) -> QString {
        for (const QLatin1StringView key : {"id"_L1, "campaign_id"_L1, "campaignId"_L1}) {
            if (const QJsonValue v = o.value(key); v.isString() && !v.toString().isEmpty())
                return v.toString();
        }
        return {};
    };
    QString id = idIn(root);
    for (const QLatin1StringView wrapper : {"data"_L1, "campaign"_L1}) {
        if (id.isEmpty())
            id = idIn(root.value(wrapper).toObject());
    }
    if (id.isEmpty()) {
        *error = u"the answer names no campaign id"_s;
        return std::nullopt;
    }
    if (!isValidCampaignId(id)) {
        *error = u"the campaign id in the answer cannot be used in a URL"_s;
        return std::nullopt;
    }
    return id;
}

} // namespace SendPilotApi
