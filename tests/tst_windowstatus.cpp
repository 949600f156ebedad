// SPDX-License-Identifier: MIT
// The main window's status bar: the store's counts give way to a message ("Exported 89 leads to
// …") and come back when it ends, while the endpoint's state stays in view. The real window on
// the offscreen platform, a real receiver on loopback with a store in a temporary folder.
#include "endpointstatusbar.h"
#include "mainwindow.h"

#include "common/settings.h"
#include "ingest/ingestservice.h"
#include "sendpilot/sampleevents.h"

#include "signedpost.h"

#include "windowservice.h"
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
const QByteArray Secret = "whsec_status_bar";
} // namespace

class TestWindowStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void messageReplacesTheCountsUntilItEnds();

private:
    QTemporaryDir m_dir;
    TestSupport::WindowService m_app;
};

void TestWindowStatus::initTestCase()
{
    TRY_OR_FAIL(m_app.start(m_dir, {QString::fromLatin1(Secret)}));
    QSignalSpy changed(m_app.service.get(), &IngestService::storeChanged);
    const QByteArray body = SampleEvents::extractorJob(u"evt-s"_s, u"camp-s"_s, 12, 3);
    const QUrl url = m_app.service->url();
    QCOMPARE(TestSupport::postSigned(quint16(url.port()), url.path().toUtf8(), body, Secret).status,
             200);
    QVERIFY(changed.wait(15000));
}

void TestWindowStatus::cleanupTestCase()
{
    m_app.service->stop();
}

void TestWindowStatus::messageReplacesTheCountsUntilItEnds()
{
    MainWindow window(m_app.service.get(), m_app.settings.get(), m_app.config, QString());
    window.resize(1366, 740);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *counts = window.findChild<QLabel *>(u"storeCounts"_s);
    auto *endpoint = window.findChild<EndpointStatusBar *>();
    QVERIFY(counts && endpoint);
    QTRY_VERIFY2(counts->text().contains(u"12 leads"_s), qPrintable(counts->text()));
    QVERIFY(counts->isVisible());

    // A message takes the counts' place, whole at a 1366-pixel width beside the endpoint's
    // state, which stays.
    const QString message
        = u"Exported 12 leads to /home/analyst/Documents/CRM/founders-berlin-2026-12-03.xlsx"_s;
    window.statusBar()->showMessage(message);
    QTRY_VERIFY(!counts->isVisible());
    QCOMPARE(window.statusBar()->currentMessage(), message);
    QVERIFY(endpoint->isVisible());
    const int free = window.statusBar()->width() - endpoint->width();
    QVERIFY2(window.statusBar()->fontMetrics().horizontalAdvance(message) < free,
             qPrintable(u"%1 px free for the message"_s.arg(free)));

    // When it ends, the counts are back.
    window.statusBar()->clearMessage();
    QTRY_VERIFY(counts->isVisible());
    QVERIFY(counts->text().contains(u"12 leads"_s));
}

QTEST_MAIN(TestWindowStatus)
#include "tst_windowstatus.moc"
