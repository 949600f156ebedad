// SPDX-License-Identifier: MIT
#include "common/localecollator.h"

#include <QLocale>
#include <QMutex>
#include <QRandomGenerator>

#include <unicode/ucol.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string>

using namespace Qt::StringLiterals;

namespace {

constexpr QByteArrayView SqlPrefix = "lv_locale_";

UCollator *collator(void *c)
{
    return static_cast<UCollator *>(c);
}

using AsciiWeights = std::array<unsigned char, 128>;

// Whether \a set holds an ASCII character, or a string of ASCII characters only.
bool touchesAscii(const USet *set)
{
    const int32_t items = uset_getItemCount(set);
    for (int32_t i = 0; i < items; ++i) {
        UErrorCode status = U_ZERO_ERROR;
        UChar32 start = 0, end = 0;
        std::array<UChar, 64> text {};
        const int32_t length
            = uset_getItem(set, i, &start, &end, text.data(), int32_t(text.size()), &status);
        if (U_FAILURE(status))
            return true; // a string too long to read: taken as a reason not to trust the path
        if (length == 0) {
            if (start < 0x80)
                return true;
        } else if (std::all_of(text.begin(), text.begin() + length,
                               [](UChar u) { return u < 0x80; })) {
            return true;
        }
    }
    return false;
}

UCollationResult collate(const UCollator *c, const std::u16string &a, const std::u16string &b)
{
    return ucol_strcoll(c, reinterpret_cast<const UChar *>(a.data()), int32_t(a.size()),
                        reinterpret_cast<const UChar *>(b.data()), int32_t(b.size()));
}

// Checks the weights against ICU on a few thousand ASCII strings (seeded, the same each time):
// sorted by their ASCII keys, each string must collate no later than the next, and equal to
// it exactly when the keys are equal.
bool agreesWithIcu(const UCollator *c, const AsciiWeights &weights)
{
    QRandomGenerator random(20261202);
    struct Sample
    {
        std::u16string text;
        std::string key;
    };
    std::vector<Sample> samples;
    for (int i = 0; i < 3000; ++i) {
        Sample sample;
        const int length = random.bounded(9);
        for (int k = 0; k < length; ++k) {
            // Letters most of the time (shared prefixes, case pairs), any ASCII otherwise.
            const int pick = random.bounded(4);
            const char16_t ch = pick < 2 ? char16_t(u'a' + random.bounded(4))
                : pick == 2              ? char16_t(u'A' + random.bounded(4))
                                         : char16_t(random.bounded(128));
            sample.text += ch;
            if (weights[ch] != 0)
                sample.key += char(weights[ch]);
        }
        samples.push_back(std::move(sample));
    }
    std::sort(samples.begin(), samples.end(),
              [](const Sample &a, const Sample &b) { return a.key < b.key; });
    for (size_t i = 1; i < samples.size(); ++i) {
        const UCollationResult result = collate(c, samples[i - 1].text, samples[i].text);
        const bool sameKey = samples[i - 1].key == samples[i].key;
        if (result == UCOL_GREATER || (result == UCOL_EQUAL) != sameKey)
            return false;
    }
    return true;
}

// The weights of the 128 ASCII characters in \a c's order (0: ignorable), or nothing when the
// order of ASCII text is not one character at a time (see LocaleCollator).
std::optional<AsciiWeights> computeAsciiWeights(const UCollator *c)
{
    UErrorCode status = U_ZERO_ERROR;
    if (ucol_getAttribute(c, UCOL_ALTERNATE_HANDLING, &status) != UCOL_NON_IGNORABLE
        || ucol_getAttribute(c, UCOL_CASE_LEVEL, &status) != UCOL_OFF
        || ucol_getAttribute(c, UCOL_NUMERIC_COLLATION, &status) != UCOL_OFF
        || ucol_getAttribute(c, UCOL_FRENCH_COLLATION, &status) != UCOL_OFF || U_FAILURE(status))
        return std::nullopt;
    USet *contractions = uset_openEmpty();
    USet *expansions = uset_openEmpty();
    ucol_getContractionsAndExpansions(c, contractions, expansions, true, &status);
    const bool oneByOne
        = U_SUCCESS(status) && !touchesAscii(contractions) && !touchesAscii(expansions);
    uset_close(contractions);
    uset_close(expansions);
    if (!oneByOne)
        return std::nullopt;

    // The first level alone tells a character that is ignorable only there (it would weigh
    // at the second level) and two characters equal there that differ at the second level
    // (then "xb" < "ya" could not follow from the characters' order).
    UCollator *primary = ucol_clone(c, &status);
    if (U_FAILURE(status)) {
        ucol_close(primary);
        return std::nullopt;
    }
    ucol_setStrength(primary, UCOL_PRIMARY);
    const std::u16string empty;
    std::vector<std::u16string> chars;
    bool fine = true;
    for (char16_t ch = 0; ch < 128 && fine; ++ch) {
        const std::u16string one(1, ch);
        const bool ignorable = collate(c, one, empty) == UCOL_EQUAL;
        if (!ignorable && collate(primary, one, empty) == UCOL_EQUAL)
            fine = false;
        else if (!ignorable)
            chars.push_back(one);
    }
    std::stable_sort(chars.begin(), chars.end(),
                     [&](const auto &a, const auto &b) { return collate(c, a, b) == UCOL_LESS; });
    AsciiWeights weights {};
    unsigned char weight = 1;
    for (size_t i = 0; i < chars.size() && fine; ++i) {
        if (i > 0 && collate(c, chars[i - 1], chars[i]) != UCOL_EQUAL) {
            if (collate(primary, chars[i - 1], chars[i]) == UCOL_EQUAL)
                fine = false;
            ++weight;
        }
        weights[chars[i][0]] = weight;
    }
    ucol_close(primary);
    if (!fine || !agreesWithIcu(c, weights))
        return std::nullopt;
    return weights;
}

// The ASCII weights of \a locale's collator \a c, worked out once per locale and process;
// nullptr when the locale does not qualify.
const unsigned char *asciiWeightsFor(const UCollator *c, const QString &locale)
{
    static QMutex mutex;
    static std::map<QString, std::optional<AsciiWeights>> known; // never freed: a few locales
    QMutexLocker locker(&mutex);
    auto it = known.find(locale);
    if (it == known.end())
        it = known.emplace(locale, computeAsciiWeights(c)).first;
    return it->second ? it->second->data() : nullptr;
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
    m_asciiWeights = asciiWeightsFor(c, m_locale);
}

LocaleCollator::LocaleCollator(const LocaleCollator &other, Clone)
    : m_locale(other.m_locale)
    , m_asciiWeights(other.m_asciiWeights)
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

bool LocaleCollator::isAscii(QByteArrayView text)
{
    // Eight bytes at a time: a byte of 0x80 or more sets a high bit.
    const char *p = text.data();
    qsizetype n = text.size();
    quint64 bits = 0;
    for (; n >= 8; p += 8, n -= 8) {
        quint64 word;
        std::memcpy(&word, p, 8);
        bits |= word;
    }
    for (; n > 0; ++p, --n)
        bits |= static_cast<unsigned char>(*p);
    return (bits & 0x8080808080808080ULL) == 0;
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
