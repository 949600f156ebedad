// SPDX-License-Identifier: MIT
#include "common/rawtext.h"

#include "common/logging.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// The length of the valid UTF-8 sequence at bytes[i], or 0 when there is none (RFC 3629 4:
// no overlong forms, no surrogates, nothing above U+10FFFF).
int sequenceLength(QByteArrayView bytes, qsizetype i, char32_t *codePoint)
{
    const auto byte = [&](qsizetype at) {
        return uchar(bytes.at(at));
    };
    const uchar lead = byte(i);
    int length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        *codePoint = lead;
        return 1;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
        value = lead & 0x1f;
        minimum = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        value = lead & 0x0f;
        minimum = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        value = lead & 0x07;
        minimum = 0x10000;
    } else {
        return 0;
    }
    if (i + length > bytes.size())
        return 0;
    for (int k = 1; k < length; ++k) {
        const uchar next = byte(i + k);
        if ((next & 0xc0) != 0x80)
            return 0;
        value = (value << 6) | (next & 0x3f);
    }
    if (value < minimum || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
        return 0;
    *codePoint = value;
    return length;
}

QString hex(uint value, int width)
{
    return QString::number(value, 16).toUpper().rightJustified(width, u'0');
}

} // namespace

RawText rawText(QByteArrayView bytes, qsizetype maxBytes)
{
    const qsizetype end = std::min(bytes.size(), std::max<qsizetype>(maxBytes, 0));
    RawText out;
    out.text.reserve(end);
    qsizetype i = 0;
    while (i < end) {
        char32_t c = 0;
        const int length = sequenceLength(bytes, i, &c);
        if (length == 0) {
            out.text += u"\u27e8x"_s + hex(uchar(bytes.at(i)), 2) + u"\u27e9"_s;
            ++i;
            continue;
        }
        if (i + length > end)
            break; // the next character would pass maxBytes: it is left for "more bytes"
        i += length;
        if (c == u'\n' || c == u'\t') {
            out.text += QChar(c);
        } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)
                   || (c <= 0xffff && isInvisibleControl(char16_t(c)))) {
            // Not the Unicode control pictures (␍): few fonts have them, and a missing glyph's
            // box would hide which character it was.
            out.text += u"\u27e8U+"_s + hex(uint(c), 4) + u"\u27e9"_s;
        } else {
            out.text += QStringView(QChar::fromUcs4(c));
        }
    }
    out.bytesShown = i;
    return out;
}
