// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/*!
    Starting a Lead Extractor campaign: POST /v1/lead-extractor/campaigns (sendpilot-webhooks.md
    §4.2). The official page was not captured; the body is the one a public n8n node generated
    from SendPilot's API description gives: name (required), urls (required, LinkedIn search
    URLs), limit (required, >= 1), mode ("extraction_only", the default, or "with_enrichment"),
    url_type ("linkedin_search", the default, or "sales_navigator"). No maximum limit, number of
    URLs or name length is documented, so none is invented here. The answer's shape is not
    documented either: it "returns a campaign id" (the status and results endpoints take "the
    campaign ID returned from the create campaign endpoint").
*/
namespace SendPilotApi {

inline constexpr char LaunchPath[] = "/v1/lead-extractor/campaigns";

enum class ExtractionMode { ExtractionOnly, WithEnrichment };
enum class UrlType { LinkedinSearch, SalesNavigator };

/// The API's spelling: "extraction_only", "with_enrichment" (§4.6).
QString modeName(ExtractionMode mode);
std::optional<ExtractionMode> modeFromName(QStringView name);
/// The API's spelling: "linkedin_search", "sales_navigator" (§4.6).
QString urlTypeName(UrlType type);
std::optional<UrlType> urlTypeFromName(QStringView name);

struct LaunchRequest
{
    QString name;
    QStringList urls;
    qint64 limit = 50; ///< the n8n node's default
    ExtractionMode mode = ExtractionMode::ExtractionOnly;
    UrlType urlType = UrlType::LinkedinSearch;
};

/// One thing wrong with a request, for the field it is about.
struct LaunchProblem
{
    enum class Field { Name, Urls, Limit };
    Field field = Field::Name;
    int urlIndex = -1; ///< for Urls: which URL (0-based), -1 for the list as a whole
    QString message;
};

/// Why \a url cannot be sent as a search URL of \a type, or empty when it can: an https URL on
/// linkedin.com (or www.linkedin.com), its path under /search/ for a LinkedIn search and under
/// /sales/ for Sales Navigator ("LinkedIn or Sales Navigator search URLs", §4.2). A URL of the
/// other kind says which URL type it needs.
QString urlProblem(const QString &url, UrlType type);
/// Everything wrong with \a request, in field order; empty when it can be sent. Checked before
/// any request is made.
QList<LaunchProblem> validateLaunch(const LaunchRequest &request);
/// The JSON body of the POST (names trimmed, URLs trimmed).
QByteArray launchBody(const LaunchRequest &request);
/// The campaign id in the answer to the POST, or nullopt with \a error. The shape is not
/// documented: "id" at the top, as the status endpoint names it (§4.3), else "campaign_id" or
/// "campaignId", at the top or inside a "data" or "campaign" object [INFERENCE]; it must pass
/// isValidCampaignId().
std::optional<QString> parseLaunchedCampaignId(const QByteArray &body, QString *error);

} // namespace SendPilotApi
