// SPDX-License-Identifier: MIT
#include "common/localecollator.h"

#include <QLocale>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr QByteArrayView SqlPrefix = "lv_locale_";

UCollator *collator(void *c)
{
    return static_cast<UCollator *>(c);
}

} // namespace

LocaleCollator::LocaleCollator(const QString &locale)
    // The name SQLite's collation carries, read back: both orders open the same locale.
    : m_locale(canonicalName(locale))
{
    UErrorCode status = U_ZERO_ERROR;
    UCollator *c = ucol_open(m_locale.toUtf8().constData(), &status);
    if (U_FAILURE(status)) {
        ucol_close(c);
        status = U_ZERO_ERROR;
        c = ucol_open("", &status); // the root order
    }
    if (U_FAILURE(status)) {
        ucol_close(c);
        return;
    }
    // Secondary: letters and accents decide, case does not (NOCASE's promise, kept).
    ucol_setStrength(c, UCOL_SECONDARY);
    m_collator = c;
}

LocaleCollator::LocaleCollator(const LocaleCollator &other, Clone)
    : m_locale(other.m_locale)
{
    UErrorCode status = U_ZERO_ERROR;
    UCollator *c = ucol_clone(collator(other.m_collator), &status);
    if (U_FAILURE(status)) {
        ucol_close(c);
        return;
    }
    m_collator = c;
}

LocaleCollator::~LocaleCollator()
{
    ucol_close(collator(m_collator));
}

std::unique_ptr<LocaleCollator> LocaleCollator::clone() const
{
    return std::unique_ptr<LocaleCollator>(new LocaleCollator(*this, Clone {}));
}

void LocaleCollator::sortKey(QByteArrayView utf8, std::vector<char> &key)
{
    key.clear();
    if (!m_collator || utf8.size() > std::numeric_limits<int32_t>::max() / 2)
        return;
    // UTF-8 to UTF-16 first: ucol_getSortKey takes UTF-16 (the UTF-8 iterator path,
    // ucol_nextSortKeyPart, measured slower). Ill-formed bytes become U+FFFD, as in
    // ucol_strcollUTF8.
    m_utf16.resize(size_t(utf8.size()) + 1);
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    u_strFromUTF8WithSub(reinterpret_cast<UChar *>(m_utf16.data()), int32_t(m_utf16.size()),
                         &length, utf8.data(), int32_t(utf8.size()), 0xFFFD, nullptr, &status);
    if (U_FAILURE(status))
        return;
    const UChar *text = reinterpret_cast<const UChar *>(m_utf16.data());
    key.resize(std::max<size_t>(key.capacity(), 64));
    int32_t needed = ucol_getSortKey(collator(m_collator), text, length,
                                     reinterpret_cast<uint8_t *>(key.data()), int32_t(key.size()));
    if (needed > int32_t(key.size())) {
        key.resize(size_t(needed));
        needed = ucol_getSortKey(collator(m_collator), text, length,
                                 reinterpret_cast<uint8_t *>(key.data()), int32_t(key.size()));
    }
    key.resize(needed > 0 ? size_t(needed - 1) : 0); // without the terminating 0
}

int LocaleCollator::compare(QByteArrayView a, QByteArrayView b) const
{
    if (!m_collator)
        return 0;
    UErrorCode status = U_ZERO_ERROR;
    const UCollationResult result = ucol_strcollUTF8(
        collator(m_collator), a.data(), int32_t(a.size()), b.data(), int32_t(b.size()), &status);
    return result == UCOL_LESS ? -1 : result == UCOL_GREATER ? 1 : 0;
}

QString LocaleCollator::resolve(const QString &requested)
{
    return requested.isEmpty() ? QLocale::system().name() : requested;
}

QByteArray LocaleCollator::sqlName(const QString &locale)
{
    QByteArray name = SqlPrefix.toByteArray();
    for (const QChar c : resolve(locale)) {
        const char16_t u = c.unicode();
        if ((u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9'))
            name += char(u);
        else
            name += '_'; // '-' of a BCP 47 name reads as '_' to ICU too
    }
    return name;
}

QString LocaleCollator::localeOfSqlName(QByteArrayView name)
{
    if (!name.startsWith(SqlPrefix))
        return {};
    return QString::fromLatin1(name.sliced(SqlPrefix.size()));
}
