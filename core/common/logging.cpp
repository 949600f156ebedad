// SPDX-License-Identifier: MIT
#include "common/logging.h"

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHttp, "leadviewer.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWebhook, "leadviewer.webhook", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "leadviewer.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcIngest, "leadviewer.ingest", QtInfoMsg)
Q_LOGGING_CATEGORY(lcExport, "leadviewer.export", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "leadviewer.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModels, "leadviewer.models", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApi, "leadviewer.api", QtInfoMsg)

bool isInvisibleControl(char16_t c)
{
    return c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0xfeff;
}

QString logSafe(QStringView text, qsizetype maxChars)
{
    qsizetype keep = std::min(text.size(), std::max<qsizetype>(maxChars, 0));
    // Never cut a surrogate pair in two.
    if (keep > 0 && keep < text.size() && QChar::isHighSurrogate(text.at(keep - 1).unicode()))
        --keep;
    QString out;
    out.reserve(keep + 16);
    for (qsizetype i = 0; i < keep; ++i) {
        const char16_t c = text.at(i).unicode();
        switch (c) {
        case u'\\':
            out += u"\\\\"_s;
            continue;
        case u'\n':
            out += u"\\n"_s;
            continue;
        case u'\r':
            out += u"\\r"_s;
            continue;
        case u'\t':
            out += u"\\t"_s;
            continue;
        default:
            break;
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            out += u"\\x"_s + QString::number(c, 16).rightJustified(2, u'0');
        } else if (isInvisibleControl(c)) {
            out += u"\\u{"_s + QString::number(c, 16).rightJustified(4, u'0') + u'}';
        } else if (QChar::isSurrogate(c)) {
            const bool pair = QChar::isHighSurrogate(c) && i + 1 < keep
                && QChar::isLowSurrogate(text.at(i + 1).unicode());
            if (pair) {
                out += text.at(i);
                out += text.at(++i);
            } else {
                out += u"\\u{"_s + QString::number(c, 16) + u'}'; // a lone half of a pair
            }
        } else {
            out += QChar(c);
        }
    }
    if (keep < text.size())
        out += u"...["_s + QString::number(text.size() - keep) + u" more]"_s;
    return out;
}

QString logSafe(QByteArrayView bytes, qsizetype maxChars)
{
    // Decoding more than can be shown would only cost time: a UTF-8 character has at most 4
    // bytes, so 4 x maxChars bytes hold every character kept.
    maxChars = std::max<qsizetype>(maxChars, 0);
    const qsizetype decoded = std::min(bytes.size(), maxChars * 4 + 4);
    const QString text = QString::fromUtf8(bytes.first(decoded));
    if (decoded == bytes.size())
        return logSafe(text, maxChars);
    qsizetype keep = std::min(text.size(), maxChars);
    if (keep > 0 && keep < text.size() && QChar::isHighSurrogate(text.at(keep - 1).unicode()))
        --keep;
    const QStringView kept = QStringView(text).first(keep);
    const qsizetype rest = bytes.size() - kept.toUtf8().size();
    return logSafe(kept, keep) + u"...["_s + QString::number(rest) + u" more bytes]"_s;
}
