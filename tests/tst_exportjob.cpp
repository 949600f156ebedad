// SPDX-License-Identifier: MIT
// ExportJob over a real store: a cancelled export leaves no file and no temporary file, and an
// existing target exactly as it was; a finished one writes every row.
#include "export/exportjob.h"

#include "export/exportpreset.h"
#include "sendpilot/eventparser.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"
#include "store/eventstore.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
/// More rows than the exporter writes between two cancel checks (4,096).
constexpr int FixtureLeads = 10'000;
const QByteArray Previous = "previous,export\r\nkept,as is\r\n";
} // namespace

class TestExportJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void finishedExportWritesEveryRow();
    void cancelLeavesNoFile();
    void cancelLeavesExistingTargetUntouched();
    void destroyingARunningJobCancelsIt();

private:
    LeadExporter::Request request() const;
    QStringList filesInOutputDir() const;
    LeadExporter::Result run(ExportJob &job, bool cancelAtOnce);

    QTemporaryDir m_dir;
    QString m_dbPath;
    QString m_outDir;
};

void TestExportJob::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dbPath = m_dir.filePath(u"leads.sqlite"_s);
    QString error;
    {
        QSqlDatabase db
            = Database::open(m_dbPath, u"fixture"_s, Database::Access::ReadWrite, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        const QByteArray body
            = SampleEvents::extractorJob(u"evt_big"_s, u"camp_big"_s, FixtureLeads, 3);
        EventStore::Item item;
        item.event = *EventParser::parse(body).event;
        item.delivery.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
        item.delivery.method = u"POST"_s;
        item.delivery.path = u"/webhooks/sendpilot"_s;
        item.delivery.status = 200;
        item.delivery.verdict = Verdict::Accepted;
        item.delivery.body = body;
        EventStore store(db);
        const QList<EventStore::ItemResult> results = store.ingest({item});
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.constFirst().outcome, EventStore::Outcome::Stored);
    }
    Database::close(u"fixture"_s);
}

void TestExportJob::cleanupTestCase() { }

void TestExportJob::init()
{
    // A fresh, empty output folder per test: "no file" means nothing at all is left in it.
    m_outDir = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()));
    QVERIFY(QDir().mkpath(m_outDir));
}

LeadExporter::Request TestExportJob::request() const
{
    LeadExporter::Request request;
    request.preset = ExportPreset::preset(ExportPreset::Id::All);
    return request;
}

QStringList TestExportJob::filesInOutputDir() const
{
    return QDir(m_outDir).entryList(QDir::Files | QDir::Hidden | QDir::System);
}

LeadExporter::Result TestExportJob::run(ExportJob &job, bool cancelAtOnce)
{
    QSignalSpy finished(&job, &ExportJob::finished);
    job.start();
    if (cancelAtOnce) {
        // The worker is still opening its connection: the cancel flag is seen for certain,
        // at the latest after the last row.
        job.cancel();
    }
    if (!finished.wait(60'000))
        return {};
    return finished.at(0).at(0).value<LeadExporter::Result>();
}

void TestExportJob::finishedExportWritesEveryRow()
{
    const QString path = QDir(m_outDir).filePath(u"all.csv"_s);
    ExportJob job(m_dbPath, path, request());
    QSignalSpy progress(&job, &ExportJob::progress);
    const LeadExporter::Result result = run(job, false);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, FixtureLeads);
    QVERIFY(!job.isRunning());
    QVERIFY(QFile::exists(path));
    QCOMPARE(filesInOutputDir(), QStringList {u"all.csv"_s});
    QTRY_VERIFY(!progress.isEmpty());
}

void TestExportJob::cancelLeavesNoFile()
{
    const QString path = QDir(m_outDir).filePath(u"cancelled.csv"_s);
    ExportJob job(m_dbPath, path, request());
    const LeadExporter::Result result = run(job, true);
    QVERIFY(result.cancelled);
    QVERIFY(!result.ok);
    QVERIFY(result.error.isEmpty());
    QVERIFY(!QFile::exists(path));
    QVERIFY2(filesInOutputDir().isEmpty(), qPrintable(filesInOutputDir().join(u", "_s)));
}

void TestExportJob::cancelLeavesExistingTargetUntouched()
{
    const QString path = QDir(m_outDir).filePath(u"existing.csv"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(Previous);
    }
    const QDateTime modified = QFileInfo(path).lastModified();
    ExportJob job(m_dbPath, path, request());
    const LeadExporter::Result result = run(job, true);
    QVERIFY(result.cancelled);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), Previous);
    QCOMPARE(QFileInfo(path).lastModified(), modified);
    QCOMPARE(filesInOutputDir(), QStringList {u"existing.csv"_s}); // no temporary file left
}

void TestExportJob::destroyingARunningJobCancelsIt()
{
    const QString path = QDir(m_outDir).filePath(u"closed.csv"_s);
    {
        ExportJob job(m_dbPath, path, request());
        job.start();
    } // the window closing: the destructor cancels and waits
    QVERIFY(!QFile::exists(path));
    QVERIFY(filesInOutputDir().isEmpty());
}

QTEST_GUILESS_MAIN(TestExportJob)
#include "tst_exportjob.moc"
