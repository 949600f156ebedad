// SPDX-License-Identifier: MIT
#include "models/storewatcher.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

StoreWatcher::StoreWatcher(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(DefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StoreWatcher::poll);
}

void StoreWatcher::setDatabase(const QSqlDatabase &db)
{
    m_db = db;
    m_version = m_db.isOpen() ? dataVersion() : -1;
    if (m_db.isOpen())
        m_timer.start();
    else
        m_timer.stop();
}

void StoreWatcher::setInterval(int ms)
{
    m_timer.setInterval(ms);
}

qint64 StoreWatcher::dataVersion() const
{
    QSqlQuery query(m_db);
    if (!query.exec(u"PRAGMA data_version"_s) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

void StoreWatcher::poll()
{
    if (!m_db.isOpen())
        return;
    const qint64 version = dataVersion();
    if (version < 0 || version == m_version)
        return;
    m_version = version;
    Q_EMIT changed();
}
