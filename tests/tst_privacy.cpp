// SPDX-License-Identifier: MIT
// Secrets and personal data (Hardening item 5), on the real `leadviewer` binary: file modes of
// the database (-wal, -shm) and of the settings file that holds the webhook secrets; no secret or
// signature value in the receiver's log, in the stored headers, anywhere in the database bytes or
// in a CSV export.
#include "common/settings.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"
#include "webhook/signatureverifier.h"

#include "checks.h"
#include "files.h"
#include "receiverprocess.h"
#include "signedpost.h"

#include <QDateTime>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

using TestSupport::fileMode;

namespace {
// Distinctive so that any appearance is certainly a leak; the second one is a rotated secret.
const QByteArray Secret = "whsec_PRIVACY_d41d8cd98f00b204e980";
const QByteArray OldSecret = "whsec_ROTATED_9e107d9d372bb6826bd8";
const QByteArray WrongSecret = "whsec_ATTACKER_guess_0001";

QString binary()
{
    return TestSupport::ReceiverProcess::binary();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// The s= value of a signature header.
QByteArray signatureValue(const QByteArray &header)
{
    const qsizetype at = header.indexOf("s=");
    return at < 0 ? QByteArray() : header.mid(at + 2);
}

int post(quint16 port, const QByteArray &body, const QByteArray &signature)
{
    return TestSupport::exchange(port,
                                 TestSupport::postRequest("/webhooks/sendpilot", body, signature))
        .status;
}

/// Every way \a secret could appear: raw, hex, base64 (a careless log or dump encodes it).
QList<QByteArray> forms(const QByteArray &secret)
{
    return {secret, secret.toHex(), secret.toBase64(), secret.toPercentEncoding()};
}
} // namespace

class TestPrivacy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void settingsFileWithSecretsIsOwnerOnly();
    void receiverLeaksNoSecret();

private:
    QTemporaryDir m_dir;
};

void TestPrivacy::initTestCase()
{
    QVERIFY(QFileInfo::exists(binary()));
    QVERIFY(m_dir.isValid());
    // A typical desktop umask: files would be world-readable unless the code restricts them.
    ::umask(022);
}

void TestPrivacy::settingsFileWithSecretsIsOwnerOnly()
{
    const QString path = m_dir.filePath(u"fresh.ini"_s);
    {
        Settings settings(path);
        settings.setSecrets({QString::fromLatin1(Secret)});
    }
    QCOMPARE(fileMode(path), 0600);

    // A file left world-readable (by hand, an older version) is tightened on the next write.
    const QString loose = m_dir.filePath(u"loose.ini"_s);
    {
        QFile file(loose);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[endpoint]\nport=8787\n");
    }
    QVERIFY(QFile::setPermissions(
        loose, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QCOMPARE(fileMode(loose), 0644);
    {
        Settings settings(loose);
        settings.setSecrets({QString::fromLatin1(Secret), QString::fromLatin1(OldSecret)});
    }
    QCOMPARE(fileMode(loose), 0600);
}

void TestPrivacy::receiverLeaksNoSecret()
{
    // The secrets come from a settings file (not --secret, which any local user could read in
    // /proc/PID/cmdline).
    const QString config = m_dir.filePath(u"receiver.ini"_s);
    {
        Settings settings(config);
        settings.setSecrets({QString::fromLatin1(Secret), QString::fromLatin1(OldSecret)});
    }
    QCOMPARE(fileMode(config), 0600);
    const QString db = m_dir.filePath(u"private/leads.sqlite"_s); // the folder does not exist yet

    TestSupport::ReceiverProcess receiver;
    TRY_OR_FAIL(receiver.start({u"--db"_s, db, u"--config"_s, config}, 10000));
    const quint16 port = receiver.port();
    QVERIFY2(!receiver.log().contains("warning: no webhook secret"), receiver.log().constData());

    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray good = SampleEvents::extractorJob(u"evt_priv_good"_s, u"camp_priv"_s, 25, 7);
    const QByteArray rotated = SampleEvents::activity(u"evt_priv_old"_s, u"message.sent"_s, 8);
    const QByteArray bad = SampleEvents::activity(u"evt_priv_bad"_s, u"message.sent"_s, 9);
    const QByteArray stale = SampleEvents::activity(u"evt_priv_stale"_s, u"message.sent"_s, 10);
    const QList<QByteArray> signatures = {
        SignatureVerifier::sign(Secret, good, now),
        SignatureVerifier::sign(OldSecret, rotated, now),
        SignatureVerifier::sign(WrongSecret, bad, now),
        SignatureVerifier::sign(Secret, stale, now - 3600),
    };
    QCOMPARE(post(port, good, signatures.at(0)), 200);
    QCOMPARE(post(port, rotated, signatures.at(1)), 200);
    QCOMPARE(post(port, bad, signatures.at(2)), 401);
    QCOMPARE(post(port, stale, signatures.at(3)), 401);
    QVERIFY(receiver.waitForLog("stale_signature", 5000));
    QVERIFY2(receiver.log().contains("bad_signature"), receiver.log().constData());

    // While running: the database and its -wal/-shm are owner-only.
    for (const QString &file : QStringList {db, db + u"-wal"_s, db + u"-shm"_s}) {
        QVERIFY2(QFileInfo::exists(file), qPrintable(file));
        QCOMPARE(fileMode(file), 0600);
    }
    // The 200 comes once the event is in the log; its leads a moment later, from the projector.
    // Wait for them, so that the stored leads are checked below (a shutdown before they are
    // written would leave them to the next start).
    {
        QString error;
        QSqlDatabase watch
            = Database::open(db, u"privacy-watch"_s, Database::Access::ReadOnly, &error);
        QVERIFY2(watch.isOpen(), qPrintable(error));
        const auto storedLeads = [&watch] {
            QSqlQuery q(watch);
            return q.exec(u"SELECT count(*) FROM leads"_s) && q.next() ? q.value(0).toInt() : -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(storedLeads(), 25, 10000);
    }
    Database::close(u"privacy-watch"_s);
    const QByteArray walWhileRunning = readFile(db + u"-wal"_s);

    QVERIFY(receiver.terminate(10000));
    QCOMPARE(receiver.process().exitCode(), 0);
    const QByteArray log = receiver.log();

    // What must never appear: the secrets, and every signature value (an HMAC that lets anyone
    // with the body test guesses of the secret offline).
    QList<QByteArray> forbidden;
    for (const QByteArray &secret : {Secret, OldSecret, WrongSecret})
        forbidden += forms(secret);
    for (const QByteArray &signature : signatures) {
        QVERIFY(signatureValue(signature).size() == 64);
        forbidden.append(signatureValue(signature));
    }

    for (const QByteArray &needle : std::as_const(forbidden))
        QVERIFY2(!log.contains(needle),
                 qPrintable(u"the log contains "_s + QString::fromLatin1(needle)));

    // The stored headers keep the signature header's name, never its value.
    {
        QString error;
        QSqlDatabase reader = Database::open(db, u"privacy"_s, Database::Access::ReadOnly, &error);
        QVERIFY2(reader.isOpen(), qPrintable(error));
        QSqlQuery q(reader);
        QVERIFY(q.exec(u"SELECT verdict, headers FROM deliveries ORDER BY id"_s));
        int rows = 0;
        while (q.next()) {
            ++rows;
            const QString headers = q.value(1).toString();
            QVERIFY2(headers.contains(u"Webhook-Signature: [redacted]"_s), qPrintable(headers));
            for (const QByteArray &needle : std::as_const(forbidden))
                QVERIFY2(!headers.contains(QString::fromLatin1(needle)), qPrintable(headers));
        }
        QCOMPARE(rows, 4);
        QVERIFY(q.exec(u"SELECT count(*) FROM leads"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), 25);
    }
    Database::close(u"privacy"_s);

    // Nowhere in the files' bytes either (the database after the shutdown checkpoint, the WAL
    // as it was while running, and whatever else is in the folder).
    QByteArray bytes = walWhileRunning;
    QDirIterator files(QFileInfo(db).absolutePath(), QDir::Files);
    int fileCount = 0;
    while (files.hasNext()) {
        const QString file = files.next();
        QCOMPARE(fileMode(file), 0600);
        bytes += readFile(file);
        ++fileCount;
    }
    QVERIFY(fileCount >= 1);
    QVERIFY2(bytes.contains("evt_priv_good"), "the scan must see the stored data");
    for (const QByteArray &needle : std::as_const(forbidden))
        QVERIFY2(!bytes.contains(needle),
                 qPrintable(u"the database bytes contain "_s + QString::fromLatin1(needle)));

    // A full export holds the leads but no secret and no signature.
    const QString csv = m_dir.filePath(u"export.csv"_s);
    QProcess exporter;
    exporter.start(binary(),
                   {u"export"_s, u"--db"_s, db, u"--preset"_s, u"all"_s, u"--out"_s, csv});
    QVERIFY(exporter.waitForFinished(20000));
    QCOMPARE(exporter.exitCode(), 0);
    const QByteArray exported
        = readFile(csv) + exporter.readAllStandardOutput() + exporter.readAllStandardError();
    QVERIFY2(exported.count('\n') >= 26, "header and 25 leads expected");
    for (const QByteArray &needle : std::as_const(forbidden))
        QVERIFY2(!exported.contains(needle),
                 qPrintable(u"the export contains "_s + QString::fromLatin1(needle)));
    QVERIFY(!exported.contains("Webhook-Signature"));
}

QTEST_GUILESS_MAIN(TestPrivacy)
#include "tst_privacy.moc"
