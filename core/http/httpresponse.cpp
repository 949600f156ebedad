// SPDX-License-Identifier: MIT
#include "http/httpresponse.h"

#include <QDateTime>
#include <QJsonDocument>

#include <array>
#include <cstdio>

namespace {

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
    response.headers.append(
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/plain; charset=utf-8")});
    response.body = body;
    return response;
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    HttpResponse response;
    response.status = status;
    response.headers.append(
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    // RFC 9110 15: the reason phrases it suggests.
    switch (status) {
    case 100:
        return QByteArrayLiteral("Continue");
    case 101:
        return QByteArrayLiteral("Switching Protocols");
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 202:
        return QByteArrayLiteral("Accepted");
    case 204:
        return QByteArrayLiteral("No Content");
    case 301:
        return QByteArrayLiteral("Moved Permanently");
    case 302:
        return QByteArrayLiteral("Found");
    case 304:
        return QByteArrayLiteral("Not Modified");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 411:
        return QByteArrayLiteral("Length Required");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 414:
        return QByteArrayLiteral("URI Too Long");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 417:
        return QByteArrayLiteral("Expectation Failed");
    case 422:
        return QByteArrayLiteral("Unprocessable Content");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    case 505:
        return QByteArrayLiteral("HTTP Version Not Supported");
    default:
        return QByteArrayLiteral("Unknown");
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
