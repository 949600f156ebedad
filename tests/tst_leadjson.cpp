// SPDX-License-Identifier: MIT
// LeadJson: the store's experience/education/skills text, written byte for byte as earlier
// versions wrote it, and read back by the same decoder the export and the profile use.
#include "sendpilot/leadjson.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestLeadJson final : public QObject
{
    Q_OBJECT

private slots:
    void encodesStoredFormat();
    void escapes_data();
    void escapes();
    void roundTrip();
    void decode_data();
    void decode();
};

// The exact text existing databases hold: no spaces, members in this order.
void TestLeadJson::encodesStoredFormat()
{
    const QList<Experience> experience
        = {{u"CTO"_s, u"Acme"_s, u"2 yrs"_s}, {QString(), u"Beta"_s, QString()}};
    QCOMPARE(LeadJson::experience(experience),
             uR"([{"title":"CTO","company":"Acme","duration":"2 yrs"},)"
             uR"({"title":"","company":"Beta","duration":""}])"_s);
    QCOMPARE(LeadJson::education({{u"MIT"_s, u"BSc"_s}}),
             uR"([{"school":"MIT","degree":"BSc"}])"_s);
    QCOMPARE(LeadJson::stringList({u"Go"_s, u"C++"_s}), uR"(["Go","C++"])"_s);
    QCOMPARE(LeadJson::experience({}), u"[]"_s);
    QCOMPARE(LeadJson::education({}), u"[]"_s);
    QCOMPARE(LeadJson::stringList({}), u"[]"_s);

    // Appending continues the caller's buffer (the store reuses one per lead).
    QString out = u"x"_s;
    LeadJson::appendStringList(out, {u"a"_s});
    QCOMPARE(out, uR"(x["a"])"_s);
}

void TestLeadJson::escapes_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("json");
    QTest::newRow("quote and backslash") << u"a\"b\\c"_s << uR"(["a\"b\\c"])"_s;
    QTest::newRow("newline, return, tab") << u"a\nb\rc\td"_s << uR"(["a\nb\rc\td"])"_s;
    QTest::newRow("other control characters")
        << QString(u"\u0001x\u001f"_s) << uR"(["\u0001x\u001f"])"_s;
    QTest::newRow("slash and unicode as they are") << u"a/b é 😀"_s << uR"(["a/b é 😀"])"_s;
}

void TestLeadJson::escapes()
{
    QFETCH(QString, value);
    QFETCH(QString, json);
    QCOMPARE(LeadJson::stringList({value}), json);
    const std::optional<QStringList> back = LeadJson::decodeStringList(json.toUtf8());
    QVERIFY(back);
    QCOMPARE(*back, QStringList {value});
}

void TestLeadJson::roundTrip()
{
    const QList<Experience> experience
        = {{u"Chief \"Everything\""_s, u"A\\B"_s, u"1\n2"_s}, {u"é"_s, QString(), u"😀"_s}};
    const auto e = LeadJson::decodeExperience(LeadJson::experience(experience).toUtf8());
    QVERIFY(e);
    QCOMPARE(e->size(), 2);
    for (qsizetype i = 0; i < e->size(); ++i) {
        QCOMPARE(e->at(i).title, experience.at(i).title);
        QCOMPARE(e->at(i).company, experience.at(i).company);
        QCOMPARE(e->at(i).duration, experience.at(i).duration);
    }
    const QList<Education> education = {{u"School \"One\""_s, u"PhD"_s}, {QString(), u"x"_s}};
    const auto d = LeadJson::decodeEducation(LeadJson::education(education).toUtf8());
    QVERIFY(d);
    QCOMPARE(d->size(), 2);
    for (qsizetype i = 0; i < d->size(); ++i) {
        QCOMPARE(d->at(i).school, education.at(i).school);
        QCOMPARE(d->at(i).degree, education.at(i).degree);
    }
}

// Text from outside the encoder (older versions, hand-edited files): what reads, what does not.
void TestLeadJson::decode_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QStringList>("skills");
    QTest::newRow("empty") << QByteArray() << true << QStringList();
    QTest::newRow("null") << "null"_ba << true << QStringList();
    QTest::newRow("empty array") << " [ ] "_ba << true << QStringList();
    QTest::newRow("spaces") << "[ \"a\" , \"b\" ]"_ba << true << QStringList {u"a"_s, u"b"_s};
    QTest::newRow("non-strings read as empty")
        << "[1,null,\"x\"]"_ba << true << QStringList {QString(), QString(), u"x"_s};
    QTest::newRow("surrogate pair") << "[\"\\ud83d\\ude00\"]"_ba << true << QStringList {u"😀"_s};
    QTest::newRow("unterminated") << "[\"a\""_ba << false << QStringList();
    QTest::newRow("object") << "{\"a\":1}"_ba << false << QStringList();
    QTest::newRow("trailing text") << "[\"a\"] x"_ba << false << QStringList();
    QTest::newRow("bad escape") << "[\"\\q\"]"_ba << false << QStringList();
}

void TestLeadJson::decode()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    QFETCH(QStringList, skills);
    const std::optional<QStringList> decoded = LeadJson::decodeStringList(json);
    QCOMPARE(decoded.has_value(), ok);
    if (ok)
        QCOMPARE(*decoded, skills);
}

QTEST_GUILESS_MAIN(TestLeadJson)
#include "tst_leadjson.moc"
