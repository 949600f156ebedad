// SPDX-License-Identifier: MIT
#include "webhook/signatureverifier.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 T0 = 1708456789; // the docs' example t
const QByteArray Secret = "whsec_test_secret"_ba;
const QByteArray Body = R"({"eventId":"evt_1","eventType":"message.sent"})"_ba;

// Known answers computed independently of Qt, with Python's hmac module:
//   hmac.new(b"whsec_test_secret", b"1708456789." + Body, hashlib.sha256).hexdigest()
const QByteArray KatHex = "153adad908ff4471f9d075b309982e6647cfc18a362ab1b562306ae55f6774ce"_ba;
//   hmac.new(b"whsec_test_secret", b"1708456789.", hashlib.sha256).hexdigest()
const QByteArray KatEmptyBodyHex
    = "278b073b87b1e7fb2b9015063206d720d5dec550b19c6bd232caebdbd203d0b3"_ba;
//   hmac.new("sécret-ü".encode(), b"1708456789." + bytes([0,255,1,128,10,13]), ...).hexdigest()
const QByteArray KatBinaryHex
    = "44dd563b0bf86148ea9ef3fa267df914a0a1d71187605f65d0f2654786b4db62"_ba;
const QByteArray BinaryBody("\x00\xff\x01\x80\n\r", 6);
const QString UnicodeSecret = u"sécret-ü"_s;

QDateTime at(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
}

QByteArray header(const QByteArray &hex, qint64 t = T0)
{
    return "v1,t=" + QByteArray::number(t) + ",s=" + hex;
}

} // namespace

class TestSignatureVerifier : public QObject
{
    Q_OBJECT

private slots:
    void verify_data();
    void verify();
    void signMatchesKnownAnswer();
    void verdictFor_data();
    void verdictFor();
    void toleranceIsConfigurable();
    void secretsCanBeReplaced();
    void largeBody();
};

void TestSignatureVerifier::verify_data()
{
    QTest::addColumn<QStringList>("secrets");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<SignatureVerifier::Outcome>("outcome");
    QTest::addColumn<QByteArray>("reason");

    using O = SignatureVerifier::Outcome;
    const QStringList one {QString::fromLatin1(Secret)};
    const QByteArray ok;
    const QByteArray mismatch = "signature mismatch";
    const QByteArray malformed = "malformed signature header";
    const QByteArray stale = "signature timestamp outside the 300 s window";
    const QByteArray missing = "missing Webhook-Signature header";
    const QByteArray t = "t=" + QByteArray::number(T0);

    QTest::newRow("known answer, v1 first")
        << one << header(KatHex) << Body << T0 << O::Verified << ok;
    QTest::newRow("known answer, no v1")
        << one << t + ",s=" + KatHex << Body << T0 << O::Verified << ok;
    QTest::newRow("extra spaces") << one << " v1 ,  " + t + " ,\ts=" + KatHex + "  " << Body << T0
                                  << O::Verified << ok;
    QTest::newRow("parts reordered")
        << one << "s=" + KatHex + ",v1," + t << Body << T0 << O::Verified << ok;
    QTest::newRow("unknown part ignored")
        << one << header(KatHex) + ",v2=abc" << Body << T0 << O::Verified << ok;
    // Documented choice: hex case carries no information, so upper case is accepted.
    QTest::newRow("upper-case hex")
        << one << header(KatHex.toUpper()) << Body << T0 << O::Verified << ok;
    QTest::newRow("empty body") << one << header(KatEmptyBodyHex) << QByteArray() << T0
                                << O::Verified << ok;
    QTest::newRow("binary body, non-ASCII secret")
        << QStringList {UnicodeSecret} << header(KatBinaryHex) << BinaryBody << T0 << O::Verified
        << ok;

    QTest::newRow("wrong secret") << QStringList {u"whsec_other"_s} << header(KatHex) << Body << T0
                                  << O::Mismatch << mismatch;
    QTest::newRow("body changed by one byte")
        << one << header(KatHex) << Body + ' ' << T0 << O::Mismatch << mismatch;
    QTest::newRow("t changed, s kept")
        << one << header(KatHex, T0 + 1) << Body << T0 << O::Mismatch << mismatch;

    QTest::newRow("two secrets, old one signed, old listed first")
        << QStringList {QString::fromLatin1(Secret), u"whsec_new"_s} << header(KatHex) << Body << T0
        << O::Verified << ok;
    QTest::newRow("two secrets, old one signed, new listed first")
        << QStringList {u"whsec_new"_s, QString::fromLatin1(Secret)} << header(KatHex) << Body << T0
        << O::Verified << ok;
    QTest::newRow("two secrets, new one signed")
        << QStringList {QString::fromLatin1(Secret), u"whsec_new"_s}
        << SignatureVerifier::sign("whsec_new", Body, T0) << Body << T0 << O::Verified << ok;
    QTest::newRow("two secrets, neither signed")
        << QStringList {u"whsec_a"_s, u"whsec_b"_s} << header(KatHex) << Body << T0 << O::Mismatch
        << mismatch;

    const auto signedAt = [](qint64 t) {
        return SignatureVerifier::sign(Secret, Body, t);
    };
    QTest::newRow("t = now - 299") << one << signedAt(T0 - 299) << Body << T0 << O::Verified << ok;
    QTest::newRow("t = now - 300") << one << signedAt(T0 - 300) << Body << T0 << O::Verified << ok;
    QTest::newRow("t = now - 301") << one << signedAt(T0 - 301) << Body << T0 << O::Stale << stale;
    QTest::newRow("t = now + 299") << one << signedAt(T0 + 299) << Body << T0 << O::Verified << ok;
    QTest::newRow("t = now + 301") << one << signedAt(T0 + 301) << Body << T0 << O::Stale << stale;
    QTest::newRow("t in milliseconds")
        << one << signedAt(T0 * 1000) << Body << T0 << O::Stale << stale;
    // A wrong MAC is reported as a mismatch even when t is also old: "stale" means "our secret,
    // wrong clock".
    QTest::newRow("stale and wrong secret") << QStringList {u"whsec_other"_s} << signedAt(T0 - 1000)
                                            << Body << T0 << O::Mismatch << mismatch;

    QTest::newRow("missing header") << one << QByteArray() << Body << T0 << O::Missing << missing;
    QTest::newRow("blank header") << one << "  "_ba << Body << T0 << O::Missing << missing;
    QTest::newRow("missing t") << one << "v1,s=" + KatHex << Body << T0 << O::Malformed
                               << malformed;
    QTest::newRow("missing s") << one << "v1," + t << Body << T0 << O::Malformed << malformed;
    QTest::newRow("t empty") << one << "v1,t=,s=" + KatHex << Body << T0 << O::Malformed
                             << malformed;
    QTest::newRow("t not numeric")
        << one << "v1,t=17084x6789,s=" + KatHex << Body << T0 << O::Malformed << malformed;
    QTest::newRow("t negative") << one << "v1,t=-1708456789,s=" + KatHex << Body << T0
                                << O::Malformed << malformed;
    QTest::newRow("t absurdly long") << one << "v1,t=" + QByteArray(40, '1') + ",s=" + KatHex
                                     << Body << T0 << O::Malformed << malformed;
    QTest::newRow("t twice") << one << header(KatHex) + ",t=1" << Body << T0 << O::Malformed
                             << malformed;
    QTest::newRow("s twice") << one << header(KatHex) + ",s=" + KatHex << Body << T0 << O::Malformed
                             << malformed;
    QTest::newRow("s 63 hex digits")
        << one << header(KatHex.left(63)) << Body << T0 << O::Malformed << malformed;
    QTest::newRow("s 65 hex digits")
        << one << header(KatHex + 'a') << Body << T0 << O::Malformed << malformed;
    QTest::newRow("s empty") << one << header(QByteArray()) << Body << T0 << O::Malformed
                             << malformed;
    QTest::newRow("s not hex") << one << header(KatHex.left(63) + 'g') << Body << T0 << O::Malformed
                               << malformed;
    QTest::newRow("s base64") << one << header(QByteArray::fromHex(KatHex).toBase64()) << Body << T0
                              << O::Malformed << malformed;
    QTest::newRow("no separators")
        << one << "garbage"_ba << Body << T0 << O::Malformed << malformed;

    QTest::newRow("no secrets, valid header") << QStringList() << header(KatHex) << Body << T0
                                              << O::Unverified << "no webhook secret configured"_ba;
    QTest::newRow("no secrets, no header") << QStringList() << QByteArray() << Body << T0
                                           << O::Unverified << "no webhook secret configured"_ba;
    QTest::newRow("no secrets, garbage header")
        << QStringList() << "x"_ba << Body << T0 << O::Unverified
        << "no webhook secret configured"_ba;
    QTest::newRow("only an empty secret") << QStringList {QString()} << QByteArray() << Body << T0
                                          << O::Unverified << "no webhook secret configured"_ba;
}

void TestSignatureVerifier::verify()
{
    QFETCH(QStringList, secrets);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, body);
    QFETCH(qint64, now);
    QFETCH(SignatureVerifier::Outcome, outcome);
    QFETCH(QByteArray, reason);

    const SignatureVerifier verifier(secrets);
    const SignatureVerifier::Result result = verifier.verify(header, body, at(now));
    QCOMPARE(result.outcome, outcome);
    QCOMPARE(result.reason, reason);
    QCOMPARE(result.accepted(),
             outcome == SignatureVerifier::Outcome::Verified
                 || outcome == SignatureVerifier::Outcome::Unverified);
}

void TestSignatureVerifier::signMatchesKnownAnswer()
{
    QCOMPARE(SignatureVerifier::sign(Secret, Body, T0), "v1,t=1708456789,s=" + KatHex);
    QCOMPARE(SignatureVerifier::sign(UnicodeSecret.toUtf8(), BinaryBody, T0),
             "v1,t=1708456789,s=" + KatBinaryHex);
    QCOMPARE(SignatureVerifier::sign(Secret, QByteArray(), T0),
             "v1,t=1708456789,s=" + KatEmptyBodyHex);
}

void TestSignatureVerifier::verdictFor_data()
{
    QTest::addColumn<SignatureVerifier::Outcome>("outcome");
    QTest::addColumn<Verdict>("verdict");
    using O = SignatureVerifier::Outcome;
    QTest::newRow("verified") << O::Verified << Verdict::Accepted;
    QTest::newRow("unverified") << O::Unverified << Verdict::Accepted;
    QTest::newRow("missing") << O::Missing << Verdict::BadSignature;
    QTest::newRow("malformed") << O::Malformed << Verdict::BadSignature;
    QTest::newRow("mismatch") << O::Mismatch << Verdict::BadSignature;
    QTest::newRow("stale") << O::Stale << Verdict::StaleSignature;
}

void TestSignatureVerifier::verdictFor()
{
    QFETCH(SignatureVerifier::Outcome, outcome);
    QFETCH(Verdict, verdict);
    QCOMPARE(SignatureVerifier::verdictFor(outcome), verdict);
}

void TestSignatureVerifier::toleranceIsConfigurable()
{
    SignatureVerifier verifier({QString::fromLatin1(Secret)}, 10);
    const QByteArray signedEarlier = SignatureVerifier::sign(Secret, Body, T0 - 11);
    const auto result = verifier.verify(signedEarlier, Body, at(T0));
    QCOMPARE(result.outcome, SignatureVerifier::Outcome::Stale);
    QCOMPARE(result.reason, "signature timestamp outside the 10 s window"_ba);

    verifier.setToleranceSecs(11);
    QCOMPARE(verifier.verify(signedEarlier, Body, at(T0)).outcome,
             SignatureVerifier::Outcome::Verified);
}

void TestSignatureVerifier::secretsCanBeReplaced()
{
    SignatureVerifier verifier;
    QVERIFY(!verifier.hasSecrets());
    QCOMPARE(verifier.verify(QByteArray(), Body, at(T0)).outcome,
             SignatureVerifier::Outcome::Unverified);

    verifier.setSecrets({QString::fromLatin1(Secret)});
    QVERIFY(verifier.hasSecrets());
    QCOMPARE(verifier.verify(header(KatHex), Body, at(T0)).outcome,
             SignatureVerifier::Outcome::Verified);

    // Rotation finished: the old secret is gone and must no longer verify.
    verifier.setSecrets({u"whsec_new"_s});
    QCOMPARE(verifier.verify(header(KatHex), Body, at(T0)).outcome,
             SignatureVerifier::Outcome::Mismatch);
}

void TestSignatureVerifier::largeBody()
{
    // A 10,000-lead event is ~12 MB; signing and verifying must stay quick.
    QByteArray body(12 * 1024 * 1024, 'x');
    body[body.size() / 2] = 'y';
    const SignatureVerifier verifier({u"whsec_old"_s, QString::fromLatin1(Secret)});
    const QByteArray signature = SignatureVerifier::sign(Secret, body, T0);

    QElapsedTimer timer;
    timer.start();
    QCOMPARE(verifier.verify(signature, body, at(T0)).outcome,
             SignatureVerifier::Outcome::Verified);
    qInfo("verify, 12 MiB body, 2 secrets: %lld ms", qlonglong(timer.elapsed()));

    body[body.size() / 2] = 'z';
    QCOMPARE(verifier.verify(signature, body, at(T0)).outcome,
             SignatureVerifier::Outcome::Mismatch);
}

QTEST_GUILESS_MAIN(TestSignatureVerifier)
#include "tst_signatureverifier.moc"
