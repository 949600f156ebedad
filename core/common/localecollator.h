// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>
#include <vector>

/*!
    Text order in the user's language: ICU collation of one locale at secondary strength, so
    accents count ("Aicha" < "Aïcha" < "Aidan") and case does not ("alice" ties with "Alice";
    the lead table and the export then order ties by id, as with SQLite's NOCASE before).

    Two forms of the same order: compare() on two UTF-8 strings (SQLite's collation, see
    Sqlite::registerLocaleCollations) and sort keys, byte strings whose memcmp order (a shorter
    prefix first) is compare()'s order. ICU promises that the two agree. Invalid UTF-8 reads as
    U+FFFD in both.

    A third form, for speed: where the locale orders text made only of ASCII characters one
    character at a time (no contraction such as Czech "ch", no expansion, punctuation not
    ignorable, no two characters equal at the first level that differ at the second), each
    ASCII character has a weight, and asciiKey() maps ASCII text to its weights: a key some 20
    times cheaper than ICU's sort key that orders ASCII text exactly as compare() does. ASCII
    keys and ICU sort keys are not comparable with each other; text of the two kinds is
    compared with compare(). Whether a locale qualifies is checked once per locale, against
    ICU itself (hasAsciiKeys()).

    One instance per thread: ICU documents a collator as safe to share only for use without
    changes; a clone() costs little and takes no chance.
*/
class LocaleCollator final
{
public:
    /// The collator of \a locale (an ICU/BCP 47 name such as "pl_PL" or "en-US"); an unknown
    /// name falls back to ICU's root order (isValid() stays true).
    explicit LocaleCollator(const QString &locale);
    ~LocaleCollator();
    LocaleCollator(const LocaleCollator &) = delete;
    LocaleCollator &operator=(const LocaleCollator &) = delete;

    /// A collator of the same locale, for another thread.
    std::unique_ptr<LocaleCollator> clone() const;

    bool isValid() const { return m_collator != nullptr; }
    QString locale() const { return m_locale; }

    /// Replaces \a key by the sort key of \a utf8 without ICU's terminating 0 byte (keys hold
    /// no other 0 byte, so memcmp with a shorter-first rule is the order).
    void sortKey(QByteArrayView utf8, std::vector<char> &key);
    /// <0, 0 or >0 as \a a sorts before, with or after \a b.
    int compare(QByteArrayView a, QByteArrayView b) const;

    /// Whether asciiKey() may be used: this locale orders ASCII text character by character.
    bool hasAsciiKeys() const { return m_asciiWeights != nullptr; }
    /// Replaces \a key by the weights of \a ascii (every byte below 0x80), ignorable
    /// characters left out; memcmp with a shorter-first rule is compare()'s order among such
    /// keys. Only when hasAsciiKeys().
    void asciiKey(QByteArrayView ascii, std::vector<char> &key) const
    {
        key.resize(size_t(ascii.size()));
        size_t n = 0;
        for (const char c : ascii) {
            const unsigned char weight = m_asciiWeights[static_cast<unsigned char>(c)];
            key[n] = char(weight);
            n += weight != 0;
        }
        key.resize(n);
    }
    /// Whether every byte of \a text is below 0x80.
    static bool isAscii(QByteArrayView text);

    /// \a requested, or QLocale::system()'s name when it is empty: the locale that sorts when
    /// the user chose none.
    static QString resolve(const QString &requested);
    /// The name locale() gives for \a locale: resolved, as the SQLite name carries it.
    static QString canonicalName(const QString &locale) { return localeOfSqlName(sqlName(locale)); }
    /// The SQLite collation name for \a locale (resolved): "lv_locale_" + the name with only
    /// letters, digits and '_' kept. Sqlite::registerLocaleCollations() makes any such name
    /// known on a connection when a statement first uses it.
    static QByteArray sqlName(const QString &locale);
    /// The locale of an sqlName(), or an empty string when \a name is not one.
    static QString localeOfSqlName(QByteArrayView name);

private:
    struct Clone
    {
    };
    LocaleCollator(const LocaleCollator &other, Clone);

    QString m_locale;
    void *m_collator = nullptr; // UCollator, kept out of this header
    const unsigned char *m_asciiWeights
        = nullptr; // 128 weights, 0 = ignorable; shared, never freed
    std::vector<char16_t> m_utf16;
};
