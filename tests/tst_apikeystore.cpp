// SPDX-License-Identifier: MIT
// Where the API key is kept where no keychain service runs (as on CI and this machine, and
// forced here by pointing D-Bus at a socket that does not exist): in the 0600 settings file,
// said so, and removed from it again by clear(). And the key file of --api-key-file.
#include "common/settings.h"
#include "sendpilot/apikeystore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {
const QString Key = u"sp_live_keystore_test_42"_s;

int fileMode(const QString &path)
{
    struct stat st = {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool waitFor(ApiKeyStore &store)
{
    QSignalSpy finished(&store, &ApiKeyStore::finished);
    return !store.busy() || finished.wait(20000);
}
} // namespace

class TestApiKeyStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void withoutAKeychainTheKeyGoesToTheSettingsFile();
    void clearRemovesTheKeyFromTheFile();
    void keyFile_data();
    void keyFile();

private:
    QTemporaryDir m_dir;
};

void TestApiKeyStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // No keychain service: no session bus to reach one through.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/leadviewer-test-bus");
    qunsetenv("DISPLAY"); // no D-Bus autolaunch through X11 either
}

void TestApiKeyStore::withoutAKeychainTheKeyGoesToTheSettingsFile()
{
    const QString path = m_dir.filePath(u"fallback.ini"_s);
    Settings settings(path);
    ApiKeyStore store(&settings);
    store.setServiceName(u"Lead Viewer tests"_s);
    store.load();
    QVERIFY(waitFor(store));
    QCOMPARE(store.location(), ApiKeyStore::Location::None);
    QVERIFY(store.key().isEmpty());

    store.save(u"  "_s + Key + u"\n"_s);
    QSignalSpy finished(&store, &ApiKeyStore::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.constFirst().constFirst().toString(), QString()); // not an error
    QCOMPARE(store.location(), ApiKeyStore::Location::SettingsFile);
    QCOMPARE(store.key(), Key);
    QVERIFY2(!store.keychainError().isEmpty(), "the keychain's reason is kept for the note");
    QCOMPARE(store.settingsFileName(), path);
    QCOMPARE(fileMode(path), 0600);
    QVERIFY(contents(path).contains(Key.toUtf8()));

    // Another start reads it back from the file.
    Settings again(path);
    ApiKeyStore reloaded(&again);
    reloaded.setServiceName(u"Lead Viewer tests"_s);
    reloaded.load();
    QVERIFY(waitFor(reloaded));
    QCOMPARE(reloaded.key(), Key);
    QCOMPARE(reloaded.location(), ApiKeyStore::Location::SettingsFile);
}

void TestApiKeyStore::clearRemovesTheKeyFromTheFile()
{
    const QString path = m_dir.filePath(u"clear.ini"_s);
    Settings settings(path);
    ApiKeyStore store(&settings);
    store.setServiceName(u"Lead Viewer tests"_s);
    store.save(Key);
    QVERIFY(waitFor(store));
    QVERIFY(contents(path).contains(Key.toUtf8()));
    store.clear();
    QVERIFY(waitFor(store));
    QCOMPARE(store.location(), ApiKeyStore::Location::None);
    QVERIFY(store.key().isEmpty());
    QVERIFY(!contents(path).contains(Key.toUtf8()));
}

void TestApiKeyStore::keyFile_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("expected"); // the key, or "error: ..."
    QTest::newRow("one line") << QByteArray("sp_live_abc\n") << u"sp_live_abc"_s;
    QTest::newRow("no newline, spaces") << QByteArray("  sp_live_abc  ") << u"sp_live_abc"_s;
    QTest::newRow("comments and blank lines first")
        << QByteArray("# SendPilot key\n\n sp_live_abc\nsecond\n") << u"sp_live_abc"_s;
    QTest::newRow("CRLF") << QByteArray("sp_live_abc\r\n") << u"sp_live_abc"_s;
    QTest::newRow("empty") << QByteArray() << u"error: holds no key"_s;
    QTest::newRow("only comments") << QByteArray("# nothing\n") << u"error: holds no key"_s;
}

void TestApiKeyStore::keyFile()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()) + u".key"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(contents);
    file.close();
    QString error;
    const QString key = ApiKeyStore::readKeyFile(path, &error);
    if (expected.startsWith(u"error: "_s)) {
        QVERIFY(key.isEmpty());
        QVERIFY2(error.contains(expected.mid(7)), qPrintable(error));
    } else {
        QCOMPARE(key, expected);
    }
    QString missingError;
    QVERIFY(ApiKeyStore::readKeyFile(m_dir.filePath(u"absent.key"_s), &missingError).isEmpty());
    QVERIFY(missingError.contains(u"Cannot read"_s));
}

QTEST_GUILESS_MAIN(TestApiKeyStore)
#include "tst_apikeystore.moc"
