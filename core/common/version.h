// SPDX-License-Identifier: MIT
#pragma once

#include <QLatin1StringView>

namespace LeadViewer {
inline constexpr QLatin1StringView Version {LEADVIEWER_VERSION};
} // namespace LeadViewer
