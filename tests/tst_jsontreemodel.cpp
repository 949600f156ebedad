// SPDX-License-Identifier: MIT
#include "models/jsontreemodel.h"
#include "models/modelroles.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class TestJsonTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void emptyModel();
    void object();
    void scalars_data();
    void scalars();
    void array();
    void nested();
    void invalidJson_data();
    void invalidJson();
    void validAfterInvalidClearsError();
    void lazyChildren();
    void largeArray();

private:
    QString cell(const QModelIndex &parent, int row, int column) const
    {
        return m_model->data(m_model->index(row, column, parent)).toString();
    }

    JsonTreeModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TestJsonTreeModel::init()
{
    m_model = new JsonTreeModel;
    m_tester = new QAbstractItemModelTester(m_model,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestJsonTreeModel::cleanup()
{
    delete m_tester;
    delete m_model;
}

void TestJsonTreeModel::emptyModel()
{
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->columnCount(), 3);
    QVERIFY(m_model->errorString().isEmpty());
    QCOMPARE(m_model->headerData(JsonTreeModel::Key, Qt::Horizontal).toString(), u"Key"_s);
    QCOMPARE(m_model->headerData(JsonTreeModel::Value, Qt::Horizontal).toString(), u"Value"_s);
    QCOMPARE(m_model->headerData(JsonTreeModel::Type, Qt::Horizontal).toString(), u"Type"_s);
}

void TestJsonTreeModel::object()
{
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QVERIFY(m_model->setJson(R"({"name": "Ada", "age": 36, "tags": ["a", "b"], "x": {}})"));
    QCOMPARE(reset.size(), 1);
    QVERIFY(m_model->errorString().isEmpty());
    QCOMPARE(m_model->rowCount(), 4);
    // QJsonObject keeps its keys sorted.
    QCOMPARE(cell({}, 0, JsonTreeModel::Key), u"age"_s);
    QCOMPARE(cell({}, 0, JsonTreeModel::Value), u"36"_s);
    QCOMPARE(cell({}, 0, JsonTreeModel::Type), u"number"_s);
    QCOMPARE(cell({}, 1, JsonTreeModel::Key), u"name"_s);
    QCOMPARE(cell({}, 1, JsonTreeModel::Value), u"\"Ada\""_s);
    QCOMPARE(cell({}, 1, JsonTreeModel::Type), u"string"_s);
    QCOMPARE(cell({}, 2, JsonTreeModel::Key), u"tags"_s);
    QCOMPARE(cell({}, 2, JsonTreeModel::Value), u"[2]"_s);
    QCOMPARE(cell({}, 2, JsonTreeModel::Type), u"array"_s);
    QCOMPARE(cell({}, 3, JsonTreeModel::Value), u"{0}"_s);
    QCOMPARE(cell({}, 3, JsonTreeModel::Type), u"object"_s);
    const QModelIndex x = m_model->index(3, 0);
    QVERIFY(!m_model->hasChildren(x));
    QCOMPARE(m_model->rowCount(x), 0);
    // Raw values: the key for column 0, the value as a QVariant otherwise.
    QCOMPARE(
        m_model->data(m_model->index(0, JsonTreeModel::Value), ModelRoles::RawValueRole).toInt(),
        36);
    QCOMPARE(
        m_model->data(m_model->index(0, JsonTreeModel::Key), ModelRoles::RawValueRole).toString(),
        u"age"_s);
    QCOMPARE(m_model->data(m_model->index(1, JsonTreeModel::Value), Qt::ToolTipRole).toString(),
             u"\"Ada\""_s);
    // Only column 0 has children.
    QCOMPARE(m_model->rowCount(m_model->index(2, 0)), 2);
    QCOMPARE(m_model->rowCount(m_model->index(2, 1)), 0);
}

void TestJsonTreeModel::scalars_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("type");
    QTest::newRow("integer") << QByteArray("42") << u"42"_s << u"number"_s;
    QTest::newRow("negative") << QByteArray("-7") << u"-7"_s << u"number"_s;
    QTest::newRow("double") << QByteArray("1.5") << u"1.5"_s << u"number"_s;
    QTest::newRow("true") << QByteArray("true") << u"true"_s << u"boolean"_s;
    QTest::newRow("false") << QByteArray("false") << u"false"_s << u"boolean"_s;
    QTest::newRow("null") << QByteArray("null") << u"null"_s << u"null"_s;
    QTest::newRow("string") << QByteArray(R"("hi")") << u"\"hi\""_s << u"string"_s;
    QTest::newRow("escaped") << QByteArray(R"("a\"b\\c\nd")") << uR"("a\"b\\c\nd")"_s
                             << u"string"_s;
    QTest::newRow("unicode") << QByteArray(R"("Zo\u00eb")") << u"\"Zoë\""_s << u"string"_s;
    QTest::newRow("empty string") << QByteArray(R"("")") << u"\"\""_s << u"string"_s;
}

void TestJsonTreeModel::scalars()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, value);
    QFETCH(QString, type);
    QVERIFY(m_model->setJson("{\"k\": " + json + "}"));
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(cell({}, 0, JsonTreeModel::Key), u"k"_s);
    QCOMPARE(cell({}, 0, JsonTreeModel::Value), value);
    QCOMPARE(cell({}, 0, JsonTreeModel::Type), type);
    QVERIFY(!m_model->hasChildren(m_model->index(0, 0)));
    // In an array too.
    QVERIFY(m_model->setJson("[" + json + "]"));
    QCOMPARE(cell({}, 0, JsonTreeModel::Key), u"[0]"_s);
    QCOMPARE(cell({}, 0, JsonTreeModel::Value), value);
}

void TestJsonTreeModel::array()
{
    QVERIFY(m_model->setJson(R"([1, "two", null, [3], {"four": 4}])"));
    QCOMPARE(m_model->rowCount(), 5);
    for (int row = 0; row < 5; ++row)
        QCOMPARE(cell({}, row, JsonTreeModel::Key), u"[%1]"_s.arg(row));
    QCOMPARE(cell({}, 1, JsonTreeModel::Value), u"\"two\""_s);
    QCOMPARE(cell({}, 2, JsonTreeModel::Type), u"null"_s);
    QCOMPARE(cell({}, 3, JsonTreeModel::Value), u"[1]"_s);
    QCOMPARE(cell({}, 4, JsonTreeModel::Value), u"{1}"_s);
    QVERIFY(m_model->setJson("[]"));
    QCOMPARE(m_model->rowCount(), 0);
}

void TestJsonTreeModel::nested()
{
    QVERIFY(m_model->setJson(R"({"data": {"leads": [{"name": "A", "skills": ["x", "y", "z"]},
                                                   {"name": "B", "skills": []}]}})"));
    const QModelIndex data = m_model->index(0, 0);
    QCOMPARE(data.data().toString(), u"data"_s);
    QCOMPARE(m_model->parent(data), QModelIndex());
    QCOMPARE(m_model->rowCount(data), 1);
    const QModelIndex leads = m_model->index(0, 0, data);
    QCOMPARE(leads.data().toString(), u"leads"_s);
    QCOMPARE(m_model->parent(leads), data);
    QCOMPARE(m_model->rowCount(leads), 2);
    const QModelIndex second = m_model->index(1, 0, leads);
    QCOMPARE(second.data().toString(), u"[1]"_s);
    QCOMPARE(m_model->parent(second), leads);
    QCOMPARE(cell(second, 0, JsonTreeModel::Value), u"\"B\""_s);
    const QModelIndex skills = m_model->index(1, 0, m_model->index(0, 0, leads));
    QCOMPARE(skills.data().toString(), u"skills"_s);
    QCOMPARE(m_model->rowCount(skills), 3);
    const QModelIndex z = m_model->index(2, JsonTreeModel::Value, skills);
    QCOMPARE(z.data().toString(), u"\"z\""_s);
    // Parents are always column 0, whatever column the child is in.
    QCOMPARE(m_model->parent(z), skills);
    QCOMPARE(m_model->parent(skills).parent().parent(), data);
    // Out of range: invalid.
    QVERIFY(!m_model->index(3, 0, skills).isValid());
    QVERIFY(!m_model->index(0, 3, skills).isValid());
}

void TestJsonTreeModel::invalidJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("truncated") << QByteArray(R"({"a": [1, 2)");
    QTest::newRow("garbage") << QByteArray("not json");
    QTest::newRow("trailing comma") << QByteArray(R"({"a": 1,})");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("blank") << QByteArray("  \n ");
    QTest::newRow("binary") << QByteArray("\x00\x01\xff", 3);
}

void TestJsonTreeModel::invalidJson()
{
    QFETCH(QByteArray, json);
    QVERIFY(m_model->setJson(R"({"a": 1})"));
    QCOMPARE(m_model->rowCount(), 1);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QVERIFY(!m_model->setJson(json));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->errorString().isEmpty());
    if (json.trimmed().isEmpty())
        QCOMPARE(m_model->errorString(), u"The document is empty."_s);
    else
        QVERIFY2(m_model->errorString().startsWith(u"Not JSON: "_s),
                 qPrintable(m_model->errorString()));
}

void TestJsonTreeModel::validAfterInvalidClearsError()
{
    QVERIFY(!m_model->setJson("{"));
    QVERIFY(!m_model->errorString().isEmpty());
    QVERIFY(m_model->setJson("[true]"));
    QVERIFY(m_model->errorString().isEmpty());
    QCOMPARE(m_model->rowCount(), 1);
}

void TestJsonTreeModel::lazyChildren()
{
    // 2,000 objects of 50 members each: 100,000 grandchildren. Counting rows of the top level
    // and opening one object must not build the rest.
    QByteArray json = "[";
    for (int i = 0; i < 2000; ++i) {
        json += i ? ",{" : "{";
        for (int k = 0; k < 50; ++k)
            json += (k ? ",\"k" : "\"k") + QByteArray::number(k) + "\":" + QByteArray::number(i);
        json += '}';
    }
    json += ']';
    QVERIFY(m_model->setJson(json));
    QCOMPARE(m_model->rowCount(), 2000);
    const QModelIndex item = m_model->index(1234, 0);
    QCOMPARE(item.data().toString(), u"[1234]"_s);
    QCOMPARE(m_model->index(1234, JsonTreeModel::Value).data().toString(), u"{50}"_s);
    QVERIFY(m_model->hasChildren(item));
    QCOMPARE(m_model->rowCount(item), 50);
    QCOMPARE(cell(item, 0, JsonTreeModel::Key), u"k0"_s);
    QCOMPARE(cell(item, 0, JsonTreeModel::Value), u"1234"_s);
    QCOMPARE(m_model->parent(m_model->index(49, 2, item)), item);
}

void TestJsonTreeModel::largeArray()
{
    QByteArray json = "[";
    for (int i = 0; i < 10000; ++i)
        json += (i ? ",{\"i\":" : "{\"i\":") + QByteArray::number(i) + ",\"s\":\"v"
            + QByteArray::number(i) + "\"}";
    json += ']';
    QElapsedTimer timer;
    timer.start();
    QVERIFY(m_model->setJson(json));
    QCOMPARE(m_model->rowCount(), 10000);
    QCOMPARE(m_model->index(9999, JsonTreeModel::Key).data().toString(), u"[9999]"_s);
    QCOMPARE(m_model->index(0, JsonTreeModel::Key).data().toString(), u"[0]"_s);
    const QModelIndex last = m_model->index(9999, 0);
    QCOMPARE(m_model->rowCount(last), 2);
    QCOMPARE(cell(last, 0, JsonTreeModel::Value), u"9999"_s);
    QCOMPARE(cell(last, 1, JsonTreeModel::Value), u"\"v9999\""_s);
    // Every top-level row, as a view scrolling through would ask.
    for (int row = 0; row < 10000; row += 97)
        QCOMPARE(m_model->index(row, JsonTreeModel::Key).data().toString(), u"[%1]"_s.arg(row));
    // Generous on a shared debug build; a regression to quadratic would take far longer.
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(TestJsonTreeModel)
#include "tst_jsontreemodel.moc"
