// SPDX-License-Identifier: MIT
#include "store/database.h"

#include "files.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

using TestSupport::fileMode;

namespace {

QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0);
}

bool exec(const QSqlDatabase &db, const QString &sql, QString *error = nullptr)
{
    QSqlQuery query(db);
    const bool ok = query.exec(sql);
    if (!ok && error)
        *error = query.lastError().text();
    return ok;
}

const auto Writer = u"writer"_s;
const auto Reader = u"reader"_s;

} // namespace

class TestDatabase final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup()
    {
        Database::close(Reader);
        Database::close(Writer);
    }

    void createsPrivateFileAndFolder()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"sub/folder/leads.sqlite"_s);
        QString error;
        QSqlDatabase db = Database::open(path, Writer, Database::Access::ReadWrite, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QVERIFY(error.isEmpty());
        QCOMPARE(fileMode(path), 0600);
        // WAL keeps -wal and -shm next to the file while a connection is open; they hold
        // the same data and must be just as private.
        QVERIFY(exec(
            db,
            u"INSERT INTO deliveries (received_at, status, verdict) VALUES (1, 200, 'accepted')"_s));
        QVERIFY(QFile::exists(path + u"-wal"_s));
        QCOMPARE(fileMode(path + u"-wal"_s), 0600);
        QCOMPARE(fileMode(path + u"-shm"_s), 0600);
    }

    void tightensLooseExistingFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"leads.sqlite"_s);
        {
            QString error;
            QVERIFY(Database::open(path, Writer, Database::Access::ReadWrite, &error).isOpen());
            Database::close(Writer);
        }
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        QString error;
        QVERIFY(Database::open(path, Writer, Database::Access::ReadWrite, &error).isOpen());
        QCOMPARE(fileMode(path), 0600);
    }

    void pragmasInEffect()
    {
        QTemporaryDir dir;
        QString error;
        QSqlDatabase db = Database::open(dir.filePath(u"leads.sqlite"_s), Writer,
                                         Database::Access::ReadWrite, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QCOMPARE(scalar(db, u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
        QCOMPARE(scalar(db, u"PRAGMA synchronous"_s).toInt(), 2); // FULL
        QCOMPARE(scalar(db, u"PRAGMA foreign_keys"_s).toInt(), 1);
        QCOMPARE(scalar(db, u"PRAGMA busy_timeout"_s).toInt(), 5000);
        QCOMPARE(scalar(db, u"PRAGMA page_size"_s).toInt(), 16384);
        QCOMPARE(scalar(db, u"PRAGMA user_version"_s).toInt(), Database::SchemaVersion);
        for (const QString &table :
             {u"deliveries"_s, u"events"_s, u"campaigns"_s, u"leads"_s, u"leads_fts"_s}) {
            QVERIFY2(
                scalar(db, u"SELECT count(*) FROM sqlite_master WHERE name = '%1'"_s.arg(table))
                        .toInt()
                    == 1,
                qPrintable(table));
        }
        // foreign_keys is really on: a lead must belong to a campaign.
        QVERIFY(!exec(db, u"INSERT INTO leads (campaign, lead_id) VALUES (42, 'x')"_s));
    }

    void reopenKeepsDataAndMigratesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"leads.sqlite"_s);
        QString error;
        {
            QSqlDatabase db = Database::open(path, Writer, Database::Access::ReadWrite, &error);
            QVERIFY2(db.isOpen(), qPrintable(error));
            QVERIFY(exec(
                db,
                u"INSERT INTO deliveries (received_at, status, verdict) VALUES (7, 401, 'bad_signature')"_s));
            // A marker object the migration would not recreate: a re-run of v0 -> v1 would
            // fail on "table already exists" or drop it.
            QVERIFY(exec(db, u"CREATE TABLE marker (x)"_s));
        }
        Database::close(Writer);
        QSqlDatabase db = Database::open(path, Writer, Database::Access::ReadWrite, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QCOMPARE(scalar(db, u"SELECT verdict FROM deliveries WHERE received_at = 7"_s).toString(),
                 u"bad_signature"_s);
        QCOMPARE(scalar(db, u"SELECT count(*) FROM marker"_s).toInt(), 0);
        QCOMPARE(scalar(db, u"PRAGMA user_version"_s).toInt(), Database::SchemaVersion);
    }

    void refusesNewerSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"leads.sqlite"_s);
        QString error;
        {
            QSqlDatabase db = Database::open(path, Writer, Database::Access::ReadWrite, &error);
            QVERIFY(db.isOpen());
            QVERIFY(exec(db, u"PRAGMA user_version = %1"_s.arg(Database::SchemaVersion + 1)));
        }
        Database::close(Writer);
        for (auto access : {Database::Access::ReadWrite, Database::Access::ReadOnly}) {
            QSqlDatabase db = Database::open(path, Writer, access, &error);
            QVERIFY(!db.isValid());
            QVERIFY2(error.contains(u"newer Lead Viewer"_s), qPrintable(error));
            QVERIFY2(error.contains(path), qPrintable(error));
            QVERIFY(!QSqlDatabase::contains(Writer)); // nothing left behind
        }
    }

    void refusesNonDatabase_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("text file") << QByteArray("name,email\nJohn,john@example.com\n");
        QTest::newRow("binary junk") << QByteArray(8192, '\x7f');
        QTest::newRow("truncated header") << QByteArray("SQLite form");
    }
    void refusesNonDatabase()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"leads.sqlite"_s);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        QString error;
        QSqlDatabase db = Database::open(path, Writer, Database::Access::ReadWrite, &error);
        QVERIFY(!db.isValid());
        QVERIFY2(error.contains(u"not a Lead Viewer database"_s), qPrintable(error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), content);
        QVERIFY(!QFile::exists(path + u"-wal"_s));
    }

    void unwritableFolder()
    {
        QTemporaryDir dir;
        // A regular file where a folder should be: fails even for root, unlike chmod.
        const QString blocker = dir.filePath(u"blocker"_s);
        {
            QFile file(blocker);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        const QString path = blocker + u"/sub/leads.sqlite"_s;
        QString error;
        QSqlDatabase db = Database::open(path, Writer, Database::Access::ReadWrite, &error);
        QVERIFY(!db.isValid());
        QVERIFY2(error.startsWith(u"Cannot create the folder"_s), qPrintable(error));
        QVERIFY2(error.contains(blocker), qPrintable(error));
    }

    void unwritableFolderPermissions()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"locked"_s);
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(::chmod(QFile::encodeName(folder).constData(), 0500) == 0);
        // Root ignores folder permissions (CI runs as root): the open then runs as "nobody",
        // the owner of both folders, so the permission bits decide as for any user.
        const bool root = ::geteuid() == 0;
        constexpr uid_t Nobody = 65534;
        if (root) {
            bool switched = true;
            for (const QString &path : {dir.path(), folder})
                switched
                    = switched && ::chown(QFile::encodeName(path).constData(), Nobody, Nobody) == 0;
            if (!switched || ::seteuid(Nobody) != 0) // a user namespace without that user
                QSKIP("root cannot act as nobody here, and root ignores folder permissions");
            // The folders above must let nobody through (a chroot's /tmp may be root's alone).
            if (::faccessat(AT_FDCWD, QFile::encodeName(dir.path()).constData(), X_OK, AT_EACCESS)
                != 0) {
                QVERIFY(::seteuid(0) == 0);
                QSKIP("nobody cannot reach the temporary folder here, and root ignores folder "
                      "permissions");
            }
        }
        QString error;
        QSqlDatabase db = Database::open(folder + u"/leads.sqlite"_s, Writer,
                                         Database::Access::ReadWrite, &error);
        if (root)
            QVERIFY(::seteuid(0) == 0);
        ::chmod(QFile::encodeName(folder).constData(), 0700);
        QVERIFY(!db.isValid());
        QVERIFY2(error.contains(u"Permission denied"_s), qPrintable(error));
    }

    void readOnlySeesCommittedDataAndCannotWrite()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"leads.sqlite"_s);
        QString error;
        QSqlDatabase writer = Database::open(path, Writer, Database::Access::ReadWrite, &error);
        QVERIFY2(writer.isOpen(), qPrintable(error));
        QSqlDatabase reader = Database::open(path, Reader, Database::Access::ReadOnly, &error);
        QVERIFY2(reader.isOpen(), qPrintable(error));

        QVERIFY(exec(
            writer,
            u"INSERT INTO deliveries (received_at, status, verdict) VALUES (1, 200, 'accepted')"_s));
        QCOMPARE(scalar(reader, u"SELECT count(*) FROM deliveries"_s).toInt(), 1);
        QVERIFY(exec(
            writer,
            u"INSERT INTO deliveries (received_at, status, verdict) VALUES (2, 200, 'accepted')"_s));
        QCOMPARE(scalar(reader, u"SELECT count(*) FROM deliveries"_s).toInt(), 2);

        QString writeError;
        QVERIFY(!exec(
            reader,
            u"INSERT INTO deliveries (received_at, status, verdict) VALUES (3, 200, 'accepted')"_s,
            &writeError));
        QVERIFY2(writeError.contains(u"readonly"_s), qPrintable(writeError));
        QCOMPARE(scalar(writer, u"SELECT count(*) FROM deliveries"_s).toInt(), 2);
    }

    void readOnlyNeedsExistingSchema()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(u"missing.sqlite"_s);
        QString error;
        QVERIFY(!Database::open(missing, Reader, Database::Access::ReadOnly, &error).isValid());
        QVERIFY2(error.contains(u"does not exist"_s), qPrintable(error));
        QVERIFY(!QFile::exists(missing));

        const QString empty = dir.filePath(u"empty.sqlite"_s);
        {
            QFile file(empty);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        QVERIFY(!Database::open(empty, Reader, Database::Access::ReadOnly, &error).isValid());
        QVERIFY2(error.contains(u"no Lead Viewer data"_s), qPrintable(error));
        QCOMPARE(QFileInfo(empty).size(), 0); // read-only never migrates
    }

    void connectionNameInUse()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"leads.sqlite"_s);
        QString error;
        QVERIFY(Database::open(path, Writer, Database::Access::ReadWrite, &error).isOpen());
        QVERIFY(!Database::open(path, Writer, Database::Access::ReadWrite, &error).isValid());
        QVERIFY(!error.isEmpty());
        // The first connection still works.
        QVERIFY(QSqlDatabase::database(Writer).isOpen());
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
