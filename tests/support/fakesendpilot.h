// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;

namespace TestSupport {

/*!
    A local fake of the SendPilot API: real HTTP/1.1 over a loopback QTcpServer on a free port,
    scripted per path. Point the product's base URL at url(). Each path answers with its
    scripted responses in order, each once, and then keeps giving the last one; a path with no
    script answers 404 {"statusCode":404,"message":"Not Found"}. Every
    request is kept (method, target, headers) for the test to check. One request per
    connection (it answers with Connection: close), which is all the client needs.
*/
class FakeSendPilot final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeSendPilot)

public:
    struct Response
    {
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers; ///< besides Content-Length and Connection
        int delayMs = 0; ///< answer this long after the request arrived (a timer, no sleep)

        static Response json(int status, const QByteArray &body, int delayMs = 0);
        /// SendPilot's error body (§4.1): {"statusCode":N,"message":...,"error":...}.
        static Response error(int status, const QByteArray &message, const QByteArray &error);
        Response &header(const QByteArray &name, const QByteArray &value);
    };
    struct Request
    {
        QByteArray method;
        QByteArray target; ///< path and query as sent
        QList<QPair<QByteArray, QByteArray>> headers; ///< names lower-cased
        QByteArray body; ///< as many bytes as Content-Length said (a POST's JSON)
        QByteArray header(const QByteArray &name) const;
    };

    explicit FakeSendPilot(QObject *parent = nullptr);
    ~FakeSendPilot() override;

    /// The base URL to give the client: http://127.0.0.1:PORT
    QUrl url() const;

    /// Appends \a response to the script of \a path (path without the query).
    void script(const QByteArray &path, const Response &response);
    /// Answers every request for \a path (without the query) by calling \a handler, once its
    /// script (if any) is used up: pages made on demand, so a large campaign is never held.
    void handle(const QByteArray &path, std::function<Response(const Request &)> handler);

    /// How a results page spells its paging (§4.4 is not documented).
    enum class Paging { SnakeCase, CamelCase, None };
    /// Serves campaign \a id: its status (\a status, \a total leads) and its results made
    /// page by page on demand, persons [0, \a total); \a truthfulHasMore false says there is
    /// more on every page (so only an empty page ends).
    void serveCampaign(const QByteArray &id, int total, const QByteArray &status = "FINISHED",
                       Paging paging = Paging::SnakeCase, bool truthfulHasMore = true);
    static QByteArray statusPath(const QByteArray &id);
    static QByteArray resultsPath(const QByteArray &id);
    /// The lead object of person \a n (§3.11 fields): LinkedIn identifier "person-<n>", its
    /// URL, names, company, an email; the SendPilot lead id "<idPrefix><n>".
    static QByteArray leadJson(int n, const QByteArray &idPrefix = "lead_");
    /// A results page with persons [\a first, \a first + \a count), paging as \a paging says.
    static QByteArray resultsPage(int first, int count, bool hasMore, Paging paging,
                                  const QByteArray &idPrefix = "api_");
    /// Answers POST /v1/lead-extractor/campaigns (§4.2) with {"id": \a id, "status": "PENDING"}
    /// (201), and serves the status of \a id as \a statuses, one per poll (the last repeated),
    /// each with its percent_complete and the name the POST gave, and its \a total leads as
    /// serveCampaign() does.
    struct Step
    {
        QByteArray status;
        int percent = 0;
        int extracted = 0;
    };
    void serveLaunch(const QByteArray &id, const QList<Step> &statuses, int total);
    static QByteArray launchPath() { return "/v1/lead-extractor/campaigns"; }
    /// A status answer with the progress of \a step (requested \a requested).
    static QByteArray statusBody(const QByteArray &id, const Step &step, int requested,
                                 const QByteArray &extra = {},
                                 const QByteArray &name = "Launched campaign");
    /// A status answer (§4.3) for \a id: \a status, progress extracted = enriched = \a leads.
    static QByteArray statusBody(const QByteArray &id, const QByteArray &status, int leads,
                                 const QByteArray &name = "API campaign");
    /// A signed-webhook body (lead_extractor.job.completed) for campaign \a id saying it
    /// extracted \a total leads and holding persons [0, \a held), credits 10 + 20 = 30.
    static QByteArray jobCompletedBody(const QByteArray &eventId, const QByteArray &id, int total,
                                       int held, const QByteArray &name = "Webhook campaign");
    /// The query value of \a key in \a target ("...?limit=100&offset=200"), or -1.
    static qint64 queryValue(const QByteArray &target, const QByteArray &key);
    /// The documented credits example (§4.5).
    static QByteArray creditsExample();

    QList<Request> requests() const { return m_requests; }
    int requestCount(const QByteArray &path) const;

Q_SIGNALS:
    void requestReceived(const QByteArray &target);

private:
    void serve(QTcpSocket *socket);

    QTcpServer m_server;
    QHash<QByteArray, QList<Response>> m_scripts;
    QHash<QByteArray, Response> m_last; ///< what a path answers once its script is used up
    QHash<QByteArray, std::function<Response(const Request &)>> m_handlers;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace TestSupport
