// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

struct sqlite3;

/*!
    Makes a connection's committed write-ahead log durable with fdatasync() on the WAL file,
    outside SQLite's write lock. A writer that commits with synchronous=NORMAL and then calls
    sync() has the durability of synchronous=FULL (the commit's frames, and everything written
    to the log before them, are on disk when sync() returns), while another writer takes the
    lock during the disk flush. A frame that a checkpoint has copied meanwhile was made durable
    by the checkpoint's own syncs.

    Only for a connection in WAL mode; isOpen() is false otherwise, and the caller keeps
    synchronous=FULL.
*/
class WalSync
{
public:
    /// Opens \a db's "-wal" file (read-only: fdatasync needs no write access).
    explicit WalSync(sqlite3 *db);
    ~WalSync();
    WalSync(const WalSync &) = delete;
    WalSync &operator=(const WalSync &) = delete;

    bool isOpen() const { return m_fd >= 0; }
    /// fdatasync() of the log; false with \a error set if the disk refused it.
    bool sync(QString *error = nullptr);

private:
    int m_fd = -1;
};
