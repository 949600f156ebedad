// SPDX-License-Identifier: MIT
// The SendPilot API in the window, offscreen, against the local fake API: the Settings group
// (the key masked with Show and Clear, the note saying the key goes to the 0600 settings file
// where no keychain service runs, Test connection, a bad base URL refused), and the main
// window's Credits tab, status bar and API Calls tab once the credits are fetched.
#include "accountcreditspanel.h"
#include "apicallsview.h"
#include "apisettingsbox.h"
#include "creditsview.h"
#include "mainwindow.h"
#include "settingsdialog.h"

#include "common/settings.h"
#include "ingest/ingestservice.h"
#include "ingest/sendpilotaccount.h"
#include "models/apicallmodel.h"

#include "fakesendpilot.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using TestSupport::FakeSendPilot;

namespace {
const QString Key = u"sp_live_views_test_77"_s;

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestApiViews : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void settingsSayWhereTheKeyGoesWithoutAKeychain();
    void clearRemovesTheKey();
    void testConnectionUsesWhatIsTyped();
    void badBaseUrlIsRefused();
    void windowShowsCreditsAndCalls();

private:
    EndpointConfig config() const;

    QTemporaryDir m_dir;
    std::unique_ptr<FakeSendPilot> m_api;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<IngestService> m_service;
    int m_run = 0;
};

void TestApiViews::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/leadviewer-test-bus");
}

void TestApiViews::init()
{
    ++m_run;
    m_api = std::make_unique<FakeSendPilot>();
    m_settings = std::make_unique<Settings>(m_dir.filePath(u"views-%1.ini"_s.arg(m_run)));
    // A saved key is used at once: never against the real API from a test.
    m_settings->set(Setting::ApiBaseUrl, m_api->url().toString());
    m_service = std::make_unique<IngestService>();
    QString error;
    QVERIFY2(m_service->start(config(), &error), qPrintable(error));
}

void TestApiViews::cleanup()
{
    m_service->stop();
    m_service.reset();
    m_settings.reset();
    m_api.reset();
}

EndpointConfig TestApiViews::config() const
{
    EndpointConfig config;
    config.databasePath = m_dir.filePath(u"views-%1.sqlite"_s.arg(m_run));
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    return config;
}

void TestApiViews::settingsSayWhereTheKeyGoesWithoutAKeychain()
{
    SendPilotAccount account(m_settings.get(), m_service.get());
    account.keyStore()->setServiceName(u"Lead Viewer tests"_s);
    QSignalSpy keyChanged(&account, &SendPilotAccount::keyChanged);
    account.start();
    QVERIFY(keyChanged.wait(10000));

    SettingsDialog dialog(m_settings.get(), m_service.get(), config(), nullptr, &account);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    ApiSettingsBox *box = dialog.apiSettings();
    QVERIFY(box);
    QVERIFY(box->storageNote()->isVisible());
    QVERIFY2(box->storageNote()->text().contains(u"No keychain service is running"_s),
             qPrintable(box->storageNote()->text()));
    QVERIFY(box->storageNote()->text().contains(m_settings->fileName()));
    QCOMPARE(box->baseUrlEdit()->text(), m_api->url().toString());

    // Masked, shown on request.
    QCOMPARE(box->keyEdit()->echoMode(), QLineEdit::Password);
    QTest::keyClicks(box->keyEdit(), Key);
    QTest::mouseClick(box->showKeyButton(), Qt::LeftButton);
    QCOMPARE(box->keyEdit()->echoMode(), QLineEdit::Normal);
    QTest::mouseClick(box->showKeyButton(), Qt::LeftButton);
    QCOMPARE(box->keyEdit()->echoMode(), QLineEdit::Password);

    QSignalSpy saved(account.keyStore(), &ApiKeyStore::finished);
    QVERIFY2(dialog.apply(), qPrintable(dialog.errorText()));
    QVERIFY(saved.wait(10000));
    QCOMPARE(account.keyStore()->location(), ApiKeyStore::Location::SettingsFile);
    QVERIFY(account.hasKey());
    QVERIFY2(box->storageNote()->text().contains(u"the key is kept in the settings file"_s),
             qPrintable(box->storageNote()->text()));
    QVERIFY(box->storageNote()->text().contains(u"0600"_s));
    QVERIFY(contents(m_settings->fileName()).contains(Key.toUtf8()));
}

void TestApiViews::clearRemovesTheKey()
{
    m_settings->set(Setting::ApiKeyInFile, Key);
    SendPilotAccount account(m_settings.get(), m_service.get());
    QSignalSpy keyChanged(&account, &SendPilotAccount::keyChanged);
    account.start();
    QVERIFY(keyChanged.wait(10000));
    SettingsDialog dialog(m_settings.get(), m_service.get(), config(), nullptr, &account);
    ApiSettingsBox *box = dialog.apiSettings();
    QCOMPARE(box->keyEdit()->text(), Key);
    QTest::mouseClick(box->clearKeyButton(), Qt::LeftButton);
    QVERIFY(box->keyEdit()->text().isEmpty());
    QVERIFY(dialog.apply());
    QVERIFY(keyChanged.wait(10000));
    QVERIFY(!account.hasKey());
    QCOMPARE(account.keyStore()->location(), ApiKeyStore::Location::None);
    QVERIFY(!contents(m_settings->fileName()).contains(Key.toUtf8()));
}

void TestApiViews::testConnectionUsesWhatIsTyped()
{
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    SendPilotAccount account(m_settings.get(), m_service.get());
    SettingsDialog dialog(m_settings.get(), m_service.get(), config(), nullptr, &account);
    ApiSettingsBox *box = dialog.apiSettings();
    QTest::mouseClick(box->testButton(), Qt::LeftButton);
    QCOMPARE(box->testResult()->text(), u"Enter the API key first."_s);
    box->keyEdit()->setText(Key);
    box->baseUrlEdit()->setText(m_api->url().toString());
    QTest::mouseClick(box->testButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(box->testResult()->text().startsWith(u"Connected"_s), 10000);
    QCOMPARE(box->testResult()->text(),
             u"Connected: %1 credits remaining."_s.arg(QLocale().toString(5000)));
    QCOMPARE(m_api->requests().constFirst().header("x-api-key"), Key.toUtf8());
    QVERIFY(!account.hasKey()); // tested, not saved

    m_api->script("/v1/credits",
                  FakeSendPilot::Response::error(401, "Invalid API key", "Unauthorized"));
    QTest::mouseClick(box->testButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(box->testResult()->text().contains(u"Invalid API key"_s), 10000);
}

void TestApiViews::badBaseUrlIsRefused()
{
    SendPilotAccount account(m_settings.get(), m_service.get());
    SettingsDialog dialog(m_settings.get(), m_service.get(), config(), nullptr, &account);
    dialog.apiSettings()->baseUrlEdit()->setText(u"api.sendpilot.ai/v1?x"_s);
    QVERIFY(!dialog.apply());
    QVERIFY2(dialog.errorText().contains(u"base URL"_s), qPrintable(dialog.errorText()));
    QCOMPARE(m_settings->value(Setting::ApiBaseUrl), m_api->url().toString());
    // Emptied, it means the default.
    dialog.apiSettings()->baseUrlEdit()->clear();
    QVERIFY2(dialog.apply(), qPrintable(dialog.errorText()));
    QCOMPARE(m_settings->apiBaseUrl(), QUrl(u"https://api.sendpilot.ai"_s));
}

void TestApiViews::windowShowsCreditsAndCalls()
{
    m_settings->set(Setting::ApiKeyInFile, Key);
    m_settings->set(Setting::ApiBaseUrl, m_api->url().toString());
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    MainWindow window(m_service.get(), m_settings.get(), config(), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *credits = window.findChild<CreditsView *>();
    QVERIFY(credits);
    AccountCreditsPanel *panel = credits->accountPanel();
    QTRY_COMPARE_WITH_TIMEOUT(panel->valueText(u"remaining"_s), QLocale().toString(5000), 10000);
    QCOMPARE(panel->valueText(u"balance"_s), QLocale().toString(6200));
    QCOMPARE(panel->valueText(u"leadQuota"_s), QLocale().toString(10000));
    QCOMPARE(panel->valueText(u"leadRemaining"_s), QLocale().toString(6500));
    QVERIFY(panel->valueText(u"status"_s).startsWith(u"From SendPilot at"_s));

    auto *status = window.findChild<QToolButton *>(u"creditsStatus"_s);
    QVERIFY(status);
    QVERIFY(status->isVisible());
    QCOMPARE(status->text(), u"%1 credits left"_s.arg(QLocale().toString(5000)));

    auto *calls = window.findChild<ApiCallsView *>();
    QVERIFY(calls);
    QAbstractItemModelTester tester(calls->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE_WITH_TIMEOUT(calls->model()->rowCount(), 1, 10000);
    QCOMPARE(calls->model()->index(0, ApiCallModel::Path).data().toString(), u"/v1/credits"_s);
    QCOMPARE(calls->model()->index(0, ApiCallModel::Verdict).data().toString(), u"OK"_s);
    for (int column = 0; column < ApiCallModel::ColumnCount; ++column)
        QVERIFY(!calls->model()->index(0, column).data().toString().contains(Key));

    // Refresh on demand.
    QTest::mouseClick(panel->refreshButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_api->requestCount("/v1/credits"), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(calls->model()->rowCount(), 2, 10000);
    auto *tabs = window.findChild<QTabWidget *>(u"mainTabs"_s);
    QCOMPARE(tabs->tabText(tabs->indexOf(calls)), u"A&PI Calls"_s);
}

QTEST_MAIN(TestApiViews)
#include "tst_apiviews.moc"
