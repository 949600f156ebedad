// SPDX-License-Identifier: MIT
// SettingsDialog over a real IngestService: an error makes room for itself instead of
// crushing the rows above it, the dialog says why the endpoint is not listening when it opens,
// and the database file can be chosen there.
#include "secretlistedit.h"
#include "settingsdialog.h"

#include "common/settings.h"
#include "ingest/ingestservice.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void errorKeepsTheLayout();
    void showsWhyTheEndpointIsNotListening();
    void databaseChosenWhileOneIsOpenOpensAtNextStart();
    void anyFreePortStaysAnyFreePort();

private:
    EndpointConfig config(const QString &database, quint16 port = 0) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<IngestService> m_service;
};

void TestSettingsDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
}

void TestSettingsDialog::cleanup()
{
    if (m_service)
        m_service->stop();
    m_service.reset();
    m_settings.reset();
}

EndpointConfig TestSettingsDialog::config(const QString &database, quint16 port) const
{
    EndpointConfig config;
    config.databasePath = m_dir.filePath(database);
    config.address = QHostAddress::LocalHost;
    config.port = port;
    config.secrets = {u"whsec_settings_dialog"_s};
    return config;
}

void TestSettingsDialog::errorKeepsTheLayout()
{
    m_settings = std::make_unique<Settings>(m_dir.filePath(u"layout.ini"_s));
    m_service = std::make_unique<IngestService>();
    const EndpointConfig current = config(u"layout.sqlite"_s);
    QString error;
    QVERIFY2(m_service->start(current, &error), qPrintable(error));
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));

    SettingsDialog dialog(m_settings.get(), m_service.get(), current);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    SecretListEdit *secrets = dialog.secretsEdit();
    const int secretsHeight = secrets->height();
    const int dialogHeight = dialog.height();
    QVERIFY(secretsHeight > 0);

    dialog.portEdit()->setValue(blocker.serverPort());
    QVERIFY(!dialog.apply());
    QVERIFY2(dialog.errorText().contains(u"Cannot listen on"_s), qPrintable(dialog.errorText()));
    auto *errorLabel = dialog.findChild<QLabel *>(u"settingsError"_s);
    QTRY_VERIFY(errorLabel->isVisible());
    // The dialog grew for the message; every row kept its height.
    QTRY_VERIFY(dialog.height() > dialogHeight);
    QCOMPARE(secrets->height(), secretsHeight);
    QVERIFY(errorLabel->height() >= errorLabel->heightForWidth(errorLabel->width()));
}

void TestSettingsDialog::showsWhyTheEndpointIsNotListening()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
    m_settings = std::make_unique<Settings>(m_dir.filePath(u"notlistening.ini"_s));
    m_service = std::make_unique<IngestService>();
    const EndpointConfig current = config(u"notlistening.sqlite"_s, blocker.serverPort());
    QString error;
    QVERIFY(!m_service->start(current, &error));
    QVERIFY(m_service->storeOpen());
    QVERIFY(!m_service->isListening());
    QCOMPARE(m_service->listenError(), error);

    SettingsDialog dialog(m_settings.get(), m_service.get(), current);
    QVERIFY2(dialog.errorText().startsWith(u"The endpoint is not listening: %1"_s.arg(error)),
             qPrintable(dialog.errorText()));
    QVERIFY(dialog.errorText().contains(QString::number(blocker.serverPort())));

    // Fixed in the dialog: the message goes, and the service forgets the old error.
    dialog.portEdit()->setValue(0);
    QVERIFY2(dialog.apply(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.errorText(), QString());
    QVERIFY(m_service->isListening());
    QCOMPARE(m_service->listenError(), QString());
    SettingsDialog again(m_settings.get(), m_service.get(), dialog.config());
    QCOMPARE(again.errorText(), QString());
}

void TestSettingsDialog::databaseChosenWhileOneIsOpenOpensAtNextStart()
{
    m_settings = std::make_unique<Settings>(m_dir.filePath(u"database.ini"_s));
    m_service = std::make_unique<IngestService>();
    const EndpointConfig current = config(u"first.sqlite"_s);
    QString error;
    QVERIFY2(m_service->start(current, &error), qPrintable(error));

    SettingsDialog dialog(m_settings.get(), m_service.get(), current);
    QCOMPARE(dialog.databaseEdit()->text(), QDir::toNativeSeparators(current.databasePath));
    QVERIFY(dialog.apply());
    QCOMPARE(m_settings->value(Setting::DatabasePath), QString()); // unchanged: nothing saved

    dialog.databaseEdit()->setText(u"  "_s);
    QVERIFY(!dialog.apply());
    QVERIFY2(dialog.errorText().startsWith(u"Choose a database file"_s),
             qPrintable(dialog.errorText()));

    const QString second = m_dir.filePath(u"second.sqlite"_s);
    dialog.databaseEdit()->setText(QDir::toNativeSeparators(second));
    QVERIFY(dialog.apply());
    QCOMPARE(m_settings->value(Setting::DatabasePath), second);
    QCOMPARE(m_service->databasePath(), current.databasePath); // the views still read it
    QVERIFY2(dialog.errorText().contains(
                 u"opens %1 at its next start"_s.arg(QDir::toNativeSeparators(second))),
             qPrintable(dialog.errorText()));
    QVERIFY(!QFile::exists(second));
}

void TestSettingsDialog::anyFreePortStaysAnyFreePort()
{
    // Started with --listen 127.0.0.1:0: the dialog said port 1 (the spin box's minimum) and OK
    // then tried to move the endpoint there.
    m_settings = std::make_unique<Settings>(m_dir.filePath(u"anyport.ini"_s));
    m_service = std::make_unique<IngestService>();
    const EndpointConfig current = config(u"anyport.sqlite"_s, 0);
    QString error;
    QVERIFY2(m_service->start(current, &error), qPrintable(error));
    const QUrl url = m_service->url();
    QVERIFY(url.port() > 0);

    SettingsDialog dialog(m_settings.get(), m_service.get(), current);
    QCOMPARE(dialog.portEdit()->value(), 0);
    QCOMPARE(dialog.portEdit()->text(), u"Any free port"_s);
    auto *hint = dialog.findChild<QLabel *>(u"settingsHint"_s);
    QVERIFY(hint);
    QVERIFY2(hint->text().contains(u"http://127.0.0.1:%1"_s.arg(url.port())),
             qPrintable(hint->text()));
    QVERIFY2(dialog.apply(), qPrintable(dialog.errorText()));
    QCOMPARE(m_service->url(), url); // still the same socket
    QCOMPARE(m_settings->value(Setting::ListenPort), 0);
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
