// SPDX-License-Identifier: MIT
#pragma once

#include "http/httprejection.h"
#include "http/httprequest.h"

#include <QByteArrayView>

#include <memory>

/// Incremental HTTP/1.x request parser: an adapter over http-parser that adds our own limits and
/// framing checks (RFC 9112). Pull style: parse() stops at each event so the owner can act on it
/// (check headers, answer, apply back-pressure) before the next byte is looked at.
///
/// Only this file pair knows the underlying library, so a switch to llhttp stays local.
class HttpParser final
{
public:
    enum class Event {
        NeedMoreData, ///< everything given was consumed; feed more
        HeadersComplete, ///< request() holds method, target, headers; the body follows
        MessageComplete, ///< request() holds the whole request; the next parse() starts a new one
        Error, ///< see errorStatus()/errorReason(); the stream is unusable
    };

    HttpParser(qsizetype maxHeaderBytes, qint64 maxBodyBytes);
    ~HttpParser();
    Q_DISABLE_COPY_MOVE(HttpParser)

    /// Parses from \a data until the next event; \a consumed receives how many bytes were used
    /// (the rest must be given again). Header bytes past maxHeaderBytes are never buffered.
    Event parse(QByteArrayView data, qsizetype *consumed);

    /// The request being parsed (partial before MessageComplete).
    const HttpRequest &request() const;
    /// Moves the request out; valid after MessageComplete.
    HttpRequest takeRequest();

    /// True between the first byte of a request (not leading CRLFs) and its completion or error.
    bool messageStarted() const;
    bool headersComplete() const;
    /// Content-Length of the current request, or -1 if none was sent.
    qint64 contentLength() const;
    bool isChunked() const;
    /// A body is announced: chunked, or a Content-Length above zero.
    bool bodyAnnounced() const;
    /// RFC 9112 9.3: whether the connection may stay open after this request (version defaults,
    /// the Connection header, upgrades).
    bool keepAlive() const;
    /// RFC 9110 10.1.1: "Expect: 100-continue" on an HTTP/1.1 request.
    bool expectsContinue() const;

    int errorStatus() const; ///< 400, 413, 431, 505; 0 without an error
    HttpRejection errorReason() const; ///< what kind of error; meaningful after Event::Error
    QByteArray errorDetail() const; ///< a short explanation for logs, never payload bytes

    struct Private;

private:
    std::unique_ptr<Private> d;
};
