// SPDX-License-Identifier: MIT
#include "fakesendpilot.h"

#include "checks.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace TestSupport {

FakeSendPilot::Response FakeSendPilot::Response::json(int status, const QByteArray &body,
                                                      int delayMs)
{
    Response response;
    response.status = status;
    response.body = body;
    response.delayMs = delayMs;
    response.headers.append(
        qMakePair(QByteArray("Content-Type"), QByteArray("application/json; charset=utf-8")));
    return response;
}

FakeSendPilot::Response FakeSendPilot::Response::error(int status, const QByteArray &message,
                                                       const QByteArray &error)
{
    return json(status,
                "{\"statusCode\":" + QByteArray::number(status) + ",\"message\":\"" + message
                    + "\",\"error\":\"" + error + "\"}");
}

FakeSendPilot::Response &FakeSendPilot::Response::header(const QByteArray &name,
                                                         const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

QByteArray FakeSendPilot::Request::header(const QByteArray &name) const
{
    const QByteArray lower = name.toLower();
    for (const auto &h : headers) {
        if (h.first == lower)
            return h.second;
    }
    return {};
}

QByteArray FakeSendPilot::creditsExample()
{
    return R"({"globalCredits":{"balance":6200,"used":1200,"remaining":5000},)"
           R"("leadDatabase":{"quota":10000,"used":3500,"remaining":6500}})";
}

FakeSendPilot::FakeSendPilot(QObject *parent)
    : QObject(parent)
{
    if (!m_server.listen(QHostAddress::LocalHost, 0))
        throw CheckFailed(
            QString(u"FakeSendPilot cannot listen: "_s + m_server.errorString()).toStdString());
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    });
}

FakeSendPilot::~FakeSendPilot() = default;

QUrl FakeSendPilot::url() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort()));
}

void FakeSendPilot::script(const QByteArray &path, const Response &response)
{
    m_scripts[path].append(response);
}

void FakeSendPilot::handle(const QByteArray &path, std::function<Response(const Request &)> handler)
{
    m_handlers.insert(path, std::move(handler));
}

QByteArray FakeSendPilot::leadJson(int n, const QByteArray &idPrefix)
{
    const QByteArray k = QByteArray::number(n);
    return "{\"id\":\"" + idPrefix + k + "\",\"linkedin_identifier\":\"person-" + k
        + "\",\"linkedin_url\":\"https://www.linkedin.com/in/person-" + k
        + "\",\"first_name\":\"First" + k + "\",\"last_name\":\"Last" + k
        + "\",\"full_name\":\"First" + k + " Last" + k
        + "\",\"headline\":\"Head of things at Company " + k
        + "\",\"location\":\"Berlin\",\"company\":\"Company " + k
        + "\",\"job_position\":\"CEO\",\"email\":\"person" + k + "@example.com\"}";
}

QByteArray FakeSendPilot::resultsPage(int first, int count, bool hasMore, Paging paging,
                                      const QByteArray &idPrefix)
{
    QByteArray body = "{\"leads\":[";
    for (int i = 0; i < count; ++i) {
        if (i)
            body += ',';
        body += leadJson(first + i, idPrefix);
    }
    body += ']';
    const QByteArray more = hasMore ? "true" : "false";
    if (paging == Paging::SnakeCase)
        body += ",\"pagination\":{\"offset\":" + QByteArray::number(first) + ",\"has_more\":" + more
            + '}';
    else if (paging == Paging::CamelCase)
        body += ",\"pagination\":{\"offset\":" + QByteArray::number(first) + ",\"hasMore\":" + more
            + '}';
    return body + '}';
}

QByteArray FakeSendPilot::statusPath(const QByteArray &id)
{
    return "/v1/lead-extractor/campaigns/" + id + "/status";
}

QByteArray FakeSendPilot::resultsPath(const QByteArray &id)
{
    return "/v1/lead-extractor/campaigns/" + id + "/results";
}

void FakeSendPilot::serveCampaign(const QByteArray &id, int total, const QByteArray &status,
                                  Paging paging, bool truthfulHasMore)
{
    handle(statusPath(id), [id, total, status](const Request &) {
        return Response::json(200, statusBody(id, status, total));
    });
    handle(resultsPath(id), [total, paging, truthfulHasMore](const Request &r) {
        const int offset = int(queryValue(r.target, "offset"));
        const int limit = int(queryValue(r.target, "limit"));
        const int count = qBound(0, total - offset, limit);
        const bool more = truthfulHasMore ? offset + count < total : true;
        return Response::json(200, resultsPage(offset, count, more, paging));
    });
}

void FakeSendPilot::serveLaunch(const QByteArray &id, const QList<Step> &statuses, int total)
{
    serveCampaign(id, total, statuses.isEmpty() ? QByteArray("FINISHED") : statuses.last().status);
    // The status is named as the campaign was: what the POST said.
    auto name = std::make_shared<QByteArray>("API campaign");
    handle(launchPath(), [id, name](const Request &r) {
        *name = QJsonDocument::fromJson(r.body).object().value("name"_L1).toString().toUtf8();
        return Response::json(201, "{\"id\":\"" + id + "\",\"status\":\"PENDING\"}");
    });
    if (statuses.isEmpty())
        return;
    auto polls = std::make_shared<qsizetype>(0);
    handle(statusPath(id), [id, statuses, total, name, polls](const Request &) {
        const Step step = statuses.at(qMin(*polls, statuses.size() - 1));
        ++*polls;
        return Response::json(200, statusBody(id, step, total, {}, *name));
    });
}

QByteArray FakeSendPilot::statusBody(const QByteArray &id, const Step &step, int requested,
                                     const QByteArray &extra, const QByteArray &name)
{
    return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"status\":\"" + step.status
        + "\",\"progress\":{\"extracted\":" + QByteArray::number(step.extracted) + ",\"enriched\":"
        + QByteArray::number(step.extracted) + ",\"requested\":" + QByteArray::number(requested)
        + ",\"percent_complete\":" + QByteArray::number(step.percent)
        + "},\"created_at\":\"2024-02-24T10:30:00.000Z\"" + extra + '}';
}

QByteArray FakeSendPilot::statusBody(const QByteArray &id, const QByteArray &status, int leads,
                                     const QByteArray &name)
{
    const QByteArray n = QByteArray::number(leads);
    return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"status\":\"" + status
        + "\",\"progress\":{\"extracted\":" + n + ",\"enriched\":" + n + ",\"requested\":" + n
        + ",\"percent_complete\":100},\"created_at\":\"2024-02-24T10:30:00.000Z\"}";
}

QByteArray FakeSendPilot::jobCompletedBody(const QByteArray &eventId, const QByteArray &id,
                                           int total, int held, const QByteArray &name)
{
    QByteArray leads;
    for (int i = 0; i < held; ++i) {
        if (i)
            leads += ',';
        leads += leadJson(i, "lead_");
    }
    const QByteArray t = QByteArray::number(total);
    return "{\"eventId\":\"" + eventId
        + "\",\"eventType\":\"lead_extractor.job.completed\",\"timestamp\":"
          "\"2024-02-24T10:30:00.000Z\",\"workspaceId\":\"ws_1\",\"data\":{\"campaign_id\":\""
        + id + "\",\"campaign_name\":\"" + name
        + "\",\"campaign_type\":\"SEARCH\",\"mode\":\"with_enrichment\",\"search_urls\":[],"
          "\"total_leads_extracted\":"
        + t + ",\"total_leads_enriched\":" + t + ",\"requested_limit\":" + t
        + ",\"started_at\":\"2024-02-24T10:00:00.000Z\",\"completed_at\":"
          "\"2024-02-24T10:30:00.000Z\",\"duration_ms\":1800000,\"credits_used\":{"
          "\"extraction\":10,\"enrichment\":20,\"total\":30},\"leads\":["
        + leads + "]}}";
}

qint64 FakeSendPilot::queryValue(const QByteArray &target, const QByteArray &key)
{
    const qsizetype query = target.indexOf('?');
    if (query < 0)
        return -1;
    for (const QByteArray &pair : target.mid(query + 1).split('&')) {
        if (pair.startsWith(QByteArray(key + '=')))
            return pair.mid(key.size() + 1).toLongLong();
    }
    return -1;
}

int FakeSendPilot::requestCount(const QByteArray &path) const
{
    int count = 0;
    for (const Request &request : m_requests) {
        if (request.target == path || request.target.startsWith(QByteArray(path + '?')))
            ++count;
    }
    return count;
}

void FakeSendPilot::serve(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    Request request;
    const QList<QByteArray> startLine = lines.value(0).trimmed().split(' ');
    request.method = startLine.value(0);
    request.target = startLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            request.headers.append({lines.at(i).left(colon).trimmed().toLower(),
                                    lines.at(i).mid(colon + 1).trimmed()});
    }
    // A POST's body: wait for all of it (Content-Length; the client sends no chunked body).
    const qsizetype length = request.header("content-length").toLongLong();
    if (buffer.size() < end + 4 + length)
        return;
    request.body = buffer.mid(end + 4, length);
    buffer.clear();
    m_requests.append(request);
    Q_EMIT requestReceived(request.target);

    const qsizetype query = request.target.indexOf('?');
    const QByteArray path = query < 0 ? request.target : request.target.left(query);
    Response response = Response::error(404, "Not Found", "Not Found");
    QList<Response> &queue = m_scripts[path];
    if (!queue.isEmpty()) {
        m_last[path] = queue.takeFirst();
        response = m_last.value(path);
    } else if (const auto handler = m_handlers.constFind(path); handler != m_handlers.cend()) {
        response = (*handler)(request);
    } else if (m_last.contains(path)) {
        response = m_last.value(path);
    }

    QByteArray bytes = "HTTP/1.1 " + QByteArray::number(response.status) + " Fake\r\n";
    for (const auto &h : std::as_const(response.headers))
        bytes += h.first + ": " + h.second + "\r\n";
    bytes += "Content-Length: " + QByteArray::number(response.body.size())
        + "\r\nConnection: close\r\n\r\n" + response.body;
    QPointer<QTcpSocket> target(socket);
    const auto send = [target, bytes] {
        if (!target || target->state() != QAbstractSocket::ConnectedState)
            return; // the client gave up first (a timeout)
        target->write(bytes);
        target->disconnectFromHost();
    };
    if (response.delayMs > 0)
        QTimer::singleShot(response.delayMs, this, send);
    else
        send();
}

} // namespace TestSupport
