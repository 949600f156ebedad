// SPDX-License-Identifier: MIT
// The leadviewer executable as a user runs it: headless receiver, import, exit codes.
#include "sendpilot/sampleevents.h"
#include "store/database.h"

#include "checks.h"
#include "receiverprocess.h"
#include "signedpost.h"

#include <QProcess>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QString binary()
{
    return TestSupport::ReceiverProcess::binary();
}

qint64 scalar(const QString &dbPath, const QString &sql)
{
    QString error;
    qint64 value = -1;
    {
        QSqlDatabase db
            = Database::open(dbPath, u"cli-check"_s, Database::Access::ReadOnly, &error);
        QSqlQuery query(db);
        if (query.exec(sql) && query.next())
            value = query.value(0).toLongLong();
    }
    Database::close(u"cli-check"_s);
    return value;
}

int postStatus(quint16 port, const QByteArray &body, const QByteArray &secret)
{
    return TestSupport::postSigned(port, "/hooks", body, secret).status;
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void headlessReceivesLogsAndStopsOnSigterm();
    void headlessReportsPortInUse();
    void badListenArgumentIsAUsageError();
#ifdef LEADVIEWER_WITH_GUI
    void noDisplaySaysToRunHeadless();
#endif
    void importStoresFilesAndReportsBadOnes();
    void exportFailuresHaveTheirOwnCodes();

private:
    QTemporaryDir m_dir;
};

void TestCli::initTestCase()
{
    QVERIFY(QFileInfo::exists(binary()));
    QVERIFY(m_dir.isValid());
}

void TestCli::headlessReceivesLogsAndStopsOnSigterm()
{
    const QString db = m_dir.filePath(u"headless.sqlite"_s);
    TestSupport::ReceiverProcess receiver;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DISPLAY"_s); // headless must not need a display
    env.remove(u"WAYLAND_DISPLAY"_s);
    env.remove(u"QT_QPA_PLATFORM"_s);
    receiver.process().setProcessEnvironment(env);
    // The secret from a file (not the command line, which other users can read in /proc).
    const QString secretFile = m_dir.filePath(u"secrets.txt"_s);
    {
        QFile file(secretFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# rotated on Monday\nold-secret-value\n\n  s3cret-value  \n");
    }
    TRY_OR_FAIL(receiver.start({u"--path"_s, u"/hooks"_s, u"--db"_s, db, u"--secret-file"_s,
                                secretFile, u"--config"_s, m_dir.filePath(u"settings.ini"_s)},
                               10000));
    QCOMPARE(receiver.url().path(), u"/hooks"_s);
    const quint16 port = receiver.port();

    const QByteArray body = SampleEvents::extractorJob(u"evt_cli"_s, u"camp_cli"_s, 12);
    QCOMPARE(postStatus(port, body, "s3cret-value"), 200);
    QCOMPARE(postStatus(port, body, "wrong"), 401);
    const QByteArray other = SampleEvents::activity(u"evt_cli_old"_s, u"message.sent"_s);
    QCOMPARE(postStatus(port, other, "old-secret-value"), 200);
    QVERIFY(receiver.waitForLog("401 bad_signature", 5000));
    const QByteArray log = receiver.log();
    QVERIFY(log.contains("200 accepted lead_extractor.job.completed evt_cli leads=12"));
    QVERIFY2(!log.contains("s3cret-value"), "the secret must never be logged");

    QVERIFY(receiver.terminate(10000));
    QCOMPARE(receiver.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(receiver.process().exitCode(), 0);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM leads"_s), 12);
}

void TestCli::headlessReportsPortInUse()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
    QProcess process;
    process.start(binary(),
                  {u"--headless"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(blocker.serverPort()),
                   u"--db"_s, m_dir.filePath(u"inuse.sqlite"_s), u"--config"_s,
                   m_dir.filePath(u"settings.ini"_s)});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 4);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(u"Cannot listen on 127.0.0.1 port %1"_s.arg(blocker.serverPort())),
             qPrintable(err));
}

void TestCli::badListenArgumentIsAUsageError()
{
    QProcess process;
    process.start(binary(), {u"--headless"_s, u"--listen"_s, u"nonsense:port"_s});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains("--listen takes ADDR:PORT"));

    QProcess missing;
    missing.start(binary(), {u"--headless"_s, u"--secret-file"_s, u"/nonexistent/secrets"_s});
    QVERIFY(missing.waitForFinished(10000));
    QCOMPARE(missing.exitCode(), 2);
    QVERIFY(missing.readAllStandardError().contains("Cannot read the secret file"));
}

#ifdef LEADVIEWER_WITH_GUI
void TestCli::noDisplaySaysToRunHeadless()
{
    // A server or an SSH session: no X11 or Wayland display, no platform chosen.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        env.remove(name);
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(
        binary(),
        {u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, m_dir.filePath(u"nodisplay.sqlite"_s)});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("no display found"), err.constData());
    QVERIFY2(err.contains("leadviewer --headless"), err.constData());
    QVERIFY2(!err.contains("Reinstalling"), err.constData());
    QVERIFY2(!err.contains("listening on"), err.constData());

    // --help needs no display.
    QProcess help;
    help.setProcessEnvironment(env);
    help.start(binary(), {u"--help"_s});
    QVERIFY(help.waitForFinished(10000));
    QCOMPARE(help.exitCode(), 0);
    QVERIFY(help.readAllStandardOutput().contains("--headless"));
}
#endif

void TestCli::importStoresFilesAndReportsBadOnes()
{
    const QString db = m_dir.filePath(u"import.sqlite"_s);
    const QString good = m_dir.filePath(u"good.json"_s);
    const QString bad = m_dir.filePath(u"bad.json"_s);
    {
        QFile file(good);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(SampleEvents::extractorJob(u"evt_import"_s, u"camp_import"_s, 7));
        QFile broken(bad);
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{ not json");
    }

    QProcess ok;
    ok.start(binary(), {u"import"_s, good, u"--db"_s, db});
    QVERIFY(ok.waitForFinished(10000));
    QCOMPARE(ok.exitCode(), 0);
    const QByteArray stored = ok.readAllStandardOutput();
    QVERIFY2(stored.contains("stored") && stored.contains("evt_import, 7 leads\n"),
             stored.constData());
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM leads"_s), 7);

    // One lead is "1 lead".
    const QString single = m_dir.filePath(u"single.json"_s);
    {
        QFile file(single);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(SampleEvents::extractorJob(u"evt_single"_s, u"camp_single"_s, 1));
    }
    QProcess one;
    one.start(binary(), {u"import"_s, single, u"--db"_s, db});
    QVERIFY(one.waitForFinished(10000));
    QCOMPARE(one.exitCode(), 0);
    const QByteArray oneOut = one.readAllStandardOutput();
    QVERIFY2(oneOut.contains("evt_single, 1 lead\n"), oneOut.constData());
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM leads"_s), 8);

    QProcess mixed;
    mixed.start(binary(), {u"import"_s, good, bad, u"--db"_s, db});
    QVERIFY(mixed.waitForFinished(10000));
    QCOMPARE(mixed.exitCode(), 1);
    const QByteArray out = mixed.readAllStandardOutput();
    const QByteArray err = mixed.readAllStandardError();
    QVERIFY2(out.contains("duplicate"), out.constData());
    QVERIFY2(err.contains("bad.json") && err.contains("not valid JSON"), err.constData());
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM leads"_s), 8);

    QProcess missing;
    missing.start(binary(), {u"import"_s, u"--db"_s, db});
    QVERIFY(missing.waitForFinished(10000));
    QCOMPARE(missing.exitCode(), 2);
}

// One exit-code table for every mode: "output failed" (7) is not "cannot listen" (4).
void TestCli::exportFailuresHaveTheirOwnCodes()
{
    const QString db = m_dir.filePath(u"export.sqlite"_s);
    const QString event = m_dir.filePath(u"export.json"_s);
    {
        QFile file(event);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(SampleEvents::extractorJob(u"evt_export"_s, u"camp_export"_s, 3));
    }
    QProcess import;
    import.start(binary(), {u"import"_s, event, u"--db"_s, db});
    QVERIFY(import.waitForFinished(10000));
    QCOMPARE(import.exitCode(), 0);

    QProcess output;
    output.start(binary(),
                 {u"export"_s, u"--db"_s, db, u"--out"_s, m_dir.filePath(u"no/such/dir/x.csv"_s)});
    QVERIFY(output.waitForFinished(10000));
    QCOMPARE(output.exitCode(), 7);

    QProcess database;
    database.start(binary(),
                   {u"export"_s, u"--db"_s, m_dir.filePath(u"none.sqlite"_s), u"--out"_s,
                    m_dir.filePath(u"x.csv"_s)});
    QVERIFY(database.waitForFinished(10000));
    QCOMPARE(database.exitCode(), 3);

    QProcess usage;
    usage.start(binary(), {u"export"_s, u"--db"_s, db, u"--bogus"_s});
    QVERIFY(usage.waitForFinished(10000));
    QCOMPARE(usage.exitCode(), 2);

    QProcess ok;
    ok.start(binary(), {u"export"_s, u"--db"_s, db, u"--out"_s, m_dir.filePath(u"x.csv"_s)});
    QVERIFY(ok.waitForFinished(10000));
    QCOMPARE(ok.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
