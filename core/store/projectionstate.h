// SPDX-License-Identifier: MIT
#pragma once

#include <QLatin1StringView>
#include <QStringView>

/// Where an entry of the event log stands (events.projection): its campaign, leads and search
/// index rows are written by the projector after the entry was acknowledged.
enum class ProjectionState {
    Pending, ///< acknowledged, not yet (or not completely) projected
    Projected, ///< its rows are written
    Failed, ///< projecting it failed; events.projection_error says why. Re-ingest retries.
};

/// The name stored in events.projection.
constexpr QLatin1StringView projectionStateName(ProjectionState state)
{
    switch (state) {
    case ProjectionState::Pending:
        return QLatin1StringView("pending");
    case ProjectionState::Projected:
        return QLatin1StringView("projected");
    case ProjectionState::Failed:
        return QLatin1StringView("failed");
    }
    return QLatin1StringView("pending");
}

/// The state of a stored name; an unknown name reads as Pending, so it is projected again.
inline ProjectionState projectionStateFromName(QStringView name)
{
    if (name == projectionStateName(ProjectionState::Projected))
        return ProjectionState::Projected;
    if (name == projectionStateName(ProjectionState::Failed))
        return ProjectionState::Failed;
    return ProjectionState::Pending;
}
