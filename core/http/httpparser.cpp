// SPDX-License-Identifier: MIT
#include "http/httpparser.h"

#include <http_parser.h>

#include <limits>

namespace {

enum class Phase { Idle, Headers, Body, Complete, Failed };

constexpr qint64 MaxUpfrontReserveBytes = 16 * 1024 * 1024; // a 10,000-lead event is ~12 MiB

// RFC 9110 5.6.2: token = 1*tchar.
bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

struct HttpParser::Private
{
    Private(qsizetype maxHeader, qint64 maxBody)
        : maxHeaderBytes(maxHeader)
        , maxBodyBytes(maxBody)
    {
        http_parser_init(&parser, HTTP_REQUEST);
        parser.data = this;
    }

    void resetMessage()
    {
        request = HttpRequest();
        field.clear();
        value.clear();
        inValue = false;
        phase = Phase::Idle;
        headerBytes = 0;
        trailerBytes = 0;
        contentLength = -1;
        chunked = false;
        keepAlive = true;
        event = Event::NeedMoreData;
    }

    void fail(int status, HttpRejection reason, QByteArray detail)
    {
        if (phase == Phase::Failed)
            return;
        phase = Phase::Failed;
        errorStatus = status;
        errorReason = reason;
        errorDetail = std::move(detail);
    }

    void flushHeader()
    {
        if (!inValue && field.isEmpty())
            return;
        // RFC 9110 5.5: surrounding whitespace is not part of the field value.
        request.headers.append({field, value.trimmed()});
        field.clear();
        value.clear();
        inValue = false;
    }

    bool checkFraming();
    bool checkHeaders();

    static int onMessageBegin(http_parser *p);
    static int onUrl(http_parser *p, const char *at, size_t length);
    static int onHeaderField(http_parser *p, const char *at, size_t length);
    static int onHeaderValue(http_parser *p, const char *at, size_t length);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t length);
    static int onMessageComplete(http_parser *p);
    static int onChunkHeader(http_parser *p);
    static const http_parser_settings &settings();

    static Private *self(http_parser *p) { return static_cast<Private *>(p->data); }

    http_parser parser;
    const qsizetype maxHeaderBytes;
    const qint64 maxBodyBytes;

    HttpRequest request;
    QByteArray field;
    QByteArray value;
    bool inValue = false;
    Phase phase = Phase::Idle;
    qsizetype headerBytes = 0; // request line and header section of the current request
    qsizetype trailerBytes = 0; // trailer section of a chunked body
    qint64 contentLength = -1;
    bool chunked = false;
    bool keepAlive = true;
    Event event = Event::NeedMoreData; // set by a callback that paused the parser

    int errorStatus = 0;
    HttpRejection errorReason = HttpRejection::BadRequest;
    QByteArray errorDetail;
};

const http_parser_settings &HttpParser::Private::settings()
{
    static const http_parser_settings s = [] {
        http_parser_settings settings;
        http_parser_settings_init(&settings);
        settings.on_message_begin = &Private::onMessageBegin;
        settings.on_url = &Private::onUrl;
        settings.on_header_field = &Private::onHeaderField;
        settings.on_header_value = &Private::onHeaderValue;
        settings.on_headers_complete = &Private::onHeadersComplete;
        settings.on_body = &Private::onBody;
        settings.on_message_complete = &Private::onMessageComplete;
        settings.on_chunk_header = &Private::onChunkHeader;
        return settings;
    }();
    return s;
}

int HttpParser::Private::onMessageBegin(http_parser *p)
{
    self(p)->phase = Phase::Headers;
    return 0;
}

int HttpParser::Private::onUrl(http_parser *p, const char *at, size_t length)
{
    // Bounded: parse() never feeds more than maxHeaderBytes + 1 bytes of a header section.
    self(p)->request.target.append(at, qsizetype(length));
    return 0;
}

int HttpParser::Private::onHeaderField(http_parser *p, const char *at, size_t length)
{
    Private *d = self(p);
    if (d->phase == Phase::Body) {
        // RFC 9112 7.1.2: trailer fields may be discarded; count them so they stay bounded.
        d->trailerBytes += qsizetype(length);
        if (d->trailerBytes > d->maxHeaderBytes) {
            d->fail(431, HttpRejection::HeaderTooLarge, "trailer section too large");
            return -1;
        }
        return 0;
    }
    if (d->inValue)
        d->flushHeader();
    d->field.append(at, qsizetype(length));
    return 0;
}

int HttpParser::Private::onHeaderValue(http_parser *p, const char *at, size_t length)
{
    Private *d = self(p);
    if (d->phase == Phase::Body) {
        d->trailerBytes += qsizetype(length);
        if (d->trailerBytes > d->maxHeaderBytes) {
            d->fail(431, HttpRejection::HeaderTooLarge, "trailer section too large");
            return -1;
        }
        return 0;
    }
    d->inValue = true;
    d->value.append(at, qsizetype(length));
    return 0;
}

int HttpParser::Private::onHeadersComplete(http_parser *p)
{
    Private *d = self(p);
    d->flushHeader();
    d->request.method = http_method_str(static_cast<http_method>(p->method));
    d->request.httpMajor = p->http_major;
    d->request.httpMinor = p->http_minor;
    d->request.path = HttpRequest::pathFromTarget(d->request.target);
    d->keepAlive = http_should_keep_alive(p) != 0;
    // Pause so that parse() can count the header section exactly and run our checks before a
    // single body byte is looked at.
    d->event = Event::HeadersComplete;
    http_parser_pause(p, 1);
    return 0;
}

int HttpParser::Private::onChunkHeader(http_parser *p)
{
    Private *d = self(p);
    // Here p->content_length is the size of the chunk that follows: refuse it before reading it.
    const quint64 chunk = p->content_length;
    const quint64 room = quint64(d->maxBodyBytes - d->request.body.size());
    if (chunk > room) {
        d->fail(413, HttpRejection::BodyTooLarge, "chunked body over the limit");
        return -1;
    }
    return 0;
}

int HttpParser::Private::onBody(http_parser *p, const char *at, size_t length)
{
    Private *d = self(p);
    if (d->request.body.size() + qint64(length) > d->maxBodyBytes) {
        d->fail(413, HttpRejection::BodyTooLarge, "body over the limit");
        return -1;
    }
    d->request.body.append(at, qsizetype(length));
    return 0;
}

int HttpParser::Private::onMessageComplete(http_parser *p)
{
    Private *d = self(p);
    // An upgrade (or CONNECT) hands the stream to another protocol, which we do not speak: the
    // request is answered and the connection closed.
    if (p->upgrade)
        d->keepAlive = false;
    d->phase = Phase::Complete;
    d->event = Event::MessageComplete;
    http_parser_pause(p, 1);
    return 0;
}

// RFC 9112 6.1 and 6.3, checked on the header fields we collected, whatever the library did.
bool HttpParser::Private::checkFraming()
{
    int contentLengthCount = 0;
    QByteArray contentLengthValue;
    QByteArrayList codings;
    bool hasTransferEncoding = false;
    for (const auto &[name, fieldValue] : request.headers) {
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            ++contentLengthCount;
            contentLengthValue = fieldValue;
        } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            hasTransferEncoding = true;
            for (const QByteArray &coding : fieldValue.split(','))
                codings.append(coding.trimmed());
        }
    }
    // RFC 9112 6.1: a request with both may be an attempt at request smuggling: reject it.
    if (hasTransferEncoding && contentLengthCount > 0) {
        fail(400, HttpRejection::BadFraming, "Content-Length together with Transfer-Encoding");
        return false;
    }
    if (hasTransferEncoding) {
        // RFC 9112 6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
        if (request.httpMajor == 1 && request.httpMinor == 0) {
            fail(400, HttpRejection::BadFraming, "Transfer-Encoding in an HTTP/1.0 request");
            return false;
        }
        // RFC 9112 6.3: chunked must be the final coding, else 400 and close. We decode no other
        // coding, so anything but exactly "chunked" is refused.
        if (codings.size() != 1 || codings.first().compare("chunked", Qt::CaseInsensitive) != 0) {
            fail(400, HttpRejection::BadFraming, "transfer coding other than chunked");
            return false;
        }
        chunked = true;
    }
    if (contentLengthCount > 1) {
        // RFC 9112 6.3: repeated Content-Length is invalid framing; we do not merge even
        // identical values (the message could be a smuggling attempt).
        fail(400, HttpRejection::BadFraming, "repeated Content-Length");
        return false;
    }
    if (contentLengthCount == 1) {
        // RFC 9110 8.6: Content-Length = 1*DIGIT.
        const QByteArray &text = contentLengthValue;
        if (text.isEmpty() || text.size() > 18) {
            fail(400, HttpRejection::BadFraming, "invalid Content-Length");
            return false;
        }
        qint64 length = 0;
        for (const char c : text) {
            if (c < '0' || c > '9') {
                fail(400, HttpRejection::BadFraming, "invalid Content-Length");
                return false;
            }
            length = length * 10 + (c - '0');
        }
        contentLength = length;
    }
    return true;
}

bool HttpParser::Private::checkHeaders()
{
    if (headerBytes > maxHeaderBytes) {
        fail(431, HttpRejection::HeaderTooLarge, "header section over the limit");
        return false;
    }
    // We speak HTTP/1.0 and 1.1 only; an HTTP/2 preface ("PRI * HTTP/2.0") ends up here too.
    if (request.httpMajor != 1 || request.httpMinor > 1) {
        fail(505, HttpRejection::BadRequest, "unsupported HTTP version");
        return false;
    }
    // RFC 9112 5.1: whitespace between a field name and the colon must be answered with 400.
    for (const auto &header : request.headers) {
        if (!isToken(header.first)) {
            fail(400, HttpRejection::BadRequest, "invalid header field name");
            return false;
        }
    }
    if (!checkFraming())
        return false;
    // Decided from the header alone, without reading any of the body.
    if (contentLength > maxBodyBytes) {
        fail(413, HttpRejection::BodyTooLarge, "Content-Length over the limit");
        return false;
    }
    // One allocation for the announced body instead of repeated growth; capped so that many
    // connections that announce a large body and send nothing cannot claim much memory.
    if (contentLength > 0)
        request.body.reserve(qsizetype(std::min(contentLength, MaxUpfrontReserveBytes)));
    phase = Phase::Body;
    return true;
}

HttpParser::HttpParser(qsizetype maxHeaderBytes, qint64 maxBodyBytes)
    : d(std::make_unique<Private>(maxHeaderBytes, maxBodyBytes))
{ }

HttpParser::~HttpParser() = default;

HttpParser::Event HttpParser::parse(QByteArrayView data, qsizetype *consumed)
{
    *consumed = 0;
    if (d->phase == Phase::Failed)
        return Event::Error;
    if (d->phase == Phase::Complete)
        d->resetMessage();
    if (HTTP_PARSER_ERRNO(&d->parser) == HPE_PAUSED)
        http_parser_pause(&d->parser, 0);
    if (data.isEmpty())
        return Event::NeedMoreData;

    const bool inHeaderSection = d->phase == Phase::Idle || d->phase == Phase::Headers;
    qsizetype length = data.size();
    if (inHeaderSection) {
        // Never hand the library more than one byte past the header limit, so an oversized
        // header section is refused before it is buffered.
        length = std::min(length, d->maxHeaderBytes + 1 - d->headerBytes);
    }

    d->event = Event::NeedMoreData;
    const size_t used
        = http_parser_execute(&d->parser, &Private::settings(), data.data(), size_t(length));
    *consumed = qsizetype(used);
    const http_errno error = HTTP_PARSER_ERRNO(&d->parser);

    if (d->phase == Phase::Failed)
        return Event::Error; // one of our callbacks refused
    if (error == HPE_PAUSED) {
        if (d->event == Event::HeadersComplete) {
            // The library stops on the final LF of the header section and looks at it again
            // on resume, so the section is one byte longer than what it reports as used.
            d->headerBytes += qsizetype(used) + 1;
            if (!d->checkHeaders())
                return Event::Error;
        }
        return d->event;
    }
    if (error != HPE_OK) {
        // Only for the library's own framing errors: with any other error the header being
        // received is cut off wherever the error struck, and how much of it our callbacks had
        // already seen depends on how TCP split the bytes. Checking that partial field made the
        // verdict depend on segmentation (found by tests/fuzz/fuzz_http: "Content-Length\xa6"
        // was bad_framing byte by byte but bad_request in one piece).
        const bool framingError = error == HPE_INVALID_CONTENT_LENGTH
            || error == HPE_UNEXPECTED_CONTENT_LENGTH || error == HPE_INVALID_TRANSFER_ENCODING;
        if (framingError && (inHeaderSection || d->phase == Phase::Headers)) {
            // Our framing rules hold even where the library stopped first (it rejects
            // Content-Length with Transfer-Encoding and repeated Content-Length itself).
            d->flushHeader();
            d->request.httpMajor = d->parser.http_major;
            d->request.httpMinor = d->parser.http_minor;
            if (!d->checkFraming())
                return Event::Error;
        }
        switch (error) {
        case HPE_HEADER_OVERFLOW:
            d->fail(431, HttpRejection::HeaderTooLarge, "header section over the library limit");
            break;
        case HPE_INVALID_CONTENT_LENGTH:
        case HPE_UNEXPECTED_CONTENT_LENGTH:
        case HPE_INVALID_TRANSFER_ENCODING:
        case HPE_INVALID_CHUNK_SIZE:
            d->fail(400, HttpRejection::BadFraming, http_errno_name(error));
            break;
        default:
            d->fail(400, HttpRejection::BadRequest, http_errno_name(error));
            break;
        }
        return Event::Error;
    }
    if (inHeaderSection && d->phase != Phase::Body) {
        d->headerBytes += qsizetype(used);
        if (d->headerBytes > d->maxHeaderBytes) {
            d->fail(431, HttpRejection::HeaderTooLarge, "header section over the limit");
            return Event::Error;
        }
    }
    return Event::NeedMoreData;
}

const HttpRequest &HttpParser::request() const
{
    return d->request;
}

HttpRequest HttpParser::takeRequest()
{
    return std::exchange(d->request, HttpRequest());
}

bool HttpParser::messageStarted() const
{
    return d->phase == Phase::Headers || d->phase == Phase::Body;
}

bool HttpParser::headersComplete() const
{
    return d->phase == Phase::Body || d->phase == Phase::Complete;
}

qint64 HttpParser::contentLength() const
{
    return d->contentLength;
}

bool HttpParser::isChunked() const
{
    return d->chunked;
}

bool HttpParser::bodyAnnounced() const
{
    return d->chunked || d->contentLength > 0;
}

bool HttpParser::keepAlive() const
{
    return d->keepAlive;
}

bool HttpParser::expectsContinue() const
{
    return d->request.httpMajor == 1 && d->request.httpMinor >= 1
        && d->request.header("Expect").compare("100-continue", Qt::CaseInsensitive) == 0;
}

int HttpParser::errorStatus() const
{
    return d->errorStatus;
}

HttpRejection HttpParser::errorReason() const
{
    return d->errorReason;
}

QByteArray HttpParser::errorDetail() const
{
    return d->errorDetail;
}
