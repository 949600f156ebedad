// SPDX-License-Identifier: MIT
#include "http/httprequest.h"

#include <QString>

using namespace Qt::StringLiterals;

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        // RFC 9110 5.1: field names are case-insensitive.
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &entry : headers) {
        if (name.compare(entry.first, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString HttpRequest::peer() const
{
    QHostAddress address = peerAddress;
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        address = QHostAddress(v4); // show ::ffff:127.0.0.1 as 127.0.0.1
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return u'[' + address.toString() + u"]:"_s + QString::number(peerPort);
    return address.toString() + u':' + QString::number(peerPort);
}

QByteArray HttpRequest::pathFromTarget(QByteArrayView target)
{
    QByteArrayView rest = target;
    // RFC 9112 3.2.2: a server must accept the absolute form; its path is what follows the
    // authority.
    const auto startsWithCi = [](QByteArrayView text, QByteArrayView prefix) {
        return text.size() >= prefix.size()
            && text.first(prefix.size()).compare(prefix, Qt::CaseInsensitive) == 0;
    };
    if (startsWithCi(rest, "http://") || startsWithCi(rest, "https://")) {
        rest = rest.sliced(rest.indexOf("//") + 2);
        const qsizetype slash = rest.indexOf('/');
        if (slash < 0)
            return QByteArrayLiteral("/");
        rest = rest.sliced(slash);
    }
    // RFC 3986 3.4/3.5: the query starts at the first '?', the fragment at the first '#'.
    for (qsizetype i = 0; i < rest.size(); ++i) {
        if (rest.at(i) == '?' || rest.at(i) == '#')
            return rest.first(i).toByteArray();
    }
    return rest.toByteArray();
}
