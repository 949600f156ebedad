// SPDX-License-Identifier: MIT
// Settings: typed keys with their defaults, one write and one signal per apply(), the file
// owner-only from its first byte, and values from a hand-edited file read sensibly.
#include "common/settings.h"

#include "files.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

using TestSupport::fileMode;

namespace {
void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
}
} // namespace

class TestSettings final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void defaults();
    void typedRoundTrip();
    void applyWritesOnceAndEmitsOnce();
    void unchangedValuesEmitNothing();
    void fileIsOwnerOnlyFromTheStart();
    void looseFileIsTightened();
    void handEditedValues_data();
    void handEditedValues();
    void uiStateKeysKeepTheirNames();
    void publicUrl_data();
    void publicUrl();

private:
    QString path() const { return m_dir->filePath(u"settings.ini"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSettings::init()
{
    ::umask(022); // a typical desktop umask: files would be world-readable unless restricted
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSettings::defaults()
{
    Settings settings(path());
    QCOMPARE(settings.listenAddress(), QHostAddress(u"127.0.0.1"_s));
    QCOMPARE(settings.listenPort(), Limits::DefaultPort);
    QCOMPARE(settings.webhookPath(), u"/webhooks/sendpilot"_s);
    QCOMPARE(settings.secrets(), QStringList());
    QCOMPARE(settings.maxBodyBytes(), Limits::DefaultMaxBodyBytes);
    QCOMPARE(settings.signatureToleranceSecs(), Limits::DefaultSignatureToleranceSecs);
    QCOMPARE(settings.remoteImages(), true);
    QCOMPARE(settings.databasePath(), QString());
    QCOMPARE(settings.publicUrl(), QString()); // no tunnel: forwarding headers not believed
    QCOMPARE(settings.value(Setting::CurrentTab), 0);
    QCOMPARE(settings.value(Setting::WindowGeometry), QByteArray());
    // Reading creates nothing.
    QVERIFY(!QFileInfo::exists(path()));
}

void TestSettings::typedRoundTrip()
{
    {
        Settings settings(path());
        settings.setListenAddress(QHostAddress(u"::1"_s));
        settings.setListenPort(9000);
        settings.setWebhookPath(u"/hook"_s);
        settings.setSecrets({u"a"_s, u"b"_s});
        settings.setMaxBodyBytes(1024);
        settings.setSignatureToleranceSecs(60);
        settings.setRemoteImages(false);
        settings.setDatabasePath(u"/tmp/x.sqlite"_s);
        settings.set(Setting::WindowGeometry, "\x01\x02\xff"_ba);
        settings.set(Setting::CurrentTab, 2);
    }
    Settings settings(path());
    QCOMPARE(settings.listenAddress(), QHostAddress(u"::1"_s));
    QCOMPARE(settings.listenPort(), 9000);
    QCOMPARE(settings.webhookPath(), u"/hook"_s);
    QCOMPARE(settings.secrets(), (QStringList {u"a"_s, u"b"_s}));
    QCOMPARE(settings.maxBodyBytes(), 1024);
    QCOMPARE(settings.signatureToleranceSecs(), 60);
    QCOMPARE(settings.remoteImages(), false);
    QCOMPARE(settings.databasePath(), u"/tmp/x.sqlite"_s);
    QCOMPARE(settings.value(Setting::WindowGeometry), "\x01\x02\xff"_ba);
    QCOMPARE(settings.value(Setting::CurrentTab), 2);
}

void TestSettings::applyWritesOnceAndEmitsOnce()
{
    Settings settings(path());
    QSignalSpy changed(&settings, &Settings::changed);
    settings.apply(SettingsChange()
                       .set(Setting::ListenPort, 9001)
                       .set(Setting::WebhookPath, u"/p"_s)
                       .set(Setting::RemoteImages, true) // the default: no change
                       .set(Setting::Secrets, QStringList {u"s"_s}));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toStringList(),
             (QStringList {u"endpoint/port"_s, u"endpoint/path"_s, u"endpoint/secrets"_s}));
    // Written (synced) by the one apply: another reader sees it at once.
    Settings other(path());
    QCOMPARE(other.listenPort(), 9001);
    QCOMPARE(other.webhookPath(), u"/p"_s);
    QCOMPARE(other.secrets(), QStringList {u"s"_s});
}

void TestSettings::unchangedValuesEmitNothing()
{
    {
        Settings settings(path());
        settings.setListenPort(9002);
    }
    Settings settings(path());
    QSignalSpy changed(&settings, &Settings::changed);
    settings.setListenPort(9002); // the file holds "9002" as text: still the same value
    settings.setRemoteImages(true); // the default
    settings.apply(SettingsChange());
    QCOMPARE(changed.size(), 0);
    settings.setListenPort(9003);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toStringList(), QStringList {u"endpoint/port"_s});
}

void TestSettings::fileIsOwnerOnlyFromTheStart()
{
    const QString nested = m_dir->filePath(u"sub/dir/settings.ini"_s);
    {
        Settings settings(nested);
        settings.setSecrets({u"secret"_s});
        QCOMPARE(fileMode(nested), 0600);
    }
    QCOMPARE(fileMode(nested), 0600);
    QVERIFY(QFile(nested).size() > 0);
}

void TestSettings::looseFileIsTightened()
{
    writeFile(path(), "[endpoint]\nport=8787\n");
    QVERIFY(QFile::setPermissions(
        path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QCOMPARE(fileMode(path()), 0644);
    Settings settings(path());
    QCOMPARE(settings.listenPort(), 8787);
    settings.setSecrets({u"secret"_s});
    QCOMPARE(fileMode(path()), 0600);
}

void TestSettings::handEditedValues_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<int>("port");
    QTest::addColumn<qint64>("maxBody");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("secrets");
    const int dp = Limits::DefaultPort;
    const qint64 db = Limits::DefaultMaxBodyBytes;
    QTest::newRow("empty file") << QByteArray() << dp << db << u"/webhooks/sendpilot"_s
                                << QStringList();
    QTest::newRow("port not a number")
        << "[endpoint]\nport=abc\n"_ba << dp << db << u"/webhooks/sendpilot"_s << QStringList();
    QTest::newRow("port out of range")
        << "[endpoint]\nport=70000\n"_ba << dp << db << u"/webhooks/sendpilot"_s << QStringList();
    QTest::newRow("negative body limit") << "[endpoint]\nmaxBodyBytes=-5\n"_ba << dp << db
                                         << u"/webhooks/sendpilot"_s << QStringList();
    QTest::newRow("path without slash")
        << "[endpoint]\npath=hook\n"_ba << dp << db << u"/hook"_s << QStringList();
    QTest::newRow("one secret, blanks dropped")
        << "[endpoint]\nsecrets=\" s1 \"\n"_ba << dp << db << u"/webhooks/sendpilot"_s
        << QStringList {u"s1"_s};
    QTest::newRow("two secrets") << "[endpoint]\nsecrets=a, , b\n"_ba << dp << db
                                 << u"/webhooks/sendpilot"_s << QStringList {u"a"_s, u"b"_s};
}

void TestSettings::handEditedValues()
{
    QFETCH(QByteArray, ini);
    QFETCH(int, port);
    QFETCH(qint64, maxBody);
    QFETCH(QString, path);
    QFETCH(QStringList, secrets);
    writeFile(this->path(), ini);
    Settings settings(this->path());
    QCOMPARE(int(settings.listenPort()), port);
    QCOMPARE(settings.maxBodyBytes(), maxBody);
    QCOMPARE(settings.webhookPath(), path);
    QCOMPARE(settings.secrets(), secrets);
}

// Files written by earlier versions keep their window state.
void TestSettings::uiStateKeysKeepTheirNames()
{
    writeFile(path(), "[ui]\nmainWindow\\tab=3\nexport\\directory=/home/x\n"_ba);
    Settings settings(path());
    QCOMPARE(settings.value(Setting::CurrentTab), 3);
    QCOMPARE(settings.value(Setting::ExportDirectory), u"/home/x"_s);
}

void TestSettings::publicUrl_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<QString>("read");

    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("https") << u"https://example.trycloudflare.com"_s
                           << u"https://example.trycloudflare.com"_s;
    QTest::newRow("http, path, spaces")
        << u"  http://abc.ngrok.app/x  "_s << u"http://abc.ngrok.app/x"_s;
    QTest::newRow("no scheme") << u"example.trycloudflare.com"_s << QString();
    QTest::newRow("other scheme") << u"ftp://example.com"_s << QString();
    QTest::newRow("no host") << u"https://"_s << QString();
}

void TestSettings::publicUrl()
{
    QFETCH(QString, stored);
    QFETCH(QString, read);
    {
        Settings settings(path());
        settings.set(Setting::PublicUrl, stored); // as a hand-edited file would hold it
    }
    Settings settings(path());
    QCOMPARE(settings.publicUrl(), read);
    QCOMPARE(Settings::isValidPublicUrl(stored), !read.isEmpty() || stored.trimmed().isEmpty());
    QCOMPARE(QString::fromLatin1(Setting::PublicUrl.key), u"endpoint/publicUrl"_s);
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
