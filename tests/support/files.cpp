// SPDX-License-Identifier: MIT
#include "files.h"

#include <QFile>

#include <sys/stat.h>

namespace TestSupport {

int fileMode(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

} // namespace TestSupport
