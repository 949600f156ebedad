// SPDX-License-Identifier: MIT
// What the window says: counts in real plural forms, import reports that name the file and the
// reason, and, on a database that cannot be opened, a status bar, endpoint label and campaign
// list that blame the database and point to the Settings field that fixes it.
#include "campaignsview.h"
#include "emptystate.h"
#include "mainwindow.h"
#include "settingsdialog.h"
#include "windowmessages.h"

#include "common/settings.h"
#include "ingest/importer.h"
#include "ingest/ingestservice.h"

#include "tempstore.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

class TestWindowMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void storeCountsUsePluralForms_data();
    void storeCountsUsePluralForms();
    void oneFailedFileIsNamedWithItsReason();
    void severalFailedFilesAreListed();
    void unopenableDatabaseIsBlamedAndFixedInSettings();
    void emptyStateNamesThePublicUrl();

private:
    QString writeFile(const QString &name, const QByteArray &content);

    QTemporaryDir m_dir;
};

void TestWindowMessages::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

QString TestWindowMessages::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return QString();
    return path;
}

void TestWindowMessages::storeCountsUsePluralForms_data()
{
    QTest::addColumn<qint64>("campaigns");
    QTest::addColumn<qint64>("leads");
    QTest::addColumn<qint64>("events");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << 0LL << 0LL << 0LL << u"0 campaigns · 0 leads · 0 events"_s;
    QTest::newRow("one of each") << 1LL << 1LL << 1LL << u"1 campaign · 1 lead · 1 event"_s;
    QTest::newRow("many") << 2LL << 1954LL << 3LL << u"2 campaigns · 1,954 leads · 3 events"_s;
}

void TestWindowMessages::storeCountsUsePluralForms()
{
    QFETCH(qint64, campaigns);
    QFETCH(qint64, leads);
    QFETCH(qint64, events);
    QFETCH(QString, expected);
    StoreCounts counts;
    counts.campaigns = campaigns;
    counts.leads = leads;
    counts.events = events;
    QCOMPARE(WindowMessages::storeCounts(counts), expected);
}

void TestWindowMessages::oneFailedFileIsNamedWithItsReason()
{
    TestSupport::TempStore store(u"messages-one"_s);
    store.open();
    const QString empty = writeFile(u"empty.json"_s, "\n");
    QVERIFY(!empty.isEmpty());
    const Importer::Report report = Importer::importFiles(store.events(), {empty}, 1 << 20);
    QCOMPARE(report.failed, 1);
    QCOMPARE(report.files.constFirst().error, u"the file is empty"_s);

    const WindowMessages::ImportMessage message = WindowMessages::importReport(report);
    QCOMPARE(message.status, u"Imported: 0 stored, 0 duplicate, 1 failed"_s);
    QVERIFY2(message.warningText.startsWith(u"%1 was not imported: the file is empty.\n\n"_s.arg(
                 QDir::toNativeSeparators(empty))),
             qPrintable(message.warningText));
    QVERIFY(!message.warningText.contains(u"Some files"_s));
    QVERIFY(!message.warningText.contains(u"offset"_s));
}

void TestWindowMessages::severalFailedFilesAreListed()
{
    Importer::Report report;
    for (const QString &name : {u"a.json"_s, u"b.json"_s, u"c.json"_s}) {
        Importer::FileResult file;
        file.source = m_dir.filePath(name);
        file.ok = name == u"c.json"_s;
        file.error = file.ok ? QString() : u"the file is empty"_s;
        report.files << file;
    }
    report.failed = 2;
    report.stored = 1;
    const WindowMessages::ImportMessage message = WindowMessages::importReport(report);
    QVERIFY2(message.warningText.startsWith(u"2 files were not imported."_s),
             qPrintable(message.warningText));
    QVERIFY(message.warningText.contains(
        u"%1: the file is empty"_s.arg(QDir::toNativeSeparators(m_dir.filePath(u"a.json"_s)))));
    QVERIFY(message.warningText.contains(
        u"%1: the file is empty"_s.arg(QDir::toNativeSeparators(m_dir.filePath(u"b.json"_s)))));
    QVERIFY(!message.warningText.contains(u"c.json"_s));

    // One failure among several files: named, with what became of the others.
    report.files[1].ok = true;
    report.files[1].error.clear();
    report.failed = 1;
    const QString one = WindowMessages::importReport(report).warningText;
    QVERIFY2(
        one.startsWith(u"%1 was not imported: the file is empty. The other 2 files are "
                       u"stored."_s.arg(QDir::toNativeSeparators(m_dir.filePath(u"a.json"_s)))),
        qPrintable(one));
    QVERIFY(WindowMessages::importReport(Importer::Report {}).warningText.isEmpty());
}

void TestWindowMessages::unopenableDatabaseIsBlamedAndFixedInSettings()
{
    const QString broken = writeFile(u"broken.sqlite"_s, "these bytes are not an SQLite file\n");
    QVERIFY(!broken.isEmpty());
    Settings settings(m_dir.filePath(u"settings.ini"_s));
    settings.setRemoteImages(false);
    EndpointConfig config;
    config.databasePath = broken;
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    IngestService service;
    QString error;
    QVERIFY(!service.start(config, &error));
    QVERIFY(!service.storeOpen());
    QVERIFY2(error.contains(QDir::toNativeSeparators(broken)), qPrintable(error));

    MainWindow window(&service, &settings, config, error);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // What failed and what to do: in short in the status bar, with the store's own sentence
    // (naming the file) in the campaign list; the endpoint is not to blame.
    QCOMPARE(service.storeError(), error);
    QCOMPARE(window.statusBar()->currentMessage(),
             u"The database did not open: choose another file in Settings (Ctrl+,)."_s);
    QCOMPARE(window.findChild<QLabel *>(u"endpointState"_s)->text(),
             u"Not listening: no database is open"_s);
    const QString empty = window.findChild<CampaignsView *>()->findChild<EmptyState *>()->text();
    QVERIFY2(empty.startsWith(error + u"\n\n"_s), qPrintable(empty));
    QVERIFY(empty.contains(u"choose another file in Settings (Ctrl+,)"_s));
    QVERIFY(!empty.contains(u"endpoint"_s));
    QCOMPARE(window.findChild<QLabel *>(u"storeCounts"_s)->text(), u"No database"_s);

    // Settings has the field: a good file chosen there opens at once, and the window reads it.
    const QString good = m_dir.filePath(u"good.sqlite"_s);
    bool seen = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<SettingsDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        seen = true;
        QVERIFY2(dialog->errorText().startsWith(u"No database is open"_s),
                 qPrintable(dialog->errorText()));
        QCOMPARE(dialog->databaseEdit()->text(), QDir::toNativeSeparators(broken));
        dialog->databaseEdit()->setText(QDir::toNativeSeparators(good));
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        if (dialog->isVisible()) { // the test fails below; close so that exec() returns
            qWarning() << dialog->errorText();
            dialog->reject();
        }
    });
    window.openSettings();
    QVERIFY(seen);
    QVERIFY(service.storeOpen());
    QVERIFY(service.isListening());
    QCOMPARE(service.databasePath(), good);
    QCOMPARE(settings.value(Setting::DatabasePath), good);
    QCOMPARE(window.findChild<QLabel *>(u"storeCounts"_s)->text(),
             u"0 campaigns · 0 leads · 0 events"_s);
    QVERIFY(window.findChild<QLabel *>(u"endpointState"_s)->text().startsWith(u"Listening on"_s));
    window.close();
    service.stop();
}

// With a tunnel configured, the empty campaign list says which URL to give SendPilot.
void TestWindowMessages::emptyStateNamesThePublicUrl()
{
    const QUrl local(u"http://127.0.0.1:8787/webhooks/sendpilot"_s);
    const QUrl publicUrl(u"https://abc.trycloudflare.com/webhooks/sendpilot"_s);
    const QString withTunnel = WindowMessages::campaignsEmpty(true, true, local, {}, publicUrl);
    QVERIFY2(withTunnel.contains(publicUrl.toString()), qPrintable(withTunnel));
    QVERIFY(withTunnel.contains(local.toString()));
    QVERIFY(!withTunnel.contains(u"cloudflared tunnel --url"_s));
    const QString without = WindowMessages::campaignsEmpty(true, true, local);
    QVERIFY(!without.contains(u"trycloudflare"_s));
    QVERIFY(without.contains(u"cloudflared tunnel --url"_s));
}

QTEST_MAIN(TestWindowMessages)
#include "tst_windowmessages.moc"
