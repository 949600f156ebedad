// SPDX-License-Identifier: MIT
#include "store/walsync.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

WalSync::WalSync(sqlite3 *db)
{
    if (!db)
        return;
    // journal_mode is the connection's, as Database::open set it; a database that is not in
    // WAL mode has no log to sync.
    sqlite3_stmt *statement = nullptr;
    bool wal = false;
    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr) == SQLITE_OK
        && sqlite3_step(statement) == SQLITE_ROW) {
        const auto *mode = reinterpret_cast<const char *>(sqlite3_column_text(statement, 0));
        wal = mode && std::strcmp(mode, "wal") == 0;
    }
    sqlite3_finalize(statement);
    const char *path = sqlite3_db_filename(db, "main");
    if (!wal || !path || !*path)
        return;
    // sqlite3_filename_wal(): the name SQLite itself uses for the log.
    const char *walPath = sqlite3_filename_wal(path);
    if (walPath)
        m_fd = ::open(walPath, O_RDONLY | O_CLOEXEC);
}

WalSync::~WalSync()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool WalSync::sync(QString *error)
{
    if (m_fd < 0)
        return true;
    if (::fdatasync(m_fd) == 0)
        return true;
    if (error)
        *error = QString::fromLocal8Bit(std::strerror(errno));
    return false;
}
