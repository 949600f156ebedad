// SPDX-License-Identifier: MIT
// The window's SendPilot account over a real IngestService and store, against the local fake
// API: credits fetched once the key is known, recorded in api_calls, fetched again when a
// finished Lead Extractor job is projected (and not for other events), and a refusal shown
// with SendPilot's words while the last good credits stay.
#include "common/settings.h"
#include "ingest/ingestservice.h"
#include "ingest/sendpilotaccount.h"
#include "sendpilot/sampleevents.h"
#include "store/campaignsources.h"
#include "store/database.h"

#include "fakesendpilot.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using TestSupport::FakeSendPilot;

namespace {
const QString Key = u"sp_live_account_test_9"_s;
}

class TestSendPilotAccount : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void creditsFetchedOnceTheKeyIsKnownAndRecorded();
    void finishedJobRefreshesCreditsOtherEventsDoNot();
    void refusalKeepsTheLastCredits();
    void noKeyNoCall();
    void incompleteCampaignFetchedOnceAKeyIsSet();
    void fetchFailedOfflineIsRetriedWhenTheNetworkIsBack();

private:
    qint64 recordedCalls();
    qint64 scalar(const QString &sql);
    void ingestShortWebhook(const QByteArray &campaign);

    QTemporaryDir m_dir;
    std::unique_ptr<FakeSendPilot> m_api;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<IngestService> m_service;
    std::unique_ptr<SendPilotAccount> m_account;
    QSqlDatabase m_read;
    int m_run = 0;
};

void TestSendPilotAccount::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/leadviewer-test-bus");
    qunsetenv("DISPLAY");
}

void TestSendPilotAccount::init()
{
    ++m_run;
    m_api = std::make_unique<FakeSendPilot>();
    m_settings = std::make_unique<Settings>(m_dir.filePath(u"settings-%1.ini"_s.arg(m_run)));
    m_settings->set(Setting::ApiBaseUrl, m_api->url().toString());
    m_service = std::make_unique<IngestService>();
    EndpointConfig config;
    config.databasePath = m_dir.filePath(u"account-%1.sqlite"_s.arg(m_run));
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    QString error;
    QVERIFY2(m_service->start(config, &error), qPrintable(error));
    m_read = Database::open(config.databasePath, u"account-read"_s, Database::Access::ReadOnly,
                            &error);
    QVERIFY2(m_read.isOpen(), qPrintable(error));
    m_account = std::make_unique<SendPilotAccount>(m_settings.get(), m_service.get());
    m_account->keyStore()->setServiceName(u"Lead Viewer tests"_s);
    SendPilotClientConfig tuning;
    tuning.timeoutMs = 2000;
    tuning.delayScale = 0.001;
    m_account->setTuning(tuning);
    m_account->setDatabase(m_read);
    connect(m_service.get(), &IngestService::eventsProjected, m_account.get(),
            &SendPilotAccount::noteEventsProjected);
}

void TestSendPilotAccount::cleanup()
{
    m_account.reset();
    m_read = QSqlDatabase();
    Database::close(u"account-read"_s);
    m_service->stop();
    m_service.reset();
    m_settings.reset();
    m_api.reset();
}

qint64 TestSendPilotAccount::recordedCalls()
{
    QSqlQuery query(m_read);
    return query.exec(u"SELECT count(*) FROM api_calls"_s) && query.next()
        ? query.value(0).toLongLong()
        : -1;
}

qint64 TestSendPilotAccount::scalar(const QString &sql)
{
    QSqlQuery query(m_read);
    return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -999;
}

void TestSendPilotAccount::ingestShortWebhook(const QByteArray &campaign)
{
    // The webhook says 120 leads were extracted and holds 50: incomplete.
    QSignalSpy projected(m_service.get(), &IngestService::eventsProjected);
    m_service->reingest(FakeSendPilot::jobCompletedBody("evt_short_" + campaign, campaign, 120, 50),
                        u"test"_s);
    QVERIFY(projected.wait(10000));
    QCOMPARE(scalar(u"SELECT lead_count FROM campaigns WHERE campaign_id = '%1'"_s.arg(
                 QString::fromLatin1(campaign))),
             50);
}

void TestSendPilotAccount::creditsFetchedOnceTheKeyIsKnownAndRecorded()
{
    m_settings->set(Setting::ApiKeyInFile, Key); // as saved where no keychain runs
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    QSignalSpy recorded(m_service.get(), &IngestService::apiCallsRecorded);
    QSignalSpy changed(m_account.get(), &SendPilotAccount::creditsChanged);
    m_account->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_account->credits().credits.has_value(), 10000);
    QVERIFY(changed.count() >= 2); // fetching, then fetched
    QVERIFY(m_account->hasKey());
    QCOMPARE(m_account->credits().credits->remaining, 5000.0);
    QCOMPARE(m_account->credits().credits->leadRemaining, 6500.0);
    QVERIFY(m_account->credits().error.isEmpty());
    QVERIFY(m_account->credits().fetchedAtMs > 0);
    QCOMPARE(m_api->requests().constFirst().header("x-api-key"), Key.toUtf8());
    QTRY_VERIFY(recorded.count() >= 1);
    QCOMPARE(recordedCalls(), 1);
    // The key is in none of the store's bytes (the call is: so the search can find things).
    QByteArray stored;
    for (const QString &suffix : {u""_s, u"-wal"_s}) {
        QFile file(m_dir.filePath(u"account-%1.sqlite"_s.arg(m_run)) + suffix);
        if (file.open(QIODevice::ReadOnly))
            stored += file.readAll();
    }
    QVERIFY(stored.contains("/v1/credits"));
    QVERIFY(!stored.contains(Key.toUtf8()));
}

void TestSendPilotAccount::finishedJobRefreshesCreditsOtherEventsDoNot()
{
    m_settings->set(Setting::ApiKeyInFile, Key);
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    m_account->start();
    QTRY_COMPARE_WITH_TIMEOUT(m_api->requestCount("/v1/credits"), 1, 10000);
    QTRY_VERIFY(!m_account->credits().refreshing);

    // Another kind of event is projected: no call.
    QSignalSpy projected(m_service.get(), &IngestService::eventsProjected);
    m_service->reingest(SampleEvents::activity(u"evt_msg_1"_s, u"message.sent"_s), u"test"_s);
    QVERIFY(projected.wait(10000));
    QCoreApplication::processEvents(); // the account's slot runs from the same queued signal
    QCOMPARE(m_api->requestCount("/v1/credits"), 1);

    // A campaign finished: its credits were spent, so they are asked for again.
    m_service->reingest(SampleEvents::extractorJob(u"evt_job_1"_s, u"camp_1"_s, 5), u"test"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_api->requestCount("/v1/credits"), 2, 10000);
    QTRY_COMPARE(recordedCalls(), 2);
}

void TestSendPilotAccount::refusalKeepsTheLastCredits()
{
    m_settings->set(Setting::ApiKeyInFile, Key);
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    m_api->script(
        "/v1/credits",
        FakeSendPilot::Response::error(
            403, "API key does not have permission to access this workspace", "Forbidden"));
    m_account->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_account->credits().credits.has_value(), 10000);
    m_account->refreshCredits();
    QTRY_COMPARE_WITH_TIMEOUT(m_account->credits().lastVerdict, ApiVerdict::Forbidden, 10000);
    QVERIFY(m_account->credits().error.contains(
        u"API key does not have permission to access this workspace"_s));
    QVERIFY(m_account->credits().credits.has_value()); // the last good answer stays shown
}

void TestSendPilotAccount::noKeyNoCall()
{
    QSignalSpy keyChanged(m_account.get(), &SendPilotAccount::keyChanged);
    m_account->start();
    QVERIFY(keyChanged.wait(10000));
    QVERIFY(!m_account->hasKey());
    m_account->refreshCredits();
    QSignalSpy projected(m_service.get(), &IngestService::eventsProjected);
    m_service->reingest(SampleEvents::extractorJob(u"evt_job_2"_s, u"camp_2"_s, 3), u"test"_s);
    QVERIFY(projected.wait(10000));
    QCoreApplication::processEvents();
    QVERIFY(m_api->requests().isEmpty());
}

void TestSendPilotAccount::incompleteCampaignFetchedOnceAKeyIsSet()
{
    // Before a key: the short webhook is stored and marked, nothing is asked.
    ingestShortWebhook("camp_short1");
    if (QTest::currentTestFailed())
        return;
    m_api->serveCampaign("camp_short1", 120);
    QSignalSpy keyChanged(m_account.get(), &SendPilotAccount::keyChanged);
    m_account->start();
    QVERIFY(keyChanged.wait(10000));
    QCOMPARE(m_api->requestCount(FakeSendPilot::statusPath("camp_short1")), 0);

    // The key is saved: the campaign is fetched without being asked, and is complete.
    QSignalSpy fetched(m_account.get(), &SendPilotAccount::fetchFinished);
    m_account->keyStore()->save(Key);
    QVERIFY(fetched.wait(10000));
    QVERIFY(fetched.constFirst().constFirst().value<FetchReport>().ok());
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(u"SELECT lead_count FROM campaigns WHERE campaign_id = 'camp_short1'"_s), 120,
        10000);
    QCOMPARE(scalar(u"SELECT results_complete FROM campaigns"_s), 1);
    QCOMPARE(scalar(u"SELECT sources FROM campaigns"_s),
             CampaignSources::Webhook | CampaignSources::Api);
    QCOMPARE(m_api->requestCount(FakeSendPilot::resultsPath("camp_short1")), 2);
}

void TestSendPilotAccount::fetchFailedOfflineIsRetriedWhenTheNetworkIsBack()
{
    // The API is unreachable (a port nobody listens on): the fetch fails for the network.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 deadPort = closed.serverPort();
    closed.close();
    m_settings->set(Setting::ApiBaseUrl, u"http://127.0.0.1:%1"_s.arg(deadPort));
    m_settings->set(Setting::ApiKeyInFile, Key);
    ingestShortWebhook("camp_short2");
    if (QTest::currentTestFailed())
        return;
    QSignalSpy fetched(m_account.get(), &SendPilotAccount::fetchFinished);
    m_account->start();
    QVERIFY(fetched.wait(10000));
    QCOMPARE(fetched.constFirst().constFirst().value<FetchReport>().verdict,
             ApiVerdict::NetworkError);

    // The API answers again. Another look for incomplete campaigns (a webhook arrived) does
    // not repeat a failed fetch by itself...
    m_settings->set(Setting::ApiBaseUrl, m_api->url().toString());
    m_api->serveCampaign("camp_short2", 120);
    m_account->fetchIncomplete();
    QVERIFY(!m_account->fetcher()->isBusy());
    QVERIFY(!m_account->fetcher()->isQueued(u"camp_short2"_s));
    // ...the network coming back does.
    m_account->networkRestored();
    QVERIFY(fetched.wait(10000));
    QVERIFY(fetched.constLast().constFirst().value<FetchReport>().ok());
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(u"SELECT lead_count FROM campaigns WHERE campaign_id = 'camp_short2'"_s), 120,
        10000);
    QCOMPARE(scalar(u"SELECT count(*) FROM campaigns c WHERE %1"_s.arg(
                 QLatin1StringView(CampaignSources::IncompleteSql))),
             0);
}

QTEST_GUILESS_MAIN(TestSendPilotAccount)
#include "tst_sendpilotaccount.moc"
