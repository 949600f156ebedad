// SPDX-License-Identifier: MIT
#include "models/jsontreemodel.h"

#include "models/modelroles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <vector>

using namespace Qt::StringLiterals;

// A node keeps its value; its children are created on the first rowCount()/index() that needs
// them, so a 10,000-element array costs nothing until expanded.
struct JsonTreeModel::Node
{
    Node *parent = nullptr;
    int row = 0;
    QString key;
    QJsonValue value;
    bool populated = false;
    std::vector<std::unique_ptr<Node>> children;

    int childCount() const
    {
        if (value.isArray())
            return int(value.toArray().size());
        if (value.isObject())
            return int(value.toObject().size());
        return 0;
    }

    void populate()
    {
        if (populated)
            return;
        populated = true;
        const auto add = [this](const QString &childKey, const QJsonValue &childValue) {
            auto child = std::make_unique<Node>();
            child->parent = this;
            child->row = int(children.size());
            child->key = childKey;
            child->value = childValue;
            children.push_back(std::move(child));
        };
        if (value.isArray()) {
            const QJsonArray array = value.toArray();
            children.reserve(size_t(array.size()));
            for (qsizetype i = 0; i < array.size(); ++i)
                add(u"[%1]"_s.arg(i), array.at(i));
        } else if (value.isObject()) {
            const QJsonObject object = value.toObject();
            children.reserve(size_t(object.size()));
            for (auto it = object.begin(); it != object.end(); ++it)
                add(it.key(), it.value());
        }
    }
};

namespace {

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"boolean"_s;
    case QJsonValue::Double:
        return u"number"_s;
    case QJsonValue::String:
        return u"string"_s;
    case QJsonValue::Array:
        return u"array"_s;
    case QJsonValue::Object:
        return u"object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QString valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Array:
        return u"[%1]"_s.arg(value.toArray().size());
    case QJsonValue::Object:
        return u"{%1}"_s.arg(value.toObject().size());
    default: {
        // Scalars as JSON text: strings quoted and escaped, numbers as JSON writes them.
        const QByteArray wrapped = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
    }
    }
}

} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{ }

JsonTreeModel::~JsonTreeModel() = default;

JsonTreeModel::Parsed JsonTreeModel::parse(const QByteArray &json)
{
    Parsed parsed;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (doc.isNull()) {
        parsed.error = json.trimmed().isEmpty()
            ? tr("The document is empty.")
            : tr("Not JSON: %1 at offset %2.").arg(error.errorString()).arg(error.offset);
    } else {
        parsed.root = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }
    return parsed;
}

bool JsonTreeModel::setJson(const QByteArray &json)
{
    return setParsed(parse(json));
}

bool JsonTreeModel::setParsed(const Parsed &parsed)
{
    beginResetModel();
    m_root.reset();
    m_error = parsed.error;
    if (parsed.isJson()) {
        m_root = std::make_unique<Node>();
        m_root->value = parsed.root;
    }
    endResetModel();
    return m_root != nullptr;
}

QString JsonTreeModel::errorString() const
{
    return m_error;
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    Node *parentNode
        = parent.isValid() ? static_cast<Node *>(parent.internalPointer()) : m_root.get();
    parentNode->populate();
    return createIndex(row, column, parentNode->children[size_t(row)].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *node = static_cast<Node *>(child.internalPointer());
    Node *parentNode = node->parent;
    if (!parentNode || parentNode == m_root.get())
        return {};
    return createIndex(parentNode->row, 0, parentNode);
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!m_root)
        return 0;
    if (!parent.isValid())
        return m_root->childCount();
    if (parent.column() != 0)
        return 0;
    return static_cast<const Node *>(parent.internalPointer())->childCount();
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *node = static_cast<const Node *>(index.internalPointer());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Key:
            return node->key;
        case Value:
            return valueText(node->value);
        case Type:
            return typeName(node->value);
        default:
            return {};
        }
    case ModelRoles::RawValueRole:
        return index.column() == Key ? QVariant(node->key) : node->value.toVariant();
    default:
        return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case Key:
        return tr("Key");
    case Value:
        return tr("Value");
    case Type:
        return tr("Type");
    default:
        return {};
    }
}
