// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractItemModel>
#include <QJsonValue>
#include <memory>

/*!
    A JSON document as a collapsible tree: column 0 the key (or [index]), column 1 the value
    (scalars as JSON text; objects and arrays as "{n}" / "[n]"), column 2 the type. Large
    arrays are fine: children are created when first asked for.
*/
class JsonTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonTreeModel)

public:
    enum Column { Key, Value, Type, ColumnCount };

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    /// A document parsed, on any thread, for setParsed().
    struct Parsed
    {
        QJsonValue root; ///< an object or an array; undefined when the text is not JSON
        QString error; ///< why it is not, in words
        bool isJson() const { return root.isObject() || root.isArray(); }
    };
    /// Parses \a json (thread-safe: QJsonDocument is reentrant). A body of 64 MiB takes
    /// seconds; the inspector parses on a worker and hands the result to setParsed().
    static Parsed parse(const QByteArray &json);

    /// False (and an empty model) when \a json is not a JSON document; see errorString().
    bool setJson(const QByteArray &json);
    /// Shows \a parsed; false (and an empty model) when it is not JSON.
    bool setParsed(const Parsed &parsed);
    QString errorString() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Node;
    std::unique_ptr<Node> m_root;
    QString m_error;
};
