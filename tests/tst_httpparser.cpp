// SPDX-License-Identifier: MIT
#include "common/limits.h"
#include "http/httpparser.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype MaxHeader = Limits::MaxHeaderBytes;
constexpr qint64 MaxBody = 64 * 1024; // small, so the over-limit rows stay small

enum class Split { Whole, ByteByByte, Random };

QByteArray printable(const QByteArray &bytes)
{
    if (bytes.size() > 48)
        return "<" + QByteArray::number(bytes.size()) + " bytes>";
    QByteArray out;
    for (const char c : bytes) {
        if (c == '\r')
            out += "\\r";
        else if (c == '\n')
            out += "\\n";
        else if (uchar(c) < 0x20 || uchar(c) >= 0x7f)
            out += "\\x" + QByteArray::number(uchar(c), 16);
        else
            out += c;
    }
    return out;
}

QList<QByteArray> splitInput(const QByteArray &raw, Split split)
{
    QList<QByteArray> pieces;
    switch (split) {
    case Split::Whole:
        pieces.append(raw);
        break;
    case Split::ByteByByte:
        for (const char c : raw)
            pieces.append(QByteArray(1, c));
        break;
    case Split::Random: {
        QRandomGenerator random(20240611); // fixed seed: a failure reproduces
        qsizetype pos = 0;
        while (pos < raw.size()) {
            const qsizetype size = std::min<qsizetype>(raw.size() - pos, random.bounded(1, 700));
            pieces.append(raw.mid(pos, size));
            pos += size;
        }
        break;
    }
    }
    return pieces;
}

// Feeds \a raw like a connection does and describes every event as one line of text.
QByteArrayList run(const QByteArray &raw, Split split)
{
    HttpParser parser(MaxHeader, MaxBody);
    QByteArrayList events;
    QByteArray pending;
    for (const QByteArray &piece : splitInput(raw, split)) {
        pending += piece;
        qsizetype pos = 0;
        while (pos < pending.size()) {
            qsizetype consumed = 0;
            const auto event = parser.parse(QByteArrayView(pending).sliced(pos), &consumed);
            pos += consumed;
            switch (event) {
            case HttpParser::Event::NeedMoreData:
                if (pos != pending.size()) {
                    events.append("stalled");
                    return events;
                }
                break;
            case HttpParser::Event::HeadersComplete: {
                const HttpRequest &r = parser.request();
                events.append("head " + r.method + ' ' + r.path + " target=" + r.target + " HTTP/"
                              + QByteArray::number(r.httpMajor) + '.'
                              + QByteArray::number(r.httpMinor)
                              + " cl=" + QByteArray::number(parser.contentLength())
                              + " chunked=" + QByteArray::number(parser.isChunked())
                              + " continue=" + QByteArray::number(parser.expectsContinue()));
                break;
            }
            case HttpParser::Event::MessageComplete: {
                const bool keepAlive = parser.keepAlive();
                const HttpRequest r = parser.takeRequest();
                QByteArray names;
                for (const auto &header : r.headers)
                    names += (names.isEmpty() ? "" : ",") + header.first;
                if (r.headers.size() > 6)
                    names = QByteArray::number(r.headers.size());
                events.append("done headers=" + names + " keepalive="
                              + QByteArray::number(keepAlive) + " body=" + printable(r.body));
                break;
            }
            case HttpParser::Event::Error:
                events.append("error " + QByteArray::number(parser.errorStatus()) + ' '
                              + httpRejectionName(parser.errorReason()));
                if (qEnvironmentVariableIsSet("TST_HTTPPARSER_DETAIL"))
                    qDebug() << parser.errorDetail();
                return events;
            }
        }
        pending.remove(0, pos);
    }
    if (parser.messageStarted() || !pending.isEmpty())
        events.append("incomplete");
    return events;
}

QByteArray headerBlockOfSize(qsizetype total)
{
    const QByteArray start = "GET /big HTTP/1.1\r\nHost: a\r\nX-Pad: ";
    const QByteArray end = "\r\n\r\n";
    return start + QByteArray(total - start.size() - end.size(), 'p') + end;
}

} // namespace

class TestHttpParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void contentLengthOverLimitReadsNoBody();
    void oversizedHeaderIsNotBuffered();
    void headerLookupIsCaseInsensitive();
    void pathFromTarget_data();
    void pathFromTarget();
    void serialize();
    void serializeDropsUnsafeAndFramingHeaders();
    void reasonPhrases();
    void helpersSetContentType();
};

void TestHttpParser::parse_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArrayList>("expected");

    const QByteArray ok = "done headers=Host keepalive=1 body=";

    QTest::newRow("simple GET") << "GET /healthz?probe=1#top HTTP/1.1\r\nHost: a\r\n\r\n"_ba
                                << QByteArrayList {
                                       "head GET /healthz target=/healthz?probe=1#top HTTP/1.1 "
                                       "cl=-1 chunked=0 continue=0",
                                       ok};
    QTest::newRow("POST with Content-Length")
        << "POST /webhooks/sendpilot HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
           "Content-Type: application/json\r\n\r\nhello"_ba
        << QByteArrayList {"head POST /webhooks/sendpilot target=/webhooks/sendpilot HTTP/1.1 cl=5 "
                           "chunked=0 continue=0",
                           "done headers=Host,Content-Length,Content-Type keepalive=1 body=hello"};
    QTest::newRow("header names keep case, values trimmed")
        << "GET / HTTP/1.1\r\nhOsT:   spaced   \r\nX-Empty:\r\n\r\n"_ba
        << QByteArrayList {"head GET / target=/ HTTP/1.1 cl=-1 chunked=0 continue=0",
                           "done headers=hOsT,X-Empty keepalive=1 body="};
    QTest::newRow("chunked with extensions and trailers")
        << "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
           "4;name=value\r\nWiki\r\n5;x\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n"
           "X-Trailer: t\r\nX-Other: u\r\n\r\n"_ba
        << QByteArrayList {"head POST /c target=/c HTTP/1.1 cl=-1 chunked=1 continue=0",
                           "done headers=Host,Transfer-Encoding keepalive=1 "
                           "body=Wikipedia in\\r\\n\\r\\nchunks."};
    QTest::newRow("Transfer-Encoding: Chunked (case)")
        << "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:  Chunked \r\n\r\n3\r\nabc\r\n0\r\n\r\n"_ba
        << QByteArrayList {"head POST /c target=/c HTTP/1.1 cl=-1 chunked=1 continue=0",
                           "done headers=Host,Transfer-Encoding keepalive=1 body=abc"};
    QTest::newRow("pipelined two requests")
        << "GET /one HTTP/1.1\r\nHost: a\r\n\r\nPOST /two HTTP/1.1\r\nHost: a\r\n"
           "Content-Length: 3\r\n\r\nabc"_ba
        << QByteArrayList {"head GET /one target=/one HTTP/1.1 cl=-1 chunked=0 continue=0", ok,
                           "head POST /two target=/two HTTP/1.1 cl=3 chunked=0 continue=0",
                           "done headers=Host,Content-Length keepalive=1 body=abc"};
    QTest::newRow("leading CRLF between requests is ignored")
        << "\r\nGET /one HTTP/1.1\r\nHost: a\r\n\r\n\r\n"_ba
        << QByteArrayList {"head GET /one target=/one HTTP/1.1 cl=-1 chunked=0 continue=0", ok};
    QTest::newRow("expect 100-continue")
        << "POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nhi"_ba
        << QByteArrayList {"head POST /e target=/e HTTP/1.1 cl=2 chunked=0 continue=1",
                           "done headers=Host,Expect,Content-Length keepalive=1 body=hi"};
    QTest::newRow("absolute-form target")
        << "GET http://example.com:8787/webhooks/sendpilot?a=b HTTP/1.1\r\nHost: a\r\n\r\n"_ba
        << QByteArrayList {"head GET /webhooks/sendpilot "
                           "target=http://example.com:8787/webhooks/sendpilot?a=b HTTP/1.1 cl=-1 "
                           "chunked=0 continue=0",
                           ok};
    QTest::newRow("HTTP/1.0 without keep-alive")
        << "GET /old HTTP/1.0\r\nHost: a\r\n\r\n"_ba
        << QByteArrayList {"head GET /old target=/old HTTP/1.0 cl=-1 chunked=0 continue=0",
                           "done headers=Host keepalive=0 body="};
    QTest::newRow("HTTP/1.0 with keep-alive")
        << "GET /old HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\n"_ba
        << QByteArrayList {"head GET /old target=/old HTTP/1.0 cl=-1 chunked=0 continue=0",
                           "done headers=Host,Connection keepalive=1 body="};
    QTest::newRow("HTTP/1.1 Connection: close")
        << "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"_ba
        << QByteArrayList {"head GET / target=/ HTTP/1.1 cl=-1 chunked=0 continue=0",
                           "done headers=Host,Connection keepalive=0 body="};
    QTest::newRow("header block exactly 32 KiB")
        << headerBlockOfSize(MaxHeader)
        << QByteArrayList {"head GET /big target=/big HTTP/1.1 cl=-1 chunked=0 continue=0",
                           "done headers=Host,X-Pad keepalive=1 body="};
    QTest::newRow("header block 32 KiB + 1")
        << headerBlockOfSize(MaxHeader + 1) << QByteArrayList {"error 431 header_too_large"};
    QByteArray manyHeaders = "GET / HTTP/1.1\r\nHost: a\r\n";
    for (int i = 0; i < 10'000; ++i)
        manyHeaders += "X-H: v\r\n";
    manyHeaders += "\r\n";
    QTest::newRow("10,000 headers") << manyHeaders << QByteArrayList {"error 431 header_too_large"};
    QTest::newRow("endless request line") << "GET /" + QByteArray(MaxHeader + 10, 'a')
                                          << QByteArrayList {"error 431 header_too_large"};

    QTest::newRow("Content-Length at the limit")
        << "POST /l HTTP/1.1\r\nContent-Length: 65536\r\n\r\n" + QByteArray(MaxBody, 'b')
        << QByteArrayList {"head POST /l target=/l HTTP/1.1 cl=65536 chunked=0 continue=0",
                           "done headers=Content-Length keepalive=1 body=<65536 bytes>"};
    QTest::newRow("Content-Length over the limit, no body sent")
        << "POST /l HTTP/1.1\r\nContent-Length: 65537\r\n\r\n"_ba
        << QByteArrayList {"error 413 too_large"};
    QTest::newRow("Content-Length far over the limit")
        << "POST /l HTTP/1.1\r\nContent-Length: 999999999999\r\n\r\n"_ba
        << QByteArrayList {"error 413 too_large"};
    QByteArray chunkedOver = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 20; ++i)
        chunkedOver += "1000\r\n" + QByteArray(0x1000, 'c') + "\r\n";
    chunkedOver += "0\r\n\r\n";
    QTest::newRow("chunked over the limit")
        << chunkedOver
        << QByteArrayList {"head POST /c target=/c HTTP/1.1 cl=-1 chunked=1 continue=0",
                           "error 413 too_large"};
    QTest::newRow("one huge chunk announced")
        << "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFF\r\nabc"_ba
        << QByteArrayList {"head POST /c target=/c HTTP/1.1 cl=-1 chunked=1 continue=0",
                           "error 413 too_large"};

    QTest::newRow("Content-Length and Transfer-Encoding")
        << "POST /x HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
           "3\r\nabc\r\n0\r\n\r\n"_ba
        << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("Transfer-Encoding and Content-Length")
        << "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc"_ba
        << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("duplicate Content-Length, identical")
        << "POST /x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"_ba
        << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("duplicate Content-Length, conflicting")
        << "POST /x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde"_ba
        << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("Content-Length list") << "POST /x HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\nabc"_ba
                                         << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("Transfer-Encoding: gzip")
        << "POST /x HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nabc"_ba
        << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("Transfer-Encoding: chunked, gzip")
        << "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n3\r\nabc\r\n0\r\n\r\n"_ba
        << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("Transfer-Encoding: gzip, chunked")
        << "POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"_ba
        << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("Transfer-Encoding twice: gzip then chunked")
        << "POST /x HTTP/1.1\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
           "3\r\nabc\r\n0\r\n\r\n"_ba
        << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("Transfer-Encoding in HTTP/1.0")
        << "POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"_ba
        << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("Content-Length 12abc")
        << "POST /x HTTP/1.1\r\nContent-Length: 12abc\r\n\r\nabc"_ba
        << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("Content-Length -1") << "POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n"_ba
                                       << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("Content-Length empty") << "POST /x HTTP/1.1\r\nContent-Length:\r\n\r\n"_ba
                                          << QByteArrayList {"error 400 bad_framing"};
    QTest::newRow("bad chunk size")
        << "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n"_ba
        << QByteArrayList {"head POST /x target=/x HTTP/1.1 cl=-1 chunked=1 continue=0",
                           "error 400 bad_framing"};

    // http-parser 2.9.4 stops at the method "PRI" itself (400); a request line it accepted with
    // another version would get our 505.
    QTest::newRow("HTTP/2 preface")
        << "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"_ba << QByteArrayList {"error 400 bad_request"};
    QTest::newRow("HTTP/1.2") << "GET / HTTP/1.2\r\nHost: a\r\n\r\n"_ba
                              << QByteArrayList {"error 505 bad_request"};
    QTest::newRow("HTTP/0.9 request line")
        << "GET /\r\n\r\n"_ba << QByteArrayList {"error 505 bad_request"};
    QByteArray garbage;
    QRandomGenerator random(7);
    for (int i = 0; i < 256; ++i)
        garbage += char(random.bounded(256));
    garbage[0] = '\x16'; // looks like a TLS ClientHello
    QTest::newRow("binary garbage") << garbage << QByteArrayList {"error 400 bad_request"};
    QTest::newRow("NUL in header value")
        << "GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n"_ba << QByteArrayList {"error 400 bad_request"};
    QTest::newRow("space before colon")
        << "GET / HTTP/1.1\r\nHost : a\r\n\r\n"_ba << QByteArrayList {"error 400 bad_request"};
    QTest::newRow("truncated request")
        << "POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"_ba
        << QByteArrayList {"head POST /x target=/x HTTP/1.1 cl=10 chunked=0 continue=0",
                           "incomplete"};
}

void TestHttpParser::parse()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArrayList, expected);
    // Any split of the same bytes must give the same events.
    QCOMPARE(run(raw, Split::Whole), expected);
    QCOMPARE(run(raw, Split::ByteByByte), expected);
    QCOMPARE(run(raw, Split::Random), expected);
}

void TestHttpParser::contentLengthOverLimitReadsNoBody()
{
    const QByteArray head = "POST /l HTTP/1.1\r\nContent-Length: 100000\r\n\r\n";
    const QByteArray raw = head + QByteArray(5000, 'b');
    HttpParser parser(MaxHeader, MaxBody);
    qsizetype consumed = 0;
    qsizetype total = 0;
    HttpParser::Event event = HttpParser::Event::NeedMoreData;
    while (event == HttpParser::Event::NeedMoreData && total < raw.size()) {
        event = parser.parse(QByteArrayView(raw).sliced(total), &consumed);
        total += consumed;
    }
    QCOMPARE(event, HttpParser::Event::Error);
    QCOMPARE(parser.errorStatus(), 413);
    QVERIFY2(total <= head.size(), QByteArray::number(total).constData());
    QVERIFY(parser.request().body.isEmpty());
    QCOMPARE(parser.request().body.capacity(), 0); // nothing reserved either
}

void TestHttpParser::oversizedHeaderIsNotBuffered()
{
    const QByteArray raw = "GET / HTTP/1.1\r\nX-Big: " + QByteArray(1024 * 1024, 'x');
    HttpParser parser(MaxHeader, MaxBody);
    qsizetype consumed = 0;
    QCOMPARE(parser.parse(raw, &consumed), HttpParser::Event::Error);
    QCOMPARE(parser.errorStatus(), 431);
    QVERIFY(consumed <= MaxHeader + 1);
}

void TestHttpParser::headerLookupIsCaseInsensitive()
{
    HttpRequest request;
    request.headers = {{"Content-Type", "application/json"}, {"X-Dup", "first"}, {"x-dup", "2"}};
    QCOMPARE(request.header("content-type"), "application/json"_ba);
    QCOMPARE(request.header("CONTENT-TYPE"), "application/json"_ba);
    QCOMPARE(request.header("X-DUP"), "first"_ba);
    QVERIFY(request.hasHeader("x-Dup"));
    QVERIFY(!request.hasHeader("Content-Length"));
    QVERIFY(request.header("Content-Length").isEmpty());

    request.peerAddress = QHostAddress(u"::ffff:127.0.0.1"_s);
    request.peerPort = 4242;
    QCOMPARE(request.peer(), u"127.0.0.1:4242"_s);
    request.peerAddress = QHostAddress::LocalHostIPv6;
    QCOMPARE(request.peer(), u"[::1]:4242"_s);
}

void TestHttpParser::pathFromTarget_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("plain") << "/webhooks/sendpilot"_ba
                           << "/webhooks/sendpilot"_ba;
    QTest::newRow("query") << "/a/b?x=1&y=2"_ba
                           << "/a/b"_ba;
    QTest::newRow("fragment") << "/a#frag?"_ba
                              << "/a"_ba;
    QTest::newRow("percent stays encoded") << "/a%2Fb?q"_ba
                                           << "/a%2Fb"_ba;
    QTest::newRow("absolute form") << "http://h:1/p/q?x"_ba
                                   << "/p/q"_ba;
    QTest::newRow("absolute form without path") << "HTTPS://h"_ba
                                                << "/"_ba;
    QTest::newRow("asterisk") << "*"_ba
                              << "*"_ba;
}

void TestHttpParser::pathFromTarget()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, path);
    QCOMPARE(HttpRequest::pathFromTarget(target), path);
}

void TestHttpParser::serialize()
{
    HttpResponse response = HttpResponse::text(202, "accepted\n");
    const QByteArray keep = response.serialize(true);
    QVERIFY(keep.startsWith("HTTP/1.1 202 Accepted\r\n"));
    QVERIFY(keep.contains("\r\nContent-Type: text/plain; charset=utf-8\r\n"));
    QVERIFY(keep.contains("\r\nContent-Length: 9\r\n"));
    QVERIFY(keep.contains("\r\nConnection: keep-alive\r\n"));
    QVERIFY(keep.endsWith("\r\n\r\naccepted\n"));
    // RFC 9110 5.6.7 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
    static const QRegularExpression date(
        u"\r\nDate: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d "
        "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d\\d:\\d\\d:\\d\\d GMT\r\n"_s);
    QVERIFY2(date.match(QString::fromLatin1(keep)).hasMatch(), keep.constData());
    QVERIFY(response.serialize(false).contains("\r\nConnection: close\r\n"));

    HttpResponse noContent;
    noContent.status = 204;
    noContent.body = "ignored";
    const QByteArray bytes = noContent.serialize(true);
    QVERIFY(!bytes.contains("Content-Length"));
    QVERIFY(bytes.endsWith("\r\n\r\n"));

    const QByteArray json
        = HttpResponse::json(400, QJsonObject {{u"error"_s, u"bad"_s}}).serialize(true);
    QVERIFY(json.contains("\r\nContent-Type: application/json\r\n"));
    QVERIFY(json.endsWith("\r\n\r\n{\"error\":\"bad\"}"));
}

void TestHttpParser::serializeDropsUnsafeAndFramingHeaders()
{
    HttpResponse response;
    response.status = 200;
    response.body = "ab";
    response.headers = {{"Content-Length", "99"},
                        {"Connection", "upgrade"},
                        {"X-Evil", "a\r\nSet-Cookie: x"},
                        {"X-Fine", "yes"}};
    const QByteArray bytes = response.serialize(true);
    QCOMPARE(bytes.count("Content-Length"), 1);
    QVERIFY(bytes.contains("Content-Length: 2\r\n"));
    QVERIFY(!bytes.contains("upgrade"));
    QVERIFY(!bytes.contains("Set-Cookie"));
    QVERIFY(bytes.contains("X-Fine: yes\r\n"));
}

void TestHttpParser::reasonPhrases()
{
    const QList<QPair<int, QByteArray>> expected = {
        {100, "Continue"},
        {200, "OK"},
        {202, "Accepted"},
        {204, "No Content"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {408, "Request Timeout"},
        {411, "Length Required"},
        {413, "Content Too Large"},
        {415, "Unsupported Media Type"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {503, "Service Unavailable"},
        {505, "HTTP Version Not Supported"},
    };
    for (const auto &[status, phrase] : expected)
        QCOMPARE(HttpResponse::reasonPhrase(status), phrase);
}

void TestHttpParser::helpersSetContentType()
{
    QCOMPARE(HttpResponse::text(404, "x").headers.value(0).second, "text/plain; charset=utf-8"_ba);
    QCOMPARE(HttpResponse::json(200, {}).headers.value(0).second, "application/json"_ba);
    QCOMPARE(HttpResponse::json(200, {}).body, "{}"_ba);
}

QTEST_GUILESS_MAIN(TestHttpParser)
#include "tst_httpparser.moc"
