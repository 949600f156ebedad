// SPDX-License-Identifier: MIT
#include "checks.h"

#include <QDebug>

using namespace Qt::StringLiterals;

namespace TestSupport {

void fail(const QString &message, const char *file, int line)
{
    const QString text
        = message + u" ("_s + QString::fromUtf8(file) + u':' + QString::number(line) + u')';
    qWarning().noquote() << text;
    throw CheckFailed(text.toStdString());
}

} // namespace TestSupport
