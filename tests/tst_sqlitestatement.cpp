// SPDX-License-Identifier: MIT
#include "store/sqlitestatement.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <limits>
#include <thread>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Sqlite::Statement::ColumnType)

class TestSqliteStatement final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void handleOfQtConnection();
    void prepareFailsWithErrorText();
    void bindVariant_data();
    void bindVariant();
    void unsignedAboveInt64IsRefused();
    void bindAllAndTypedBinds();
    void staticBindingIsClearedByExec();
    void execHandsTheRow();
    void stepDoneAndError();
    void interruptFromAnotherThread();
    void bindColumnCopiesAValue();
    void ownConnections();
    void moveKeepsTheStatement();
    void localeCollations();

private:
    QTemporaryDir m_dir;
    QSqlDatabase m_qdb;
    sqlite3 *m_db = nullptr;
};

void TestSqliteStatement::init()
{
    QVERIFY(m_dir.isValid());
    m_qdb = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"stmt"_s);
    m_qdb.setDatabaseName(m_dir.filePath(u"t.db"_s));
    QVERIFY(m_qdb.open());
    m_db = Sqlite::handle(m_qdb);
    QVERIFY(m_db);
    QVERIFY(Sqlite::exec(m_db, "DROP TABLE IF EXISTS t; CREATE TABLE t (v)"));
}

void TestSqliteStatement::cleanup()
{
    m_db = nullptr;
    m_qdb.close();
    m_qdb = {};
    QSqlDatabase::removeDatabase(u"stmt"_s);
}

void TestSqliteStatement::handleOfQtConnection()
{
    QCOMPARE(Sqlite::handle(QSqlDatabase()), nullptr);
    QSqlDatabase closed = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"closed"_s);
    QCOMPARE(Sqlite::handle(closed), nullptr);
    closed = {};
    QSqlDatabase::removeDatabase(u"closed"_s);

    // The handle is the Qt connection's own: a row written through it is seen by QSqlQuery.
    Sqlite::Statement insert(m_db, "INSERT INTO t (v) VALUES (42)");
    QVERIFY2(insert.exec(), qPrintable(insert.errorText()));
    QCOMPARE(Sqlite::changes(m_db), 1);
    QCOMPARE(Sqlite::lastInsertRowId(m_db), 1);
    QSqlQuery query(m_qdb);
    QVERIFY(query.exec(u"SELECT v FROM t"_s) && query.next());
    QCOMPARE(query.value(0).toInt(), 42);
    QVERIFY(Sqlite::isAutocommit(m_db));
}

void TestSqliteStatement::prepareFailsWithErrorText()
{
    Sqlite::Statement statement;
    QVERIFY(!statement.prepare(m_db, "SELECT * FROM missing"));
    QVERIFY(!statement.isValid());
    QVERIFY2(statement.errorText().contains(u"no such table: missing"_s),
             qPrintable(statement.errorText()));
    QVERIFY(!statement.prepare(nullptr, "SELECT 1"));
    QVERIFY(!statement.prepare(m_db, "  -- nothing"));
    QVERIFY(!statement.errorText().isEmpty());
    QString error;
    QVERIFY(!Sqlite::exec(m_db, "NOT SQL", &error));
    QVERIFY(error.contains(u"syntax error"_s));
}

void TestSqliteStatement::bindVariant_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("storedType"); // SQLite's typeof()
    QTest::addColumn<QVariant>("readBack"); // Statement::value()

    QTest::newRow("null") << QVariant() << u"null"_s << QVariant();
    QTest::newRow("null int") << QVariant(QMetaType::fromType<int>()) << u"null"_s << QVariant();
    QTest::newRow("bool") << QVariant(true) << u"integer"_s << QVariant(qint64(1));
    QTest::newRow("char") << QVariant::fromValue(char(7)) << u"integer"_s << QVariant(qint64(7));
    QTest::newRow("schar") << QVariant::fromValue(qint8(-8)) << u"integer"_s
                           << QVariant(qint64(-8));
    QTest::newRow("uchar") << QVariant::fromValue(quint8(255)) << u"integer"_s
                           << QVariant(qint64(255));
    QTest::newRow("short") << QVariant::fromValue(qint16(-300)) << u"integer"_s
                           << QVariant(qint64(-300));
    QTest::newRow("ushort") << QVariant::fromValue(quint16(65535)) << u"integer"_s
                            << QVariant(qint64(65535));
    QTest::newRow("int") << QVariant(-5) << u"integer"_s << QVariant(qint64(-5));
    QTest::newRow("uint max") << QVariant(std::numeric_limits<uint>::max()) << u"integer"_s
                              << QVariant(qint64(std::numeric_limits<uint>::max()));
    QTest::newRow("long") << QVariant::fromValue(long(-77)) << u"integer"_s
                          << QVariant(qint64(-77));
    QTest::newRow("ulong") << QVariant::fromValue(ulong(77)) << u"integer"_s
                           << QVariant(qint64(77));
    QTest::newRow("qint64 min") << QVariant(std::numeric_limits<qint64>::min()) << u"integer"_s
                                << QVariant(std::numeric_limits<qint64>::min());
    QTest::newRow("quint64 int64 max")
        << QVariant(quint64(std::numeric_limits<qint64>::max())) << u"integer"_s
        << QVariant(std::numeric_limits<qint64>::max());
    QTest::newRow("float") << QVariant(1.5f) << u"real"_s << QVariant(1.5);
    QTest::newRow("double") << QVariant(-2.25) << u"real"_s << QVariant(-2.25);
    QTest::newRow("string") << QVariant(u"grüße"_s) << u"text"_s << QVariant(u"grüße"_s);
    QTest::newRow("empty string") << QVariant(QString()) << u"text"_s << QVariant(u""_s);
    QTest::newRow("bytes") << QVariant(QByteArray("a\0b", 3)) << u"blob"_s
                           << QVariant(QByteArray("a\0b", 3));
    QTest::newRow("empty bytes") << QVariant(QByteArray("")) << u"blob"_s << QVariant(QByteArray());
    QTest::newRow("date") << QVariant(QDate(2026, 12, 1)) << u"text"_s << QVariant(u"2026-12-01"_s);
}

void TestSqliteStatement::bindVariant()
{
    QFETCH(QVariant, value);
    QFETCH(QString, storedType);
    QFETCH(QVariant, readBack);

    Sqlite::Statement insert(m_db, "INSERT INTO t (v) VALUES (?)");
    QVERIFY(insert.isValid());
    QCOMPARE(insert.parameterCount(), 1);
    QVERIFY2(insert.bind(1, value), qPrintable(insert.errorText()));
    QVERIFY2(insert.exec(), qPrintable(insert.errorText()));

    Sqlite::Statement select(m_db, "SELECT typeof(v), v FROM t");
    QCOMPARE(select.step(), Sqlite::Step::Row);
    QCOMPARE(select.text(0), storedType);
    const QVariant read = select.value(1);
    QCOMPARE(read.isNull(), readBack.isNull());
    if (!readBack.isNull()) {
        QCOMPARE(read.metaType(), readBack.metaType());
        QCOMPARE(read, readBack);
    }
    QCOMPARE(select.step(), Sqlite::Step::Done);
}

void TestSqliteStatement::unsignedAboveInt64IsRefused()
{
    Sqlite::Statement insert(m_db, "INSERT INTO t (v) VALUES (?)");
    QVERIFY(!insert.bind(1, QVariant(std::numeric_limits<quint64>::max())));
    QVERIFY2(insert.errorText().contains(u"18446744073709551615"_s),
             qPrintable(insert.errorText()));
    QVERIFY(!insert.bind(2, QVariant(1))); // no such parameter
    QVERIFY(!insert.errorText().isEmpty());
}

void TestSqliteStatement::bindAllAndTypedBinds()
{
    QVERIFY(Sqlite::exec(m_db, "CREATE TABLE r (a, b, c, d, e, f, g, h)"));
    Sqlite::Statement insert(m_db, "INSERT INTO r VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             Sqlite::Statement::Persistence::Persistent);
    QVERIFY(insert.isValid());
    QVERIFY(insert.bindAll({qint64(1), u"two"_s}));
    QVERIFY(insert.bindTextOrNull(3, QString()));
    QVERIFY(insert.bindTextOrNull(4, u"four"_s));
    QVERIFY(insert.bindOptional(5, std::nullopt));
    QVERIFY(insert.bindOptional(6, 6));
    QVERIFY(insert.bindTime(7, QDateTime()));
    QVERIFY(insert.bindTime(8, QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC)));
    QVERIFY(insert.exec());

    QVERIFY(insert.bindAll({u"x"_s, 2.5, QVariant(), QByteArray("b"), 5, 6, 7, 8}));
    QVERIFY(insert.exec());

    Sqlite::Statement select(m_db, "SELECT a, b, c, d, e, f, g, h FROM r ORDER BY rowid");
    QCOMPARE(select.columnCount(), 8);
    QCOMPARE(select.step(), Sqlite::Step::Row);
    QCOMPARE(select.int64(0), 1);
    QCOMPARE(select.utf8(1), "two");
    QVERIFY(select.isNull(2));
    QCOMPARE(select.utf8(2), QByteArrayView());
    QCOMPARE(select.text(3), u"four"_s);
    QCOMPARE(select.columnType(4), Sqlite::Statement::ColumnType::Null);
    QCOMPARE(select.int64(5), 6);
    QVERIFY(select.isNull(6));
    QCOMPARE(select.int64(7), 1'700'000'000'123);
    QCOMPARE(select.step(), Sqlite::Step::Row);
    QCOMPARE(select.columnType(0), Sqlite::Statement::ColumnType::Text);
    QCOMPARE(select.columnType(1), Sqlite::Statement::ColumnType::Float);
    QCOMPARE(select.real(1), 2.5);
    QCOMPARE(select.columnType(3), Sqlite::Statement::ColumnType::Blob);
    QCOMPARE(select.blob(3), "b");
    QCOMPARE(select.step(), Sqlite::Step::Done);
}

void TestSqliteStatement::staticBindingIsClearedByExec()
{
    Sqlite::Statement insert(m_db, "INSERT INTO t (v) VALUES (?)");
    {
        const QString text = u"static text"_s;
        QVERIFY(insert.bindText(1, text, Sqlite::Statement::Binding::Static));
        QVERIFY(insert.exec());
    }
    {
        const QByteArray utf8 = "static utf8";
        QVERIFY(insert.bindUtf8(1, utf8, Sqlite::Statement::Binding::Static));
        QVERIFY(insert.exec());
    }
    // exec() cleared the bindings: a new run without binding stores NULL, not a dead pointer.
    QVERIFY(insert.exec());
    Sqlite::Statement select(m_db, "SELECT v FROM t ORDER BY rowid");
    QCOMPARE(select.step(), Sqlite::Step::Row);
    QCOMPARE(select.text(0), u"static text"_s);
    QCOMPARE(select.step(), Sqlite::Step::Row);
    QCOMPARE(select.text(0), u"static utf8"_s);
    QCOMPARE(select.step(), Sqlite::Step::Row);
    QVERIFY(select.isNull(0));
    QCOMPARE(select.step(), Sqlite::Step::Done);
}

void TestSqliteStatement::execHandsTheRow()
{
    Sqlite::Statement insert(m_db, "INSERT INTO t (v) VALUES (?) RETURNING rowid, v * 2");
    qint64 rowId = 0, doubled = 0;
    QVERIFY(insert.bindInt64(1, 21));
    QVERIFY(insert.exec(nullptr, [&](const Sqlite::Statement &row) {
        rowId = row.int64(0);
        doubled = row.int64(1);
    }));
    QCOMPARE(rowId, 1);
    QCOMPARE(doubled, 42);

    Sqlite::Statement lookup(m_db, "SELECT v FROM t WHERE rowid = ?");
    bool found = false;
    QVERIFY(lookup.bindInt64(1, 99));
    QVERIFY(lookup.exec(nullptr, [&](const Sqlite::Statement &) { found = true; }));
    QVERIFY(!found);
}

void TestSqliteStatement::stepDoneAndError()
{
    QVERIFY(Sqlite::exec(m_db, "CREATE TABLE u (v UNIQUE)"));
    Sqlite::Statement insert(m_db, "INSERT INTO u (v) VALUES (?)");
    QVERIFY(insert.bindInt64(1, 1));
    QCOMPARE(insert.step(), Sqlite::Step::Done);
    insert.reset(); // keeps the binding
    QCOMPARE(insert.step(), Sqlite::Step::Error);
    QVERIFY2(insert.errorText().contains(u"UNIQUE"_s), qPrintable(insert.errorText()));
    QString error;
    QVERIFY(!insert.exec(&error)); // the same value again
    QCOMPARE(error, insert.errorText());
    QVERIFY(error.contains(u"UNIQUE"_s));
}

void TestSqliteStatement::interruptFromAnotherThread()
{
    // A query that never ends on its own.
    Sqlite::Statement endless(m_db,
                              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                              " SELECT count(*) FROM n");
    QVERIFY(endless.isValid());
    std::atomic<bool> running {true};
    std::thread interrupter([&] {
        // Until the step has returned: an interrupt is only seen while a statement runs.
        while (running) {
            Sqlite::interrupt(m_db);
            std::this_thread::yield();
        }
    });
    const Sqlite::Step step = endless.step();
    running = false;
    interrupter.join();
    QCOMPARE(step, Sqlite::Step::Interrupted);
    QCOMPARE(endless.errorText(), u"interrupted"_s);
}

void TestSqliteStatement::bindColumnCopiesAValue()
{
    Sqlite::Statement source(m_db, "SELECT 'copied', 7");
    QCOMPARE(source.step(), Sqlite::Step::Row);
    Sqlite::Statement insert(m_db, "INSERT INTO t (v) VALUES (?)");
    QVERIFY(insert.bindColumn(1, source, 0));
    source.reset(); // the value was copied
    QVERIFY(insert.exec());
    Sqlite::Statement select(m_db, "SELECT v FROM t");
    QCOMPARE(select.step(), Sqlite::Step::Row);
    QCOMPARE(select.text(0), u"copied"_s);
}

void TestSqliteStatement::ownConnections()
{
    QVERIFY(Sqlite::exec(m_db, "INSERT INTO t (v) VALUES ('from qt')"));
    Sqlite::Connection reader;
    QVERIFY(reader.openReadOnly(m_dir.filePath(u"t.db"_s)));
    Sqlite::Statement select(reader.get(), "SELECT v FROM t");
    QCOMPARE(select.step(), Sqlite::Step::Row);
    QCOMPARE(select.text(0), u"from qt"_s);
    select.finalize();
    QString error;
    QVERIFY(!Sqlite::exec(reader.get(), "INSERT INTO t (v) VALUES (1)", &error));
    QVERIFY2(error.contains(u"readonly"_s), qPrintable(error));

    Sqlite::Connection missing;
    QVERIFY(!missing.openReadOnly(m_dir.filePath(u"missing.db"_s)));
    QVERIFY(!missing.isOpen());

    Sqlite::Connection memory;
    QVERIFY(memory.openMemory());
    QVERIFY(Sqlite::exec(memory.get(), "CREATE TABLE m (x); INSERT INTO m VALUES (3)"));
    Sqlite::Statement count(memory.get(), "SELECT x FROM m");
    QCOMPARE(count.step(), Sqlite::Step::Row);
    QCOMPARE(count.int64(0), 3);
}

void TestSqliteStatement::moveKeepsTheStatement()
{
    Sqlite::Statement first(m_db, "SELECT 5");
    Sqlite::Statement second = std::move(first);
    QVERIFY(!first.isValid());
    QVERIFY(second.isValid());
    QCOMPARE(second.step(), Sqlite::Step::Row);
    QCOMPARE(second.int64(0), 5);
    Sqlite::Statement third;
    third = std::move(second);
    QCOMPARE(third.connection(), m_db);
    third.reset();
    QCOMPARE(third.step(), Sqlite::Step::Row);
}

void TestSqliteStatement::localeCollations()
{
    // Any lv_locale_<locale> collation is made when first used; other unknown names still fail.
    Sqlite::Connection memory;
    QVERIFY(memory.openMemory());
    Sqlite::registerLocaleCollations(memory.get());
    QVERIFY(Sqlite::exec(memory.get(),
                         "CREATE TABLE n (id INTEGER PRIMARY KEY, name TEXT);"
                         "INSERT INTO n (name) VALUES ('Zoe'), ('Łukasz'), ('Lukas'), ('ALICE'),"
                         " ('alice'), ('Aïcha'), (''), ('Ćwik'), ('Cyryl'), ('Mateusz')"));
    const auto order = [&](const char *sql) {
        QStringList names;
        Sqlite::Statement select(memory.get(), sql);
        if (!select.isValid())
            return QStringList {select.errorText()};
        while (select.step() == Sqlite::Step::Row)
            names.append(select.text(0));
        return names;
    };
    QCOMPARE(order("SELECT name FROM n ORDER BY name COLLATE lv_locale_pl_PL, id"),
             (QStringList {u""_s, u"Aïcha"_s, u"ALICE"_s, u"alice"_s, u"Cyryl"_s, u"Ćwik"_s,
                           u"Lukas"_s, u"Łukasz"_s, u"Mateusz"_s, u"Zoe"_s}));
    // Case ties (then by id, descending here); English reads Ć as C.
    QCOMPARE(order("SELECT name FROM n ORDER BY name COLLATE lv_locale_en_US DESC, id DESC"),
             (QStringList {u"Zoe"_s, u"Mateusz"_s, u"Łukasz"_s, u"Lukas"_s, u"Cyryl"_s, u"Ćwik"_s,
                           u"alice"_s, u"ALICE"_s, u"Aïcha"_s, u""_s}));
    const QStringList unknown = order("SELECT name FROM n ORDER BY name COLLATE other");
    QCOMPARE(unknown.size(), 1);
    QVERIFY2(unknown[0].contains(u"no such collation sequence"_s), qPrintable(unknown[0]));
}

QTEST_GUILESS_MAIN(TestSqliteStatement)
#include "tst_sqlitestatement.moc"
