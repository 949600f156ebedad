// SPDX-License-Identifier: MIT
// Starting a campaign from the window, offscreen, against the local fake API (issue 12 item 6):
// "New Campaign…" disabled without a key; the dialog's inline messages for a bad URL with no
// request sent; a launch whose campaign row appears at once, shows "Running 45 %" from the
// polls, and then its leads in the lead table once fetched after the grace; FAILED with what
// SendPilot said.
#include "campaignsview.h"
#include "leadsview.h"
#include "mainwindow.h"
#include "newcampaigndialog.h"

#include "common/settings.h"
#include "ingest/ingestservice.h"
#include "ingest/sendpilotaccount.h"
#include "models/campaignmodel.h"
#include "models/leadtablemodel.h"
#include "models/modelroles.h"

#include "fakesendpilot.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using TestSupport::FakeSendPilot;
using Step = FakeSendPilot::Step;

namespace {
const QString Key = u"sp_live_window_launch_5"_s;
const QString SearchUrl = u"https://www.linkedin.com/search/results/people/?keywords=founder"_s;
} // namespace

class TestNewCampaign : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void disabledWithoutAKey();
    void launchShowsProgressThenLeads();
    void failedShowsWhatSendPilotSaid();

private:
    EndpointConfig config() const;
    std::unique_ptr<MainWindow> window();
    NewCampaignDialog *openDialog(MainWindow &window);
    static void fill(NewCampaignDialog *dialog, const QString &name, const QString &urls,
                     int limit);

    QTemporaryDir m_dir;
    std::unique_ptr<FakeSendPilot> m_api;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<IngestService> m_service;
    int m_run = 0;
};

void TestNewCampaign::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/leadviewer-test-bus");
}

void TestNewCampaign::init()
{
    ++m_run;
    m_api = std::make_unique<FakeSendPilot>();
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    m_settings = std::make_unique<Settings>(m_dir.filePath(u"launch-%1.ini"_s.arg(m_run)));
    m_settings->set(Setting::ApiBaseUrl, m_api->url().toString());
    m_service = std::make_unique<IngestService>();
    QString error;
    QVERIFY2(m_service->start(config(), &error), qPrintable(error));
}

void TestNewCampaign::cleanup()
{
    m_service->stop();
    m_service.reset();
    m_settings.reset();
    m_api.reset();
}

EndpointConfig TestNewCampaign::config() const
{
    EndpointConfig config;
    config.databasePath = m_dir.filePath(u"launch-%1.sqlite"_s.arg(m_run));
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    return config;
}

std::unique_ptr<MainWindow> TestNewCampaign::window()
{
    auto w = std::make_unique<MainWindow>(m_service.get(), m_settings.get(), config(), QString());
    TrackerTiming timing;
    timing.firstPollMs = 30;
    timing.maxPollMs = 120;
    timing.graceMs = 200;
    w->account()->setTrackerTiming(timing);
    w->show();
    return w;
}

NewCampaignDialog *TestNewCampaign::openDialog(MainWindow &window)
{
    auto *action = window.findChild<QAction *>(u"newCampaignAction"_s);
    if (!action || !action->isEnabled())
        return nullptr;
    action->trigger();
    return window.findChild<NewCampaignDialog *>();
}

void TestNewCampaign::fill(NewCampaignDialog *dialog, const QString &name, const QString &urls,
                           int limit)
{
    dialog->findChild<QLineEdit *>(u"campaignName"_s)->setText(name);
    dialog->findChild<QPlainTextEdit *>(u"searchUrls"_s)->setPlainText(urls);
    dialog->findChild<QSpinBox *>(u"limit"_s)->setValue(limit);
}

void TestNewCampaign::disabledWithoutAKey()
{
    auto w = window();
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    auto *action = w->findChild<QAction *>(u"newCampaignAction"_s);
    QVERIFY(action);
    QTRY_VERIFY(!w->account()->keyStore()->busy());
    QVERIFY(!action->isEnabled());
    QVERIFY(action->toolTip().contains(u"API key"_s));
    // A key saved in Settings enables it.
    QSignalSpy keyChanged(w->account(), &SendPilotAccount::keyChanged);
    w->account()->keyStore()->save(Key);
    QVERIFY(keyChanged.wait(10000));
    QVERIFY(action->isEnabled());
}

void TestNewCampaign::launchShowsProgressThenLeads()
{
    m_settings->set(Setting::ApiKeyInFile, Key);
    m_api->serveLaunch(
        "camp_win",
        {{"PENDING", 0, 0}, {"RUNNING", 45, 54}, {"RUNNING", 45, 54}, {"FINISHED", 100, 120}}, 120);
    auto w = window();
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QTRY_VERIFY_WITH_TIMEOUT(w->account()->hasKey(), 10000);
    CampaignModel *campaigns = w->findChild<CampaignsView *>()->model();
    QAbstractItemModelTester tester(campaigns,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);

    NewCampaignDialog *dialog = openDialog(*w);
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    auto *launch = dialog->findChild<QPushButton *>(u"launchButton"_s);
    auto *urlsProblem = dialog->findChild<QLabel *>(u"urlsProblem"_s);

    // A profile URL on line 2: said under the URLs, nothing sent.
    fill(dialog, u"Window founders"_s, SearchUrl + u"\nhttps://www.linkedin.com/in/someone"_s, 120);
    QTest::mouseClick(launch, Qt::LeftButton);
    QVERIFY(urlsProblem->isVisible());
    QVERIFY2(urlsProblem->text().startsWith(u"Line 2:"_s), qPrintable(urlsProblem->text()));
    QCOMPARE(m_api->requestCount(FakeSendPilot::launchPath()), 0);
    QVERIFY(dialog->isVisible());

    // Fixed: launched, the dialog closes, the row is there at once with what was asked.
    fill(dialog, u"Window founders"_s, SearchUrl, 120);
    auto *mode = dialog->findChild<QComboBox *>(u"mode"_s);
    mode->setCurrentIndex(mode->findData(u"with_enrichment"_s));
    QSignalSpy launched(w->account(), &SendPilotAccount::launchFinished);
    QTest::mouseClick(launch, Qt::LeftButton);
    QVERIFY(!urlsProblem->isVisible());
    QVERIFY(launched.wait(10000));
    QVERIFY(launched.constFirst().constFirst().value<LaunchReport>().ok());
    QTRY_VERIFY(w->findChild<NewCampaignDialog *>() == nullptr || !dialog->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(campaigns->rowCount(), 1, 10000);
    QCOMPARE(campaigns->campaignId(0), u"camp_win"_s);
    QVERIFY(campaigns->index(0, CampaignModel::Name)
                .data()
                .toString()
                .endsWith(u"Window founders"_s)); // after its status: "Pending · …"
    QVERIFY(w->statusBar()->currentMessage().contains(u"started on SendPilot"_s));

    // The polls' progress, in the status column and before the name.
    QTRY_COMPARE_WITH_TIMEOUT(campaigns->index(0, CampaignModel::Status).data().toString(),
                              u"Running 45 %"_s, 10000);
    QCOMPARE(campaigns->index(0, CampaignModel::Name).data().toString(),
             u"45 % · Window founders"_s);
    QCOMPARE(campaigns->index(0, CampaignModel::LeadsExtracted)
                 .data(ModelRoles::RawValueRole)
                 .toLongLong(),
             54);

    // Finished, no webhook within the grace: fetched, and its leads are in the table.
    QTRY_COMPARE_WITH_TIMEOUT(campaigns->index(0, CampaignModel::Status).data().toString(),
                              u"Finished"_s, 15000);
    QCOMPARE(campaigns->index(0, CampaignModel::Name).data().toString(), u"Window founders"_s);
    LeadTableModel *leads = w->findChild<LeadsView *>()->model();
    QTRY_COMPARE_WITH_TIMEOUT(leads->totalCount(), 120, 15000);
    QCOMPARE(m_api->requestCount(FakeSendPilot::resultsPath("camp_win")), 2);
}

void TestNewCampaign::failedShowsWhatSendPilotSaid()
{
    m_settings->set(Setting::ApiKeyInFile, Key);
    m_api->script(FakeSendPilot::launchPath(),
                  FakeSendPilot::Response::json(201, R"({"id":"camp_fail"})"));
    m_api->script(
        FakeSendPilot::statusPath("camp_fail"),
        FakeSendPilot::Response::json(
            200,
            FakeSendPilot::statusBody("camp_fail", {"FAILED", 5, 2}, 40,
                                      R"(,"message":"LinkedIn session expired")", "Doomed")));
    auto w = window();
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QTRY_VERIFY_WITH_TIMEOUT(w->account()->hasKey(), 10000);
    NewCampaignDialog *dialog = openDialog(*w);
    QVERIFY(dialog);
    fill(dialog, u"Doomed"_s, SearchUrl, 40);
    dialog->launch();
    CampaignModel *campaigns = w->findChild<CampaignsView *>()->model();
    QTRY_COMPARE_WITH_TIMEOUT(campaigns->rowCount(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(campaigns->index(0, CampaignModel::Status).data().toString(),
                              u"Failed: LinkedIn session expired"_s, 10000);
    QCOMPARE(campaigns->index(0, CampaignModel::Name).data().toString(), u"Failed · Doomed"_s);
    QVERIFY(campaigns->details(0).contains(u"SendPilot says: LinkedIn session expired"_s));
    QTRY_VERIFY(w->statusBar()->currentMessage().contains(u"LinkedIn session expired"_s));
}

QTEST_MAIN(TestNewCampaign)
#include "tst_newcampaign.moc"
