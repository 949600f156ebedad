// SPDX-License-Identifier: MIT
#include "common/verdict.h"

#include <QMetaEnum>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

// The stored names are data in existing databases: this table is the contract, written out so
// that renaming an enumerator can never rename what is stored.
class TestVerdict final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storedName_data();
    void storedName();
    void everyVerdictHasAUniqueName();
    void unknownNames_data();
    void unknownNames();
    void everyVerdictHasAUniqueLabel();
    void rejections_data();
    void rejections();
};

void TestVerdict::storedName_data()
{
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<QString>("name");

    QTest::newRow("accepted") << Verdict::Accepted << u"accepted"_s;
    QTest::newRow("duplicate") << Verdict::Duplicate << u"duplicate"_s;
    QTest::newRow("imported") << Verdict::Imported << u"imported"_s;
    QTest::newRow("reingested") << Verdict::Reingested << u"reingested"_s;
    QTest::newRow("store failed") << Verdict::StoreFailed << u"store_failed"_s;
    QTest::newRow("bad signature") << Verdict::BadSignature << u"bad_signature"_s;
    QTest::newRow("stale signature") << Verdict::StaleSignature << u"stale_signature"_s;
    QTest::newRow("malformed") << Verdict::Malformed << u"malformed"_s;
    QTest::newRow("not found") << Verdict::NotFound << u"not_found"_s;
    QTest::newRow("method not allowed") << Verdict::MethodNotAllowed << u"method_not_allowed"_s;
    QTest::newRow("unsupported media type")
        << Verdict::UnsupportedMediaType << u"unsupported_media_type"_s;
    QTest::newRow("header too large") << Verdict::HeaderTooLarge << u"header_too_large"_s;
    QTest::newRow("too large") << Verdict::TooLarge << u"too_large"_s;
    QTest::newRow("bad framing") << Verdict::BadFraming << u"bad_framing"_s;
    QTest::newRow("bad request") << Verdict::BadRequest << u"bad_request"_s;
    QTest::newRow("timeout") << Verdict::Timeout << u"timeout"_s;
    QTest::newRow("busy") << Verdict::Busy << u"busy"_s;
}

void TestVerdict::storedName()
{
    QFETCH(Verdict, verdict);
    QFETCH(QString, name);
    QCOMPARE(verdictName(verdict), name);
    QCOMPARE(verdictFromName(name), verdict);
}

void TestVerdict::everyVerdictHasAUniqueName()
{
    // Every enumerator, including one added later without a row above: it needs a stored name
    // of its own, and that name must read back as itself.
    const QMetaEnum meta = QMetaEnum::fromType<Verdict>();
    QVERIFY(meta.isValid());
    QSet<QString> names;
    for (int i = 0; i < meta.keyCount(); ++i) {
        const auto verdict = Verdict(meta.value(i));
        if (verdict == Verdict::Unknown)
            continue;
        const QString name = verdictName(verdict);
        QVERIFY2(!name.isEmpty(), meta.key(i));
        QVERIFY2(!names.contains(name), qPrintable(name));
        names.insert(name);
        QCOMPARE(verdictFromName(name), verdict);
    }
    QCOMPARE(names.size(), meta.keyCount() - 1);
}

void TestVerdict::unknownNames_data()
{
    QTest::addColumn<QString>("name");

    QTest::newRow("empty") << QString();
    QTest::newRow("the old placeholder") << u"rejected"_s;
    QTest::newRow("a newer version's word") << u"quarantined"_s;
    QTest::newRow("case differs") << u"Accepted"_s;
    QTest::newRow("enumerator name") << u"BadSignature"_s;
    QTest::newRow("surrounding space") << u" accepted"_s;
}

void TestVerdict::unknownNames()
{
    QFETCH(QString, name);
    QCOMPARE(verdictFromName(name), Verdict::Unknown);
    QVERIFY(verdictName(Verdict::Unknown).isEmpty()); // never written
}

void TestVerdict::everyVerdictHasAUniqueLabel()
{
    // What the deliveries list and the status bar show: words, not the stored snake_case.
    const QMetaEnum meta = QMetaEnum::fromType<Verdict>();
    QSet<QString> labels;
    for (int i = 0; i < meta.keyCount(); ++i) {
        const auto verdict = Verdict(meta.value(i));
        const QString label = verdictLabel(verdict);
        QVERIFY2(!label.isEmpty(), meta.key(i));
        QVERIFY2(!label.contains(u'_'), qPrintable(label));
        QVERIFY2(label.at(0).isUpper(), qPrintable(label));
        QVERIFY2(!labels.contains(label), qPrintable(label));
        labels.insert(label);
    }
    QCOMPARE(verdictLabel(Verdict::BadSignature), u"Bad signature"_s);
    QCOMPARE(verdictLabel(Verdict::NotFound), u"Wrong path"_s);
}

void TestVerdict::rejections_data()
{
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<bool>("rejection");
    QTest::newRow("accepted") << Verdict::Accepted << false;
    QTest::newRow("duplicate (answered 200)") << Verdict::Duplicate << false;
    QTest::newRow("imported") << Verdict::Imported << false;
    QTest::newRow("reingested") << Verdict::Reingested << false;
    QTest::newRow("unknown") << Verdict::Unknown << false;
    QTest::newRow("store failed (503)") << Verdict::StoreFailed << true;
    QTest::newRow("bad signature") << Verdict::BadSignature << true;
    QTest::newRow("stale signature") << Verdict::StaleSignature << true;
    QTest::newRow("malformed") << Verdict::Malformed << true;
    QTest::newRow("not found") << Verdict::NotFound << true;
    QTest::newRow("busy") << Verdict::Busy << true;
    QTest::newRow("timeout") << Verdict::Timeout << true;
}

void TestVerdict::rejections()
{
    QFETCH(Verdict, verdict);
    QFETCH(bool, rejection);
    QCOMPARE(isRejection(verdict), rejection);
}

QTEST_GUILESS_MAIN(TestVerdict)
#include "tst_verdict.moc"
