// SPDX-License-Identifier: MIT
#include "http/httpresponse.h"

#include <QDateTime>
#include <QJsonDocument>

#include <array>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

// Seconds a client is asked to wait before retrying a 503 (RFC 9110 10.2.3). SendPilot retries
// on its own schedule anyway (sendpilot-webhooks.md 1.3); one second lets a burst drain.
constexpr int RetryAfterSecs = 1;

// RFC 9110 5.6.7: IMF-fixdate always uses these English names, whatever the locale.
constexpr std::array<const char *, 7> DayNames = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<const char *, 12> MonthNames
    = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

QByteArray imfFixdate(qint64 epochSecs)
{
    const QDateTime utc = QDateTime::fromSecsSinceEpoch(epochSecs, Qt::UTC);
    const QDate date = utc.date();
    const QTime time = utc.time();
    char buffer[40];
    const int length
        = std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                        DayNames[date.dayOfWeek() - 1], date.day(), MonthNames[date.month() - 1],
                        date.year(), time.hour(), time.minute(), time.second());
    return QByteArray(buffer, length);
}

// Formatting a date per response shows up in a keep-alive benchmark; it changes once a second.
QByteArray currentDate()
{
    thread_local qint64 cachedSecs = -1;
    thread_local QByteArray cached;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != cachedSecs) {
        cachedSecs = now;
        cached = imfFixdate(now);
    }
    return cached;
}

bool isFramingHeader(QByteArrayView name)
{
    return name.compare("Content-Length", Qt::CaseInsensitive) == 0
        || name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0
        || name.compare("Connection", Qt::CaseInsensitive) == 0
        || name.compare("Date", Qt::CaseInsensitive) == 0;
}

bool isSafeFieldText(QByteArrayView text)
{
    // Never let a header name or value split the response (CRLF injection).
    for (const char c : text) {
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    }
    return true;
}

} // namespace

HttpResponse HttpResponse::text(int status, const QByteArray &body)
{
    HttpResponse response;
    response.status = status;
    response.headers.append({"Content-Type"_ba, "text/plain; charset=utf-8"_ba});
    response.body = body;
    return response;
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    HttpResponse response;
    response.status = status;
    response.headers.append({"Content-Type"_ba, "application/json"_ba});
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse HttpResponse::serviceUnavailable()
{
    HttpResponse response = text(503, reasonPhrase(503) + '\n');
    response.headers.append({"Retry-After"_ba, QByteArray::number(RetryAfterSecs)});
    response.closeConnection = true;
    return response;
}

HttpResponse HttpResponse::rejection(int status)
{
    HttpResponse response
        = status == 503 ? serviceUnavailable() : text(status, reasonPhrase(status) + '\n');
    response.closeConnection = true;
    return response;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    // RFC 9110 15: the reason phrases it suggests.
    switch (status) {
    case 100:
        return "Continue"_ba;
    case 101:
        return "Switching Protocols"_ba;
    case 200:
        return "OK"_ba;
    case 201:
        return "Created"_ba;
    case 202:
        return "Accepted"_ba;
    case 204:
        return "No Content"_ba;
    case 301:
        return "Moved Permanently"_ba;
    case 302:
        return "Found"_ba;
    case 304:
        return "Not Modified"_ba;
    case 400:
        return "Bad Request"_ba;
    case 401:
        return "Unauthorized"_ba;
    case 403:
        return "Forbidden"_ba;
    case 404:
        return "Not Found"_ba;
    case 405:
        return "Method Not Allowed"_ba;
    case 408:
        return "Request Timeout"_ba;
    case 409:
        return "Conflict"_ba;
    case 411:
        return "Length Required"_ba;
    case 413:
        return "Content Too Large"_ba;
    case 414:
        return "URI Too Long"_ba;
    case 415:
        return "Unsupported Media Type"_ba;
    case 417:
        return "Expectation Failed"_ba;
    case 422:
        return "Unprocessable Content"_ba;
    case 429:
        return "Too Many Requests"_ba;
    case 431:
        return "Request Header Fields Too Large"_ba;
    case 500:
        return "Internal Server Error"_ba;
    case 501:
        return "Not Implemented"_ba;
    case 502:
        return "Bad Gateway"_ba;
    case 503:
        return "Service Unavailable"_ba;
    case 504:
        return "Gateway Timeout"_ba;
    case 505:
        return "HTTP Version Not Supported"_ba;
    default:
        return "Unknown"_ba;
    }
}

QByteArray HttpResponse::serialize(bool keepAlive) const
{
    // RFC 9110 8.6 / 15.3.5: no Content-Length and no content in 1xx and 204 responses.
    const bool bodyless = (status >= 100 && status < 200) || status == 204 || status == 304;
    const QByteArray &content = bodyless ? QByteArray() : body;

    QByteArray out;
    qsizetype headerSize = 128;
    for (const auto &[name, value] : headers)
        headerSize += name.size() + value.size() + 4;
    out.reserve(headerSize + content.size());

    // RFC 9110 6.2: a server sends its own highest conformant version in the status line.
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\n";
    for (const auto &[name, value] : headers) {
        // The connection owns framing and the connection state; a handler's copy would conflict.
        if (name.isEmpty() || isFramingHeader(name) || !isSafeFieldText(name)
            || !isSafeFieldText(value)) {
            continue;
        }
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (!bodyless) {
        out += "Content-Length: ";
        out += QByteArray::number(content.size());
        out += "\r\n";
    }
    out += "Date: ";
    out += currentDate();
    out += "\r\n";
    // RFC 9112 9.6: "close" tells the client this is the last response on the connection.
    out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    out += content;
    return out;
}
