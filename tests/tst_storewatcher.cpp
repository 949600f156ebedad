// SPDX-License-Identifier: MIT
// Changes written by another process appear: StoreWatcher on its own, and the window while a
// real `leadviewer import` writes into the file it shows.
#include "campaignsview.h"
#include "mainwindow.h"

#include "common/settings.h"
#include "ingest/ingestservice.h"
#include "models/campaignmodel.h"
#include "models/storewatcher.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"

#include "receiverprocess.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
/// Runs the real binary's `import` into \a database; returns its exit code.
int importInAnotherProcess(const QString &database, const QString &file)
{
    QProcess process;
    process.start(TestSupport::ReceiverProcess::binary(), {u"import"_s, file, u"--db"_s, database});
    if (!process.waitForFinished(30000))
        return -1;
    return process.exitCode();
}

QString writeEvent(const QTemporaryDir &dir, const QString &eventId, const QString &campaignId)
{
    const QString path = dir.filePath(eventId + u".json"_s);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(SampleEvents::extractorJob(eventId, campaignId, 12));
    return path;
}
} // namespace

class TestStoreWatcher final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noticesAnotherProcessCommitting()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"leads.sqlite"_s);
        QString error;
        {
            QSqlDatabase writer
                = Database::open(path, u"create"_s, Database::Access::ReadWrite, &error);
            QVERIFY2(writer.isOpen(), qPrintable(error));
        }
        Database::close(u"create"_s);
        QSqlDatabase reader = Database::open(path, u"watch"_s, Database::Access::ReadOnly, &error);
        QVERIFY2(reader.isOpen(), qPrintable(error));
        {
            StoreWatcher watcher;
            watcher.setInterval(50);
            watcher.setDatabase(reader);
            QSignalSpy changed(&watcher, &StoreWatcher::changed);
            QCOMPARE(importInAnotherProcess(path, writeEvent(dir, u"evt_w1"_s, u"camp_w1"_s)), 0);
            QVERIFY(changed.wait(5000));
            // Our own reads are not a change.
            const qsizetype seen = changed.size();
            QSqlQuery query(reader);
            QVERIFY(query.exec(u"SELECT count(*) FROM leads"_s) && query.next());
            QCOMPARE(query.value(0).toInt(), 12);
            query.finish(); // an unfinished statement keeps its snapshot, and data_version with it
            QCOMPARE(importInAnotherProcess(path, writeEvent(dir, u"evt_w2"_s, u"camp_w2"_s)), 0);
            QTRY_VERIFY(changed.size() > seen);
        }
        reader = {};
        Database::close(u"watch"_s);
    }

    void windowShowsWhatAnotherProcessImported()
    {
        QTemporaryDir dir;
        QStandardPaths::setTestModeEnabled(true);
        Settings settings(dir.filePath(u"settings.ini"_s));
        settings.setRemoteImages(false);
        EndpointConfig config;
        config.databasePath = dir.filePath(u"leads.sqlite"_s);
        config.address = QHostAddress::LocalHost;
        config.port = 0;
        IngestService service;
        QString error;
        QVERIFY2(service.start(config, &error), qPrintable(error));
        {
            MainWindow window(&service, &settings, config, QString());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto *campaigns = window.findChild<CampaignsView *>();
            QVERIFY(campaigns);
            QCOMPARE(campaigns->model()->rowCount(), 0);
            // Not through this window's receiver: a separate `leadviewer import`.
            QCOMPARE(importInAnotherProcess(config.databasePath,
                                            writeEvent(dir, u"evt_other"_s, u"camp_other"_s)),
                     0);
            // Within 2 s of its commit (the watcher polls every second), without F5.
            QTRY_COMPARE_WITH_TIMEOUT(campaigns->model()->rowCount(), 1, 2500);
            QCOMPARE(campaigns->model()->campaignId(0), u"camp_other"_s);
        }
        service.stop();
    }
};

QTEST_MAIN(TestStoreWatcher)
#include "tst_storewatcher.moc"
