// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace TestSupport {

/// The permission bits of \a path (st_mode & 07777, so 0600 reads as 0600), or -1 when it
/// cannot be read. For the checks that personal data is readable by the user only.
int fileMode(const QString &path);

} // namespace TestSupport
