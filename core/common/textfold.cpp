// SPDX-License-Identifier: MIT
#include "common/textfold.h"

using namespace Qt::StringLiterals;

namespace TextFold {

QString folded(QStringView text)
{
    const QString decomposed = text.toString().normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        switch (c.category()) {
        case QChar::Mark_NonSpacing:
        case QChar::Mark_SpacingCombining:
        case QChar::Mark_Enclosing:
            continue;
        default:
            break;
        }
        switch (c.unicode()) {
        case 0x0141: // Ł
        case 0x0142: // ł
            out += u'l';
            break;
        case 0x00D8: // Ø
        case 0x00F8: // ø
            out += u'o';
            break;
        case 0x0110: // Đ
        case 0x0111: // đ
            out += u'd';
            break;
        case 0x00DF: // ß
            out += u"ss"_s;
            break;
        default:
            out += c;
        }
    }
    return out.toCaseFolded();
}

QStringList foldedWords(QStringView text)
{
    return folded(text).simplified().split(u' ', Qt::SkipEmptyParts);
}

} // namespace TextFold
