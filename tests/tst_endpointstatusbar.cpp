// SPDX-License-Identifier: MIT
// The status bar's endpoint part says only what is true: "verified" once an event passed the
// signature check (before, that signatures are required), and Copy URL says that it copied.
#include "endpointstatusbar.h"

#include "common/settings.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;

class TestEndpointStatusBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verifiedOnlyAfterAVerifiedEvent();
    void copyUrlSaysItCopied();
    void copyUrlCopiesThePublicUrlWhenSet();
    void publicWebhookUrlKeepsAPathOfItsOwn_data();
    void publicWebhookUrlKeepsAPathOfItsOwn();
};

namespace {
const QUrl Url(u"http://127.0.0.1:8787/webhooks/sendpilot"_s);

DeliveryInfo delivery(bool verified, Verdict verdict = Verdict::Accepted)
{
    DeliveryInfo info;
    info.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    info.status = verdict == Verdict::Accepted ? 200 : 401;
    info.verdict = verdict;
    info.verified = verified;
    info.stored = verdict == Verdict::Accepted;
    return info;
}
} // namespace

void TestEndpointStatusBar::verifiedOnlyAfterAVerifiedEvent()
{
    EndpointStatusBar bar;
    bar.show();
    auto *state = bar.findChild<QLabel *>(u"signatureState"_s);
    QVERIFY(state);

    bar.setListening(Url, true);
    QCOMPARE(state->text(), u"Signatures required"_s);
    // A rejected request proves nothing was verified.
    bar.noteDelivery(delivery(false, Verdict::BadSignature));
    QCOMPARE(state->text(), u"Signatures required"_s);
    bar.noteDelivery(delivery(true));
    QCOMPARE(state->text(), u"Signatures verified"_s);
    QVERIFY(!state->font().bold());

    // A new configuration (a new secret, perhaps) starts again.
    bar.setListening(Url, true);
    QCOMPARE(state->text(), u"Signatures required"_s);

    // Without a secret nothing is verified, whatever arrives.
    bar.setListening(Url, false);
    bar.noteDelivery(delivery(false));
    QVERIFY2(state->text().contains(u"UNVERIFIED"_s), qPrintable(state->text()));
    QVERIFY(state->font().bold());

    bar.setError(u"Not listening"_s);
    QCOMPARE(state->text(), QString());
}

void TestEndpointStatusBar::copyUrlSaysItCopied()
{
    EndpointStatusBar bar;
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    auto *copy = bar.findChild<QToolButton *>(u"copyUrl"_s);
    QVERIFY(copy);
    bar.setListening(Url, true);
    const int width = copy->width();
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), Url.toString());
    QCOMPARE(copy->text(), u"Copied \u2713"_s);
    QCOMPARE(copy->width(), width); // the bar does not shift
    QTRY_COMPARE_WITH_TIMEOUT(copy->text(), u"Copy URL"_s, 5000);
}

// Behind a tunnel the URL SendPilot needs is the public one: Copy URL copies it while it is
// set, the local one again once it is cleared.
void TestEndpointStatusBar::copyUrlCopiesThePublicUrlWhenSet()
{
    EndpointStatusBar bar;
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    auto *copy = bar.findChild<QToolButton *>(u"copyUrl"_s);
    QVERIFY(copy);
    bar.setListening(Url, true);
    const QUrl publicUrl
        = Settings::publicWebhookUrl(u"https://abc.trycloudflare.com"_s, Url.path());
    QCOMPARE(publicUrl.toString(), u"https://abc.trycloudflare.com"_s + Url.path());
    bar.setPublicUrl(publicUrl);
    QVERIFY(copy->toolTip().contains(publicUrl.toString()));
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), publicUrl.toString());

    bar.setPublicUrl(Settings::publicWebhookUrl(QString(), Url.path()));
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), Url.toString());
}

void TestEndpointStatusBar::publicWebhookUrlKeepsAPathOfItsOwn_data()
{
    QTest::addColumn<QString>("publicUrl");
    QTest::addColumn<QString>("expected");
    QTest::newRow("host only") << u"https://x.example"_s << u"https://x.example/hook"_s;
    QTest::newRow("slash") << u"https://x.example/"_s << u"https://x.example/hook"_s;
    QTest::newRow("own path") << u"https://x.example/in/sp"_s << u"https://x.example/in/sp"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("not a url") << u"ftp://x.example"_s << QString();
}

void TestEndpointStatusBar::publicWebhookUrlKeepsAPathOfItsOwn()
{
    QFETCH(QString, publicUrl);
    QFETCH(QString, expected);
    QCOMPARE(Settings::publicWebhookUrl(publicUrl, u"/hook"_s).toString(), expected);
}

QTEST_MAIN(TestEndpointStatusBar)
#include "tst_endpointstatusbar.moc"
